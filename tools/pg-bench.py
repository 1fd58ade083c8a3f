#!/usr/bin/env python3
"""Benchmark of the PostgreSQL archive through the product's own commands.

Starts a throwaway cluster (tools/pg-cluster.sh), loads a corpus with
`factcheck index --corpus DIR --index URL` (ingest MB/s: corpus bytes over
wall time, extraction included), then times `factcheck check --index URL`
on a draft of about 2,000 words (median of --runs), and the same check
from the in-memory index for comparison. Prints medians; no bars.

    python3 tools/pg-bench.py [--bin target/release/factcheck] [--corpus DIR]... [--runs 7]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_bytes(paths):
    total = 0
    for p in paths:
        for dirpath, _, files in os.walk(p):
            total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def draft_of_words(corpus, words):
    """A draft of about `words` words made of the corpus's own sentences
    (the product's check sees the archive's facts in another article)."""
    out, n = [], 0
    for path in sorted(p for p in Path(corpus).rglob("*") if p.suffix in (".md", ".txt")):
        for para in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            if para.startswith("---") or para.startswith("#"):
                continue
            out.append(para.strip())
            n += len(para.split())
            if n >= words:
                return "\n\n".join(out) + "\n", n
    return "\n\n".join(out) + "\n", n


def timed(cmd, **kw):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/factcheck"))
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    corpora = args.corpus or [str(ROOT / "../shared/corpus/bbc")]
    work = Path(tempfile.mkdtemp(prefix="factcheck-pg-bench-"))
    cluster = work / "cluster"
    url = subprocess.run(["bash", str(ROOT / "tools/pg-cluster.sh"), "start", str(cluster)],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    try:
        size = corpus_bytes(corpora)
        cmd = [args.bin, "index"] + sum((["--corpus", c] for c in corpora), []) + ["--index", url]
        secs, proc = timed(cmd)
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        print(f"ingest: {size / 1e6:.1f} MB in {secs:.2f} s = {size / 1e6 / secs:.2f} MB/s "
              f"(load + extraction + publishing)")
        secs2, proc = timed([args.bin, "index", "--index", url])
        print(f"index again, nothing changed: {secs2:.2f} s")
        text, words = draft_of_words(corpora[0], 2000)
        draft = work / "draft.md"
        draft.write_text(text, encoding="utf-8")
        for label, extra in (("postgresql", ["--index", url]),
                             ("memory", ["--no-index"] + sum((["--corpus", c] for c in corpora), []))):
            times = []
            for _ in range(args.runs):
                secs, proc = timed([args.bin, "check", "--fail-on", "never"] + extra + [str(draft)])
                if proc.returncode != 0:
                    sys.exit(proc.stderr)
                times.append(secs)
            print(f"check of a {words}-word draft, {label}: median {statistics.median(times) * 1000:.0f} ms "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs)")
    finally:
        subprocess.run(["bash", str(ROOT / "tools/pg-cluster.sh"), "stop", str(cluster)])
        subprocess.run(["rm", "-rf", str(work)])


if __name__ == "__main__":
    main()
