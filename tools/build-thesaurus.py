#!/usr/bin/env python3
"""Derives the compact synonym files the matcher reads from the two open
thesauri packaged by Debian:

  WordNet 3.0 (Debian `wordnet-base`, Princeton licence)
      -> lexicons/thesaurus_en.txt   (compiled into the binary)
  OpenThesaurus German (Debian `mythes-de`, LGPL-2.1)
      -> data/openthesaurus-de.txt   (a separate file read at run time)

Each output line is one synonym set: single lower-case words separated by
spaces. Multi-word expressions, usage notes in brackets and sets with fewer
than two single words are dropped. Run again after a thesaurus update:

  apt-get install wordnet-base mythes-de
  python3 tools/build-thesaurus.py
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORDNET = pathlib.Path("/usr/share/wordnet")
MYTHES = pathlib.Path("/usr/share/mythes/th_de_DE_v2.dat")
# Sets this large are loose associations, not synonyms.
MAX_SET = 12


def wordnet_sets():
    sets = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in open(WORDNET / f"data.{pos}", encoding="latin-1"):
            if line.startswith("  "):
                continue  # licence header
            fields = line.split(" ")
            count = int(fields[3], 16)
            words = []
            for k in range(count):
                w = fields[4 + 2 * k].lower()
                w = re.sub(r"\(.*\)$", "", w)  # adjective markers: (a), (p)
                if "_" in w or "-" in w or not w.isalpha():
                    continue
                words.append(w)
            words = sorted(set(words))
            if 2 <= len(words) <= MAX_SET:
                sets.add(" ".join(words))
    return sorted(sets)


def openthesaurus_sets():
    sets = set()
    for line in open(MYTHES, encoding="utf-8"):
        if not line.startswith("-|"):
            continue
        words = []
        for item in line.rstrip("\n").split("|")[1:]:
            item = re.sub(r"\([^)]*\)", "", item).strip()
            if not item or " " in item or not item.replace("-", "").isalpha():
                continue
            words.append(item.lower())
        words = sorted(set(words))
        if 2 <= len(words) <= MAX_SET:
            sets.add(" ".join(words))
    return sorted(sets)


def write(path, header, sets):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for h in header:
            out.write(f"# {h}\n")
        for s in sets:
            out.write(s + "\n")
    print(f"{path.relative_to(ROOT)}: {len(sets)} sets", file=sys.stderr)


write(
    ROOT / "lexicons/thesaurus_en.txt",
    [
        "English synonym sets derived from WordNet 3.0 by tools/build-thesaurus.py.",
        "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
        "Used under the WordNet licence (lexicons/WORDNET-LICENSE).",
        "One set a line: single lower-case words separated by spaces.",
    ],
    wordnet_sets(),
)
write(
    ROOT / "data/openthesaurus-de.txt",
    [
        "German synonym sets derived from OpenThesaurus (www.openthesaurus.de)",
        "by tools/build-thesaurus.py. Licence: LGPL-2.1 (data/OPENTHESAURUS-LICENSE).",
        "Read at run time; replace this file to use another thesaurus.",
        "One set a line: single lower-case words separated by spaces.",
    ],
    openthesaurus_sets(),
)
