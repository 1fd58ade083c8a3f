#!/usr/bin/env python3
"""Mutation benchmark: plants errors in real articles and counts how many `factcheck check` finds.

For each corpus (default: SHARED/corpus/bbc and SHARED/corpus/derstandard):

1. `factcheck extract --format json --corpus C C` reads every mention once.
2. Facts that ANOTHER article corroborates are collected (see corroborate.py):
   figure  same unit and value, the other sentence shares a rare term
   date    the same day, the other sentence shares a rare term
   name    a full person name that other articles also name (name-rare: only 1-2 others)
   role    role + scope + person that another article also gives
   A rare term is a word of at least 4 letters in at most 2 % of the articles, or an
   entity name (person, organisation, place) in at most 5 %; the words of the fact
   itself do not count.
   Corroboration is "near-copy" when the word-set Jaccard of the article's sentence
   and its most similar corroborating sentence is >= 0.5, else "paraphrased".
3. A fixed-seed sample (--per-kind per kind, one mutation per article) is mutated
   (see mutate.py): figures x3, /2 or a digit added; dates shifted by days or months;
   names with a letter deleted, substituted, transposed or doubled, or another known
   person's first name; roles given to a person the archive gives a different role.
   The sample depends on what `extract` finds; to compare two builds on the same
   mutations, pass one of them as --sample-bin.
4. Mutated articles are checked in batches against a copy of the corpus (hard links)
   that holds none of the batch's articles, so no mutated text is evidence for another
   mutation: `factcheck check --corpus COPY --format json --fail-on never DRAFTS...`.
   A batch never holds two articles where one corroborates the other's fact, so each
   mutation's corroborating article stays in the copy; at most two batches per corpus
   (a sampled fact that fits neither is skipped).
5. Found: a warning or error overlaps the mutated span ("code" also requires the
   expected finding code). Noise: warnings elsewhere in the mutated article that the
   unmutated article, checked in the same run against the same copy, does not have
   (same line, code and covered text), per 100 mutations.

Prints a table per corpus x kind x corroboration and one summary line; --json
prints the records instead. Exit 0, or 2 when the data or the binary is missing.
"""

import argparse
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "mutation"))
import corroborate  # noqa: E402
import mutate  # noqa: E402

KINDS = ["figure", "date", "name", "name-rare", "role"]
EXPECTED_CODE = {"figure": "figure-mismatch", "date": "date-mismatch", "name": "name-mismatch",
                 "name-rare": "name-mismatch", "role": "role-mismatch"}
# Each batch costs one corpus index; a candidate that fits none is skipped.
MAX_BATCHES = 2


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
        raise RuntimeError(f"{' '.join(map(str, cmd))}: exit {proc.returncode}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: output is not JSON ({e})")


def line_starts(text):
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def to_offset(starts, pos):
    return starts[pos["line"] - 1] + pos["column"] - 1


def load_corpus(binary, corpus):
    """Articles of a corpus with their mentions as character offsets."""
    report = run([binary, "extract", "--format", "json", "--corpus", str(corpus), str(corpus)])
    articles = []
    for f in report["files"]:
        path = pathlib.Path(f["path"]).resolve()
        with open(path, encoding="utf-8", newline="") as f_in:  # offsets as the product counts
            text = f_in.read()
        starts = line_starts(text)
        mentions = []
        for m in f["mentions"]:
            start, end = to_offset(starts, m["range"]["start"]), to_offset(starts, m["range"]["end"])
            if text[start:end] != m["text"]:
                continue  # a range this tool cannot map back; skip the mention
            m = dict(m, start=start, end=end)
            mentions.append(m)
        articles.append({"name": str(path.relative_to(corpus)), "path": path, "text": text,
                         "mentions": mentions})
    articles.sort(key=lambda a: a["name"])
    return articles


def language(articles):
    sample = " ".join(a["text"][:2000] for a in articles[:50]).lower().split()
    de = sum(w in ("der", "die", "und", "das", "nicht") for w in sample)
    en = sum(w in ("the", "and", "of", "is", "to") for w in sample)
    return "de" if de > en else "en"


def conflict(m, batch):
    return any(o["article"] in m["corroborators"] or m["article"] in o["corroborators"]
               for o in batch)


def sample(candidates, per_kind, seed):
    """Fixed-seed choice of up to per_kind mutations per kind, one per article, in at
    most MAX_BATCHES batches; returns the batches."""
    rng = random.Random(seed)
    used, batches = set(), [[] for _ in range(MAX_BATCHES)]
    for kind in sorted(KINDS, key=lambda k: (len(candidates[k]), k)):  # scarcest kinds first
        pool = sorted(candidates[kind], key=lambda c: (c["article"], c["start"]))
        rng.shuffle(pool)
        taken = 0
        for c in pool:
            if taken >= per_kind:
                break
            if c["article"] in used:
                continue
            batch = next((b for b in batches if not conflict(c, b)), None)
            if batch is None:
                continue
            c = mutate.apply(c, rng)
            if c is None:
                continue
            used.add(c["article"])
            batch.append(c)
            taken += 1
    return [b for b in batches if b]


