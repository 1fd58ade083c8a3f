#!/usr/bin/env bash
# Do two builds read and check the same? Runs both binaries on the same
# inputs and diffs their JSON output:
#   1. `extract --format json` over every Nth article of each shared corpus
#      (default every 10th), with and without the article's own date;
#   2. `check --format json` of every labelled draft under ../shared/eval
#      against its corpus;
#   3. with --full, the leave-one-out check of derstandard and bbc (every
#      article against the rest: all findings of the real corpora).
# Usage: tools/compare-builds.sh OLD_BIN NEW_BIN [--full] [--step N]
# Exits 1 on any difference (and prints the first lines of the diff).
set -euo pipefail
old=${1:?usage: tools/compare-builds.sh OLD_BIN NEW_BIN [--full] [--step N]}
new=${2:?usage: tools/compare-builds.sh OLD_BIN NEW_BIN [--full] [--step N]}
shift 2
full=0 step=10
while [ $# -gt 0 ]; do
    case $1 in
        --full) full=1 ;;
        --step) step=$2; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
shared=${SHARED:-../shared}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

same() { # name: compares $out/old.$name with $out/new.$name
    if cmp -s "$out/old.$1" "$out/new.$1"; then
        echo "same: $1 ($(wc -c <"$out/new.$1") bytes)"
    else
        echo "DIFFERENT: $1"
        diff <(python3 -m json.tool "$out/old.$1" 2>/dev/null || cat "$out/old.$1") \
             <(python3 -m json.tool "$out/new.$1" 2>/dev/null || cat "$out/new.$1") | head -n 40
        status=1
    fi
}

for corpus in derstandard bbc seeds-dated; do
    mapfile -t files < <(find "$shared/corpus/$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | sort | awk -v s="$step" 'NR % s == 1')
    [ ${#files[@]} -gt 0 ] || continue
    for which in old new; do
        bin=$([ $which = old ] && echo "$old" || echo "$new")
        "$bin" extract --format json "${files[@]}" >"$out/$which.extract-$corpus" 2>/dev/null || true
        "$bin" extract --format json --as-of 2024-11-12 "${files[@]}" >"$out/$which.extract-asof-$corpus" 2>/dev/null || true
    done
    same "extract-$corpus"
    same "extract-asof-$corpus"
done

while IFS= read -r expect; do
    draft=${expect%.expect}.md
    [ -f "$draft" ] || continue
    corpus=$(sed -n 's/^#[[:space:]]*corpus:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$expect" | head -n 1)
    corpus=${corpus%/}; corpus=${corpus##*/}
    if [ -z "$corpus" ]; then
        case $(basename "$expect" .expect) in seeds-dev) corpus=seeds ;; bbc-dev) corpus=bbc ;; *) continue ;; esac
    fi
    name=check-$(echo "${expect#"$shared"/eval/}" | tr / _)
    for which in old new; do
        bin=$([ $which = old ] && echo "$old" || echo "$new")
        "$bin" check --format json --fail-on never --corpus "$shared/corpus/$corpus" "$draft" >"$out/$which.$name" 2>/dev/null || true
    done
    same "$name"
done < <(find "$shared/eval" -name '*.expect' | sort)

if [ $full = 1 ]; then
    for corpus in derstandard bbc; do
        for which in old new; do
            bin=$([ $which = old ] && echo "$old" || echo "$new")
            "$bin" check --format json --fail-on never --corpus "$shared/corpus/$corpus" "$shared/corpus/$corpus" >"$out/$which.loo-$corpus" 2>/dev/null || true
        done
        same "loo-$corpus"
    done
fi
exit $status
