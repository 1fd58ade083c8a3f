#!/usr/bin/env python3
"""Benchmark of the PostgreSQL archive through the product's own commands.

Starts a throwaway cluster (tools/pg-cluster.sh), loads a corpus with
`factcheck index --corpus DIR --index URL` (ingest MB/s: corpus bytes over
wall time, extraction included), then times `factcheck check --index URL`
on a draft of about 2,000 words (median of --runs; wall and CPU), the same
check against a five-article in-memory corpus (the floor: reading and
checking the draft with next to no archive), and the language server over
the database (`index = URL` in .factcheck.toml): 20 one-word edits, each
timed to its diagnostics, p50 and p95. Prints medians; no bars.

With --url an existing, already indexed database is used instead (no
cluster, no ingest): for archives too large to load on every run.

    python3 tools/pg-bench.py [--bin target/release/factcheck] [--corpus DIR]... [--runs 7]
                              [--url postgresql://…] [--skip-memory] [--skip-lsp]
"""
import argparse
import importlib.util
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
    before = os.times()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    after = os.times()
    proc.cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - start, proc


def bench_scale():
    """tools/bench-scale.py as a module (one copy of the LSP benchmark)."""
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "tools/bench-scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_lsp(binary, url, draft_text, workdir):
    """First diagnostics, then p50/p95 of one-word edits, over the database."""
    (workdir / ".factcheck.toml").write_text(f'index = "{url}"\n', encoding="utf-8")
    return bench_scale().bench_lsp(binary, None, draft_text, str(workdir))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/factcheck"))
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--url", help="an already indexed database (no cluster, no ingest)")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-lsp", action="store_true")
    args = ap.parse_args()
    corpora = args.corpus or [str(ROOT / "../shared/corpus/bbc")]
    work = Path(tempfile.mkdtemp(prefix="factcheck-pg-bench-"))
    cluster = work / "cluster"
    url = args.url
    if url is None:
        url = subprocess.run(["bash", str(ROOT / "tools/pg-cluster.sh"), "start", str(cluster)],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    try:
        if args.url is None:
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
        floor = ["--no-index", "--corpus", str(ROOT / "examples/corpus")]
        setups = [("postgresql", ["--index", url]), ("floor (5-article corpus in memory)", floor)]
        if not args.skip_memory:
            setups.append(("memory", ["--no-index"] + sum((["--corpus", c] for c in corpora), [])))
        for label, extra in setups:
            times, cpus = [], []
            for _ in range(args.runs):
                secs, proc = timed([args.bin, "check", "--fail-on", "never"] + extra + [str(draft)])
                if proc.returncode != 0:
                    sys.exit(proc.stderr)
                times.append(secs)
                cpus.append(proc.cpu)
            print(f"check of a {words}-word draft, {label}: median {statistics.median(times) * 1000:.0f} ms "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {args.runs} runs; "
                  f"CPU median {statistics.median(cpus) * 1000:.0f} ms)")
        if not args.skip_lsp:
            lsp_dir = work / "lsp"
            lsp_dir.mkdir()
            first, p50, p95 = bench_lsp(args.bin, url, text, lsp_dir)
            print(f"lsp over postgresql: first diagnostics {first:.2f} s; "
                  f"re-check after an edit p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (20 edits)")
        with open("/proc/loadavg") as f:
            print(f"load average during the run: {f.read().split()[0]}")
    finally:
        if args.url is None:
            subprocess.run(["bash", str(ROOT / "tools/pg-cluster.sh"), "stop", str(cluster)])
        subprocess.run(["rm", "-rf", str(work)])


if __name__ == "__main__":
    main()
