#!/usr/bin/env python3
"""Labelled sets: scores every labelled draft under SHARED/eval through `factcheck check`.

Every `*.md` with an `*.expect` beside it is one set. The corpus comes from the
`# corpus: corpus/NAME` comment of the .expect file; the two oldest sets have
no such line and use the table of SHARED/eval/README.md (seeds-dev -> seeds,
bbc-dev -> bbc). Drafts that share a corpus are checked in one `factcheck
check --format json --fail-on never` call, so each corpus is indexed once.

Scoring is that of SHARED/tools/score.py: only findings of severity warning or
error count; a planted conflict is found when such a finding's range overlaps
the row's piece (whatever its code; "right code" counts those whose code is one
of the row's codes); every loud finding that overlaps no planted piece is a
false positive.

Prints recall and false positives per set, per set and finding code, and
totals per language (German or English, told by the draft's function words).
Exits 1 only when a bar given by a flag is not met, e.g.
    tools/eval-sets.py --min-recall '*-dev=1' --max-fp '*-dev=0'
Exits 2 when SHARED/eval is missing or the binary fails.
"""

import argparse
import fnmatch
import json
import os
import pathlib
import re
import subprocess
import sys

# Corpora of the sets that predate the `# corpus:` header (SHARED/eval/README.md).
LEGACY_CORPUS = {"seeds-dev": "seeds", "bbc-dev": "bbc"}
GERMAN_WORDS = {"der", "die", "das", "und", "nicht", "ist", "mit", "sich", "auf", "dem", "den", "ein", "eine"}
ENGLISH_WORDS = {"the", "and", "of", "is", "to", "with", "that", "was", "for", "on", "a", "an", "has"}


class ExpectError(Exception):
    pass


def load_expect(path):
    """Returns (rows, corpus name or None); rows are (line, codes, piece)."""
    rows, corpus = [], None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                m = re.match(r"#\s*corpus:\s*(\S+)", line)
                if m and corpus is None:
                    corpus = m.group(1).rstrip("/").split("/")[-1]
                continue
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 3 or not cols[0].strip().isdigit():
                raise ExpectError(f"{path}:{number}: expected LINE<TAB>CODE<TAB>PIECE")
            rows.append((int(cols[0]), cols[1].strip(), cols[2]))
    return rows, corpus


def language(text):
    words = re.findall(r"[a-zäöüß]+", text.lower())
    de = sum(w in GERMAN_WORDS for w in words)
    en = sum(w in ENGLISH_WORDS for w in words)
    return "de" if de > en else "en"


def find_sets(shared):
    sets = []
    for expect in sorted((shared / "eval").rglob("*.expect")):
        draft = expect.with_suffix(".md")
        if not draft.is_file():
            continue
        name = str(expect.relative_to(shared / "eval").with_suffix(""))
        rows, corpus = load_expect(expect)
        corpus = corpus or LEGACY_CORPUS.get(expect.stem)
        if corpus is None:
            raise ExpectError(f"{expect}:1: no '# corpus:' line and no known corpus for this set")
        text = draft.read_text(encoding="utf-8")
        sets.append({"name": name, "draft": draft, "expect": expect, "rows": rows,
                     "corpus": corpus, "text": text, "lang": language(text)})
    return sets


def run_check(binary, corpus, drafts):
    cmd = [binary, "check", "--format", "json", "--fail-on", "never", "--corpus", str(corpus)]
    cmd += [str(d) for d in drafts]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"{' '.join(cmd)}: exit {proc.returncode}")
    report = json.loads(proc.stdout)
    by_path = {}
    for f in report["files"]:
        by_path[os.path.realpath(f["path"])] = f.get("findings", [])
    return by_path


def span(f):
    s, e = f["range"]["start"], f["range"]["end"]
    return (s["line"], s["column"]), (e["line"], e["column"])


def score(s, findings):
    """Scores one set as score.py does; fills per-code tallies."""
    lines = s["text"].split("\n")
    loud = [f for f in findings if f.get("severity") in ("error", "warning")]
    codes = {}

    def tally(code):
        return codes.setdefault(code, {"expected": 0, "found": 0, "right_code": 0, "fp": 0})

    claimed = set()
    misses, found, right = [], 0, 0
    want = [r for r in s["rows"] if r[1] != "none"]
    for line, code, piece in want:
        if line > len(lines) or lines[line - 1].find(piece) < 0:
            raise ExpectError(f"{s['expect']}: piece {piece!r} not on line {line} of {s['draft']}")
        col = lines[line - 1].find(piece)
        lo, hi = (line, col + 1), (line, col + 1 + len(piece))
        match = [f for f in loud if span(f)[0] < hi and span(f)[1] > lo]
        t = tally(code.split("|")[0])
        t["expected"] += 1
        if match:
            found += 1
            t["found"] += 1
            claimed.update(id(f) for f in match)
            if any(f.get("code") in code.split("|") for f in match):
                right += 1
                t["right_code"] += 1
        else:
            misses.append(f"{line}:{code}")
    fps = []
    for f in loud:
        if id(f) not in claimed:
            fps.append(f"{span(f)[0][0]}:{f.get('code')}")
            tally(f.get("code"))["fp"] += 1
    return {"set": s["name"], "lang": s["lang"], "corpus": s["corpus"], "expected": len(want),
            "found": found, "right_code": right, "false_positives": len(fps),
            "missed": misses, "fp": fps, "codes": codes}


