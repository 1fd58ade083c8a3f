#!/usr/bin/env python3
"""Hostile sizes through the product path: time and peak memory of each case
of issue 9's "linear time" list, run by the release binary.

Every input is generated at run time into a temporary folder (nothing big is
committed, no corpus text is copied); the sentences are our own. Cases:

  corpus-line-1m     a 1.0 MB corpus file on one line of full sentences (just
                     under the 1 MiB article limit), checked against a draft
  corpus-line-1m-nodot  the same size with no full stop at all
  corpus-line-5m     a 5.6 MB one-line file: over the limit, must be refused
                     with a message naming the file
  corpus-50m-digits  a 50 MB line of `1.1.` (≤ 10 s and ≤ 1 GB, or refused)
  corpus-50m-jsonl   one 50 MB JSONL article line (refused)
  draft-ones         a 99 KB draft "Es waren 1 1 1 … Soldaten." (≤ 1 s)
  draft-numbers      100 KB of random 1-5 digit numbers separated by spaces
  draft-nodot        100 KB of words, names and figures without a full stop
  draft-names        100 KB of capitalised words (name candidates) with dots
  draft-dates        100 KB of dates and weekdays in one sentence
  lsp-hover-1m       the language server: a document of one 1 MB line, open,
                     then ten hovers; prints the median and worst hover time

Usage: tools/bench-hostile.py [--bin target/release/factcheck] [--only NAME]...
       [--timeout 120]
Prints one line per case: seconds, peak RSS in MB, exit code, and the first
line of stderr when there is one.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SENTENCE = "Laut dem Ministerium fuhren im Jahr 2023 rund 4.500 Busse durch Linz, und Bürgermeister Klaus Luger lobte die Fahrer. "
WORDS = "Busse Linz Bürgermeister Klaus Luger 4.500 und die der Fahrer lobte rund Millionen Euro am Montag".split()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def repeat_to(unit, size):
    data = unit * (size // len(unit.encode()) + 1)
    return data.encode()[:size].decode("utf-8", errors="ignore")


def words_to(size, rng, sep=" "):
    out, n = [], 0
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w.encode()) + 1
    return sep.join(out)


def run(cmd, cwd, timeout):
    """Runs cmd, returning (seconds, peak RSS MB of the child, exit code, stderr)."""
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    wrapped = ["/usr/bin/time", "-f", "%M", *cmd] if os.path.exists("/usr/bin/time") else cmd
    try:
        p = subprocess.run(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.monotonic() - start, float("nan"), "timeout", ""
    secs = time.monotonic() - start
    err = p.stderr.decode("utf-8", "replace").rstrip().splitlines()
    rss = float("nan")
    if wrapped is not cmd and err and err[-1].strip().isdigit():
        rss = int(err.pop().strip()) / 1024
    elif resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > before:
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, rss, p.returncode, err[0] if err else ""


def frame(obj):
    b = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def read_message(stream):
    headers = {}
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        k, v = line.decode().split(":", 1)
        headers[k.lower()] = v.strip()
    return json.loads(stream.read(int(headers["content-length"])))


def lsp_hover(binary, workdir, timeout):
    """Opens a one-line 1 MB document and hovers ten times; returns hover times."""
    corpus = os.path.join(workdir, "corpus")
    text = repeat_to(SENTENCE, 1_000_000).rstrip()
    uri = "file://" + os.path.join(workdir, "long.md")
    p = subprocess.Popen([binary, "lsp"], cwd=workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    rid = [0]

    def request(method, params):
        rid[0] += 1
        p.stdin.write(frame({"jsonrpc": "2.0", "id": rid[0], "method": method, "params": params}))
        p.stdin.flush()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = read_message(p.stdout)
            if m is None:
                raise RuntimeError("server ended")
            if "method" in m and "id" in m:  # a request of the server: answer null
                p.stdin.write(frame({"jsonrpc": "2.0", "id": m["id"], "result": None}))
                p.stdin.flush()
            elif m.get("id") == rid[0]:
                return m
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def notify(method, params):
        p.stdin.write(frame({"jsonrpc": "2.0", "method": method, "params": params}))
        p.stdin.flush()

    try:
        request("initialize", {"processId": None, "rootUri": "file://" + workdir, "capabilities": {},
                               "initializationOptions": {"corpus": [corpus]}})
        notify("initialized", {})
        notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                         "text": text}})
        times = []
        for i in range(10):
            col = (i * 99_991) % len(text)
            start = time.monotonic()
            request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": col}})
            times.append(time.monotonic() - start)
        request("shutdown", None)
        notify("exit", None)
        p.wait(timeout=10)
        return times
    finally:
        if p.poll() is None:
            p.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/factcheck")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    rng = random.Random(9)
    with tempfile.TemporaryDirectory(prefix="factcheck-hostile-") as d:
        corpus = os.path.join(d, "corpus")
        os.mkdir(corpus)
        write(os.path.join(corpus, "small.md"), "---\ndate: 2024-01-02\n---\n" + SENTENCE + "\n")
        draft = os.path.join(d, "draft.md")
        write(draft, "Laut dem Ministerium fuhren im Jahr 2023 rund 9.000 Busse durch Linz.\n")

        def corpus_case(name, text, suffix=".txt"):
            sub = os.path.join(d, name)
            os.mkdir(sub)
            write(os.path.join(sub, "big" + suffix), text)
            return ["check", "--fail-on", "never", "--corpus", sub, "--corpus", corpus, draft]

        def draft_case(name, text):
            path = os.path.join(d, name + ".md")
            write(path, text)
            return ["check", "--fail-on", "never", "--format", "json", "--corpus", corpus, path]

        cases = {
            "corpus-line-1m": lambda: corpus_case("c1", repeat_to(SENTENCE, 1_000_000)),
            "corpus-line-1m-nodot": lambda: corpus_case("c2", repeat_to(SENTENCE.replace(".", ""), 1_000_000)),
            "corpus-line-5m": lambda: corpus_case("c3", repeat_to(SENTENCE, 5_600_000)),
            "corpus-50m-digits": lambda: corpus_case("c4", repeat_to("1.1.", 50 << 20)),
            "corpus-50m-jsonl": lambda: corpus_case(
                "c5", json.dumps({"text": repeat_to(SENTENCE, 50 << 20)}) + "\n", ".jsonl"),
            "draft-ones": lambda: draft_case("ones", "Es waren " + "1 " * 49_500 + "Soldaten.\n"),
            "draft-numbers": lambda: draft_case(
                "numbers", " ".join(str(rng.randint(1, 99_999)) for _ in range(17_000)) + " Soldaten.\n"),
            "draft-nodot": lambda: draft_case("nodot", words_to(100_000, rng) + "\n"),
            "draft-names": lambda: draft_case(
                "names", ". ".join(" ".join(w.capitalize() for w in rng.sample(WORDS, 4)) for _ in range(4_000)) + ".\n"),
            "draft-dates": lambda: draft_case(
                "dates", "Am " + ", ".join(f"Montag, {rng.randint(1, 28)}. März {rng.randint(1990, 2030)}"
                                           for _ in range(4_000)) + " kamen 300 Busse.\n"),
        }
        for name, make in cases.items():
            if args.only and name not in args.only:
                continue
            cmd = make()
            secs, rss, code, err = run([binary, *cmd], d, args.timeout)
            print(f"{name:22} {secs:7.2f} s {rss:8.1f} MB  exit {code}  {err[:110]}", flush=True)
        if not args.only or "lsp-hover-1m" in args.only:
            try:
                times = lsp_hover(binary, d, args.timeout)
                print(f"{'lsp-hover-1m':22} median {statistics.median(times) * 1000:.0f} ms, "
                      f"worst {max(times) * 1000:.0f} ms over {len(times)} hovers", flush=True)
            except Exception as e:  # noqa: BLE001 - report, do not hide
                print(f"{'lsp-hover-1m':22} failed: {e}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
