#!/usr/bin/env python3
"""Synthetic archive: N articles recombined from the shared corpora, for
benchmarks at newsroom size (10,000 or 100,000 articles).

Deterministic for a given --seed, --count and source corpora. Each synthetic
article takes a base article of one corpus (cycling through all of them in a
shuffled order), cuts it into paragraphs of two to four sentences, keeps its
first paragraph (headline and lede), shuffles the rest, swaps about one in
four for a paragraph of another article of the same corpus and language, and
gets a date (front matter) drawn between --from and --to, a new file name
(`000123-en-sport.md`, 1,000 files to a folder) and its language. No text is
invented and none is written into this repository: the output folder must be
outside the checkout, and the script refuses otherwise.

Usage:
  tools/synth-archive.py OUT_DIR [--count 10000] [--seed 9]
      [--corpus ../shared/corpus/bbc --corpus ../shared/corpus/derstandard]
      [--from 2004-01-01 --to 2025-12-31] [--undated]
Prints the number of articles and bytes written. An existing OUT_DIR must be
empty or hold an earlier archive of this script (its `.synth-archive` marker);
that one is replaced.
"""

import argparse
import datetime
import os
import pathlib
import random
import re
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r'(?<=[.!?])["”“]?\s+(?=["„“]?[A-ZÄÖÜ0-9])')
MARKER = ".synth-archive"


def sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def paragraphs(text, rng):
    """Groups of two to four sentences."""
    out, current = [], []
    want = rng.randint(2, 4)
    for s in sentences(text):
        current.append(s)
        if len(current) >= want:
            out.append(" ".join(current))
            current, want = [], rng.randint(2, 4)
    if current:
        out.append(" ".join(current))
    return out


def load(corpus):
    """Articles of one corpus: (name stem, category, language, paragraphs)."""
    corpus = pathlib.Path(corpus)
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    lang = "de" if "derstandard" in corpus.name else "en"
    rng = random.Random(corpus.name)
    out = []
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n"):  # drop front matter: the article gets new metadata
            end = text.find("\n---\n", 4)
            text = text[end + 5:] if end > 0 else text
        category = p.stem.split("-", 1)[1] if "-" in p.stem else "news"
        paras = paragraphs(text, rng)
        if paras:
            out.append((category, lang, paras))
    return out


def inside_repo(path):
    path = path.resolve()
    return path == HERE or HERE in path.parents


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--from", dest="start", default="2004-01-01")
    ap.add_argument("--to", dest="end", default="2025-12-31")
    ap.add_argument("--undated", action="store_true", help="no front matter (like the shared corpora)")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    if inside_repo(out):
        sys.exit(f"{out}: inside the repository; write synthetic archives elsewhere (e.g. /tmp)")
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            sys.exit(f"{out}: exists and is not empty (and not an earlier synthetic archive)")
        shutil.rmtree(out)
    shared = HERE / "../shared/corpus"
    corpora = args.corpus or [str(shared / "bbc"), str(shared / "derstandard")]
    pools = [a for c in corpora for a in load(c)]
    if not pools:
        sys.exit("no source articles found")
    by_lang = {}
    for i, (_, lang, _) in enumerate(pools):
        by_lang.setdefault(lang, []).append(i)
    rng = random.Random(args.seed)
    start = datetime.date.fromisoformat(args.start)
    days = (datetime.date.fromisoformat(args.end) - start).days
    order = list(range(len(pools)))
    rng.shuffle(order)
    out.mkdir(parents=True)
    (out / MARKER).write_text(f"seed={args.seed} count={args.count}\n")
    written = 0
    for n in range(args.count):
        category, lang, paras = pools[order[n % len(order)]]
        first, rest = paras[0], list(paras[1:])
        rng.shuffle(rest)
        for k in range(len(rest)):
            if rng.random() < 0.25:
                _, _, other = pools[rng.choice(by_lang[lang])]
                rest[k] = rng.choice(other)
        body = "\n\n".join([first, *rest]) + "\n"
        if not args.undated:
            date = start + datetime.timedelta(days=rng.randrange(days + 1))
            body = f"---\ndate: {date.isoformat()}\nlang: {lang}\n---\n{body}"
        folder = out / f"{n // 1000:03d}"
        if n % 1000 == 0:
            folder.mkdir()
        data = body.encode("utf-8")
        (folder / f"{n:06d}-{lang}-{category}.md").write_bytes(data)
        written += len(data)
    print(f"{out}: {args.count} articles, {written} bytes ({written / 1e6:.1f} MB), seed {args.seed}")


if __name__ == "__main__":
    main()