def ratio(a, b):
    return a / b if b else 1.0


def parse_bars(items, kind):
    bars = []
    for item in items or []:
        if "=" not in item:
            sys.exit(f"{kind} {item!r}: expected PATTERN=VALUE")
        pattern, value = item.rsplit("=", 1)
        bars.append((pattern, float(value)))
    return bars


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(here / "../shared"), help="shared data (default ../shared)")
    ap.add_argument("--bin", default=os.environ.get("FACTCHECK_BIN", str(here / "target/release/factcheck")))
    ap.add_argument("--set", action="append", help="only sets matching this glob (repeatable)")
    ap.add_argument("--min-recall", action="append", metavar="GLOB=X",
                    help="fail when a set matching GLOB has recall below X (repeatable)")
    ap.add_argument("--max-fp", action="append", metavar="GLOB=N",
                    help="fail when a set matching GLOB has more than N false positives (repeatable)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args()

    shared = pathlib.Path(args.shared).resolve()
    if not (shared / "eval").is_dir():
        print(f"{shared}/eval not found: nothing to evaluate", file=sys.stderr)
        return 2
    try:
        sets = find_sets(shared)
    except ExpectError as e:
        print(e, file=sys.stderr)
        return 2
    if args.set:
        sets = [s for s in sets if any(fnmatch.fnmatch(s["name"], g) for g in args.set)]

    results = []
    for corpus in sorted({s["corpus"] for s in sets}):
        group = [s for s in sets if s["corpus"] == corpus]
        try:
            by_path = run_check(args.bin, shared / "corpus" / corpus, [s["draft"] for s in group])
        except (RuntimeError, OSError, json.JSONDecodeError) as e:
            print(e, file=sys.stderr)
            return 2
        for s in group:
            try:
                results.append(score(s, by_path.get(os.path.realpath(s["draft"]), [])))
            except ExpectError as e:
                print(e, file=sys.stderr)
                return 2
    results.sort(key=lambda r: r["set"])

    totals = {}
    for r in results:
        t = totals.setdefault(r["lang"], {"sets": 0, "expected": 0, "found": 0, "right_code": 0,
                                          "false_positives": 0})
        t["sets"] += 1
        for k in ("expected", "found", "right_code", "false_positives"):
            t[k] += r[k]

    failures = []
    for pattern, value in parse_bars(args.min_recall, "--min-recall"):
        for r in results:
            if fnmatch.fnmatch(r["set"], pattern) and ratio(r["found"], r["expected"]) < value:
                failures.append(f"{r['set']}: recall {ratio(r['found'], r['expected']):.2f} below {value}")
    for pattern, value in parse_bars(args.max_fp, "--max-fp"):
        for r in results:
            if fnmatch.fnmatch(r["set"], pattern) and r["false_positives"] > value:
                failures.append(f"{r['set']}: {r['false_positives']} false positives, bar {value:g}")

    if args.json:
        json.dump({"sets": results, "languages": totals, "failures": failures}, sys.stdout, indent=1)
        print()
    else:
        print(f"{'set':<18} {'lang':<4} {'corpus':<12} {'recall':>12} {'right code':>10} {'FP':>3}")
        for r in results:
            rec = f"{r['found']}/{r['expected']} {ratio(r['found'], r['expected']):.2f}"
            print(f"{r['set']:<18} {r['lang']:<4} {r['corpus']:<12} {rec:>12} "
                  f"{r['right_code']:>10} {r['false_positives']:>3}")
            for code, t in sorted(r["codes"].items()):
                rec = f"{t['found']}/{t['expected']}" if t["expected"] else "-"
                print(f"  {code:<16} {'':<17} {rec:>12} {t['right_code']:>10} {t['fp']:>3}")
            if r["missed"]:
                print(f"  missed: {', '.join(r['missed'])}")
            if r["fp"]:
                print(f"  false positives: {', '.join(r['fp'])}")
        for lang, t in sorted(totals.items()):
            print(f"total {lang}: {t['sets']} sets, recall {t['found']}/{t['expected']} = "
                  f"{ratio(t['found'], t['expected']):.2f}, right code {t['right_code']}, "
                  f"false positives {t['false_positives']}")
        for f in failures:
            print(f"BAR NOT MET: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