def loud(findings):
    return [f for f in findings if f.get("severity") in ("warning", "error")]


def finding_key(f, text, starts):
    a, b = to_offset(starts, f["range"]["start"]), to_offset(starts, f["range"]["end"])
    return (f["range"]["start"]["line"], f["code"], text[a:b])


def check_batch(binary, corpus, articles, batch, workdir):
    """Checks a batch's mutated articles, and the same articles unmutated, against
    a copy of the corpus that holds none of the batch's articles (hard links). So no
    mutated text is ever evidence for another mutation, and the noise baseline sees
    the same archive. Returns {article: (mutated findings, original findings)}."""
    copy = pathlib.Path(tempfile.mkdtemp(prefix="batch-", dir=workdir))
    drafts = pathlib.Path(tempfile.mkdtemp(prefix="drafts-", dir=workdir))
    mutated = {m["article"]: m for m in batch}
    for i, a in enumerate(articles):
        if i in mutated:
            continue
        dst = copy / a["name"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(a["path"], dst)
        except OSError:
            shutil.copyfile(a["path"], dst)
    paths = {}
    for i, m in mutated.items():
        for side, text in (("mutated", m["mutated_text"]), ("original", articles[i]["text"])):
            dst = drafts / side / articles[i]["name"]
            dst.parent.mkdir(parents=True, exist_ok=True)
            with open(dst, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            paths[(i, side)] = dst
    report = run([binary, "check", "--corpus", str(copy), "--format", "json", "--fail-on", "never"]
                 + [str(p) for p in paths.values()])
    by_path = {os.path.realpath(f["path"]): f["findings"] for f in report["files"]}
    results = {i: tuple(by_path.get(os.path.realpath(paths[(i, side)]), [])
                        for side in ("mutated", "original"))
               for i in mutated}
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(drafts, ignore_errors=True)
    return results


def score(m, findings, baseline_keys):
    text = m["mutated_text"]
    starts = line_starts(text)
    lo, hi = m["span"]
    found = code = False
    noise = []
    for f in loud(findings):
        a, b = to_offset(starts, f["range"]["start"]), to_offset(starts, f["range"]["end"])
        if a < hi and b > lo:
            found = True
            code = code or f["code"] == EXPECTED_CODE[m["kind"]]
        elif finding_key(f, text, starts) not in baseline_keys:
            noise.append({"line": f["range"]["start"]["line"], "code": f["code"], "text": text[a:b]})
    return found, code, noise


def bench_corpus(binary, sample_binary, corpus, per_kind, seed, workdir, log):
    t0 = time.time()
    articles = load_corpus(sample_binary, corpus)
    lang = language(articles)
    candidates = corroborate.candidates(articles, lang)
    groups = sample(candidates, per_kind, seed)
    chosen = [m for b in groups for m in b]
    log(f"{corpus.name}: {len(articles)} articles ({lang}); candidates "
        + ", ".join(f"{k} {len(candidates[k])}" for k in KINDS)
        + f"; {len(chosen)} mutations; extraction {time.time() - t0:.0f} s")

    if not chosen:
        return []
    records = []
    for n, batch in enumerate(groups, 1):
        t = time.time()
        results = check_batch(binary, corpus, articles, batch, workdir)
        for m in batch:
            mutated, original = results[m["article"]]
            text = articles[m["article"]]["text"]
            starts = line_starts(text)
            baseline = {finding_key(f, text, starts) for f in loud(original)}
            found, code, noise = score(m, mutated, baseline)
            records.append({
                "corpus": corpus.name, "kind": m["kind"], "op": m["op"],
                "corroboration": "near-copy" if m["jaccard"] >= corroborate.NEAR_COPY else "paraphrased",
                "jaccard": round(m["jaccard"], 3), "article": articles[m["article"]]["name"],
                "original": m["original"], "mutated": m["replacement"],
                "evidence": articles[m["best"]]["name"], "found": found, "right_code": code,
                "noise": noise,
            })
        log(f"{corpus.name}: batch {n}/{len(groups)}, {len(batch)} mutations, {time.time() - t:.0f} s")
    return records


def rows(records):
    """One summary per corpus x kind x corroboration."""
    keys = sorted({(r["corpus"], r["kind"], r["corroboration"]) for r in records},
                  key=lambda k: (k[0], KINDS.index(k[1]), k[2]))
    out = []
    for key in keys:
        rs = [r for r in records if (r["corpus"], r["kind"], r["corroboration"]) == key]
        out.append(dict(zip(("corpus", "kind", "corroboration"), key), **summarise(rs)))
    return out


def table(records):
    print(f"{'corpus':<12} {'kind':<10} {'corroboration':<12} {'n':>4} {'found':>5} {'recall':>6} "
          f"{'code':>5} {'noise/100':>9}")
    for s in rows(records):
        print(f"{s['corpus']:<12} {s['kind']:<10} {s['corroboration']:<12} {s['n']:>4} {s['found']:>5} "
              f"{s['recall']:>6.2f} {s['right_code']:>5} {s['noise_per_100']:>9.1f}")


def summarise(rs):
    n = len(rs)
    found = sum(r["found"] for r in rs)
    return {"n": n, "found": found, "recall": found / n if n else 0.0,
            "right_code": sum(r["right_code"] for r in rs),
            "noise": sum(len(r["noise"]) for r in rs),
            "noise_per_100": 100 * sum(len(r["noise"]) for r in rs) / n if n else 0.0}


def ops_line(records):
    """Found/total per kind and mutation, over all corpora."""
    counts = {}
    for r in records:
        c = counts.setdefault((KINDS.index(r["kind"]), r["kind"], r["op"]), [0, 0])
        c[0] += r["found"]
        c[1] += 1
    return "by mutation: " + ", ".join(f"{kind}/{op} {f}/{n}"
                                       for (_, kind, op), (f, n) in sorted(counts.items()))


def summary_line(records, seconds):
    parts = []
    for kind in KINDS:
        rs = [r for r in records if r["kind"] == kind]
        if not rs:
            continue
        para = [r for r in rs if r["corroboration"] == "paraphrased"]
        s, p = summarise(rs), summarise(para)
        parts.append(f"{kind} {s['recall']:.2f} ({s['found']}/{s['n']}; paraphrased "
                     f"{p['found']}/{p['n']})")
    total = summarise(records)
    return (f"mutation benchmark: {'; '.join(parts)}; noise {total['noise_per_100']:.1f} per 100 "
            f"mutations; {total['n']} mutations in {seconds:.0f} s")


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(here / "../shared"))
    ap.add_argument("--corpus", action="append",
                    help="corpus directory (repeatable; default SHARED/corpus/bbc and derstandard)")
    ap.add_argument("--bin", default=os.environ.get("FACTCHECK_BIN", str(here / "target/release/factcheck")))
    ap.add_argument("--sample-bin", help="binary whose `extract` picks the facts to mutate (default: "
                    "--bin); pass one build here to compare two builds on the same mutations")
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--per-kind", type=int, default=60, help="mutations per kind and corpus")
    ap.add_argument("--json", action="store_true", help="print the records as JSON")
    ap.add_argument("--list", action="store_true", help="also print every mutation and its outcome")
    args = ap.parse_args()

    shared = pathlib.Path(args.shared)
    corpora = [pathlib.Path(c) for c in args.corpus] if args.corpus else \
        [shared / "corpus/bbc", shared / "corpus/derstandard"]
    corpora = [c.resolve() for c in corpora]
    missing = [str(c) for c in corpora if not c.is_dir()]
    if missing or not os.access(args.bin, os.X_OK):
        print(f"mutation benchmark: missing {', '.join(missing) or args.bin}", file=sys.stderr)
        return 2

    t0 = time.time()
    log = (lambda s: print(s, file=sys.stderr)) if args.json else print
    records = []
    with tempfile.TemporaryDirectory(prefix="mutation-bench-") as workdir:
        try:
            for corpus in corpora:
                records += bench_corpus(args.bin, args.sample_bin or args.bin, corpus, args.per_kind,
                                        args.seed, workdir, log)
        except (RuntimeError, json.JSONDecodeError, OSError) as e:
            print(f"mutation benchmark: {e}", file=sys.stderr)
            return 2
    seconds = time.time() - t0
    if args.json:
        json.dump({"seed": args.seed, "per_kind": args.per_kind, "seconds": round(seconds, 1),
                   "summary": summary_line(records, seconds), "rows": rows(records),
                   "records": records}, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    if args.list:
        for r in records:
            mark = "FOUND" if r["found"] else "miss "
            print(f"{mark} {r['corpus']}/{r['article']} {r['kind']}/{r['op']} {r['corroboration']} "
                  f"{r['original']!r} -> {r['mutated']!r} (evidence {r['evidence']}, "
                  f"jaccard {r['jaccard']}){' noise: ' + str(r['noise']) if r['noise'] else ''}")
    table(records)
    print(ops_line(records))
    print(summary_line(records, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
