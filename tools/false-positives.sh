#!/usr/bin/env bash
# Leave-one-out check over a corpus: every article is checked against all the
# others; prints the findings by code and the warnings per 10,000 words.
# Usage: tools/false-positives.sh CORPUS_DIR [MAX_WARNINGS_PER_10K]
# Exits 1 when the rate is above the maximum (if given).
set -euo pipefail
corpus=${1:?usage: tools/false-positives.sh CORPUS_DIR [MAX_PER_10K]}
max=${2:-}
bin=${FACTCHECK_BIN:-target/release/factcheck}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s.%N)
"$bin" check --corpus "$corpus" --format json --fail-on never "$corpus" > "$out"
end=$(date +%s.%N)
python3 - "$out" "$corpus" "$start" "$end" "$max" <<'PY'
import json, pathlib, sys
out, corpus, start, end, limit = sys.argv[1:6]
report = json.load(open(out))
words = sum(len(p.read_text(encoding="utf-8", errors="replace").split())
            for p in pathlib.Path(corpus).rglob("*") if p.suffix in (".txt", ".md"))
counts, warnings = {}, 0
for f in report["files"]:
    for x in f["findings"]:
        key = f'{x["code"]}/{x["severity"]}'
        counts[key] = counts.get(key, 0) + 1
        warnings += x["severity"] in ("warning", "error")
rate = warnings * 10000 / max(words, 1)
print(f"{corpus}: {len(report['files'])} articles, {words} words, findings {dict(sorted(counts.items()))}")
print(f"{corpus}: {warnings} warnings = {rate:.2f} per 10,000 words; wall time {float(end) - float(start):.1f} s")
if limit and rate > float(limit):
    print(f"{corpus}: above the limit of {limit} per 10,000 words", file=sys.stderr)
    sys.exit(1)
PY
