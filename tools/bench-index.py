#!/usr/bin/env python3
"""Persisted-index benchmark: medians of wall time and peak memory (RSS) of
the product's own commands over one corpus.

For CORPUS (repeatable) and a DRAFT it measures, --runs times each:
  index      `factcheck index --rebuild` (a full build)
  check      `factcheck check` against the fresh index
  no-index   `factcheck check --no-index` (reads the whole corpus, as before)
  update     `factcheck check` after one corpus file changed (a sentence
             is appended to it)
  reindex    `factcheck index` after one corpus file changed (the same)
--steps picks some of them (at 100,000 articles `no-index` reads the whole
archive on every run).
The corpora are copied into a scratch directory first (the originals are
never written), and the index goes there too. Needs /usr/bin/time.

Usage: tools/bench-index.py --corpus DIR [--corpus DIR] --draft FILE
       [--bin target/release/factcheck] [--runs 3]
       [--steps index,check,no-index,update,reindex]
"""

import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile


def timed(cmd):
    """Wall seconds and peak RSS (MB) of one run."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def corpus_bytes(paths):
    return sum(f.stat().st_size for p in paths for f in pathlib.Path(p).rglob("*") if f.is_file())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append", required=True)
    ap.add_argument("--draft", required=True)
    ap.add_argument("--bin", default="target/release/factcheck")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--steps", default="index,check,no-index,update,reindex")
    a = ap.parse_args()
    steps = a.steps.split(",")
    unknown = set(steps) - {"index", "check", "no-index", "update", "reindex"}
    if unknown or steps[0] != "index":
        sys.exit(f"--steps: unknown {sorted(unknown)}, or not led by index")
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="bench-index-"))
    index = scratch / "index"
    corpus = []
    copies = []
    for i, c in enumerate(a.corpus):
        copy = scratch / f"corpus{i}"
        shutil.copytree(c, copy)
        copies.append(copy)
        corpus += ["--corpus", str(copy)]
    check = [a.bin, "check", "--format", "json", "--fail-on", "never"] + corpus
    victim = next(f for f in sorted(copies[0].rglob("*")) if f.is_file())
    rows = {}
    try:
        for name in steps:
            samples = []
            for _ in range(a.runs):
                if name in ("update", "reindex"):
                    # A sentence, so that the article's content changes and
                    # is extracted again.
                    with open(victim, "a", encoding="utf-8") as f:
                        f.write("\nOne more sentence was added to this article.\n")
                if name == "index":
                    cmd = [a.bin, "index", "--rebuild", "--index", str(index)] + corpus
                elif name == "reindex":
                    cmd = [a.bin, "index", "--index", str(index)] + corpus
                elif name == "no-index":
                    cmd = check + ["--no-index", a.draft]
                else:
                    cmd = check + ["--index", str(index), a.draft]
                samples.append(timed(cmd))
            rows[name] = samples
        mb = corpus_bytes(a.corpus) / 1e6
        size = sum(f.stat().st_size for f in index.iterdir()) / 1e6
    finally:
        shutil.rmtree(scratch)
    print(f"corpus {mb:.1f} MB; index {size:.1f} MB; {a.runs} runs; medians")
    print(f"{'step':<10} {'wall s':>8} {'peak RSS MB':>12}")
    for name, samples in rows.items():
        wall = statistics.median(s[0] for s in samples)
        rss = statistics.median(s[1] for s in samples)
        print(f"{name:<10} {wall:>8.2f} {rss:>12.0f}")


if __name__ == "__main__":
    main()
