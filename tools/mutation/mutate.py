"""Mutations for the mutation benchmark: rewrites one corroborated fact of an article.

figure   the number written in the mention: x3, /2, or a digit appended to its integer
         part; separators and decimals follow the corpus language's conventions
date     the day moved by 1-9 days within the month, or the month moved by 1-3 months
         (a month name, or the month of a numeric date)
name     one letter of a word of 4+ letters (never the first) deleted, substituted,
         transposed with its neighbour or doubled; or the first name replaced by
         another known person's; never a spelling the corpus already contains
role     the person replaced by another known person whom the archive gives other
         roles but never this one
Each returns the mutated article text and the mutated span (character offsets).
"""

import pathlib
import re

LETTERS = "abcdefghijklmnopqrstuvwxyz"
NUMBER = re.compile(r"\d+(?:[.,’']\d+)*")
MONTHS_FILE = pathlib.Path(__file__).resolve().parents[2] / "lexicons/months.tsv"


def months():
    """Full month names by language, from the product's month lexicon."""
    names = {"de": {}, "en": {}}
    for raw in MONTHS_FILE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        surface, lang, month = raw.split("\t")
        if len(surface) < 4 and surface not in ("mai", "may"):
            continue  # abbreviations
        for l in (("de", "en") if lang == "*" else (lang,)):
            names[l].setdefault(int(month), []).append(surface)
    return names


MONTHS = months()


def parse_number(s, lang):
    """(integer digits, decimal digits, thousands separator or '') of a written number."""
    dec_sep, thou_sep = (",", ".") if lang == "de" else (".", ",")
    groups = re.split(r"[.,’']", s)
    seps = re.findall(r"[.,’']", s)
    if not seps:
        return s, "", ""
    if seps[-1] == dec_sep and (len(set(seps)) > 1 or len(seps) == 1 and len(groups[-1]) != 3):
        intpart, dec = "".join(groups[:-1]), groups[-1]
        return intpart, dec, (seps[0] if len(seps) > 1 else "")
    if all(len(g) == 3 for g in groups[1:]):
        return "".join(groups), "", seps[0]
    return None


def format_number(value, decimals, thou_sep, lang):
    dec_sep = "," if lang == "de" else "."
    s = f"{value:.{decimals}f}"
    intpart, _, dec = s.partition(".")
    if thou_sep:
        intpart = f"{int(intpart):,}".replace(",", thou_sep)
    return intpart + (dec_sep + dec if dec else "")


def mutate_figure(c, rng):
    text = c["mention"]["text"]
    m = NUMBER.search(text)
    parsed = parse_number(m.group(), c["corpus"].lang)
    if parsed is None:
        return None
    intpart, dec, thou = parsed
    value = float(intpart + ("." + dec if dec else ""))
    op = rng.choice(["x3", "/2", "digit"])
    if op == "x3":
        new = format_number(value * 3, len(dec), thou, c["corpus"].lang)
    elif op == "/2":
        half = value / 2
        decimals = len(dec) + (0 if half == round(half, len(dec)) else 1)
        new = format_number(half, decimals, thou, c["corpus"].lang)
    else:
        bigger = float(str(int(intpart)) + str(rng.randint(1, 9)) + ("." + dec if dec else ""))
        new = format_number(bigger, len(dec), thou, c["corpus"].lang)
    if new == m.group():
        return None
    return op, text[:m.start()] + new + text[m.end():]


def mutate_date(c, rng):
    text, value = c["mention"]["text"], c["mention"]["value"]
    month, day = int(value[5:7]), int(value[8:10])
    op = rng.choice(["days", "months"])
    if op == "months" and day <= 28:
        shift = rng.choice([-3, -2, -1, 1, 2, 3])
        target = (month - 1 + shift) % 12 + 1
        for name in sorted(MONTHS[c["corpus"].lang].get(month, []), key=len, reverse=True):
            hit = re.search(rf"\b{name}\b", text, re.IGNORECASE)
            if hit:
                new = MONTHS[c["corpus"].lang][target][0]
                new = new[0].upper() + new[1:] if hit.group()[0].isupper() else new
                return "months", text[:hit.start()] + new + text[hit.end():]
        numeric = re.search(rf"(?<!\d)(0?{day})\.(0?{month})\.", text)
        if numeric:
            return "months", text[:numeric.start(2)] + str(target) + text[numeric.end(2):]
    hit = re.search(rf"(?<!\d)0?{day}(?!\d)", text)
    if not hit:
        return None
    shifts = [k for k in range(-9, 10) if k and 1 <= day + k <= 28]
    new_day = day + rng.choice(shifts)
    return "days", text[:hit.start()] + str(new_day) + text[hit.end():]


def known_spelling(c, name):
    return name in c["corpus"].known_names or name in c["corpus"].all_text


def mutate_name(c, rng):
    name = c["name"]
    tokens = name.split()
    ops = ["delete", "substitute", "transpose", "double", "first-name"]
    for _ in range(20):
        op = rng.choice(ops)
        if op == "first-name":
            firsts = [f for f in c["corpus"].first_names if f != tokens[0]]
            if not firsts:
                continue
            new = " ".join([rng.choice(firsts)] + tokens[1:])
        else:
            long = [i for i, t in enumerate(tokens) if len(t) >= 4]
            if not long:
                return None
            t = rng.choice(long)
            w = tokens[t]
            i = rng.randint(1, len(w) - 1)
            if op == "delete":
                w = w[:i] + w[i + 1:]
            elif op == "substitute":
                w = w[:i] + rng.choice([ch for ch in LETTERS if ch != w[i].lower()]) + w[i + 1:]
            elif op == "transpose":
                if i == len(w) - 1 or w[i] == w[i + 1]:
                    continue
                w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            else:
                w = w[:i] + w[i] + w[i:]
            new = " ".join(tokens[:t] + [w] + tokens[t + 1:])
        if new != name and not known_spelling(c, new):
            return op, new
    return None


def mutate_role(c, rng):
    person = c["person"]
    text = c["mention"]["text"]
    new_person = rng.choice(c["replacements"])
    at = text.rfind(person)
    return "other-holder", text[:at] + new_person + text[at + len(person):]


MUTATORS = {"figure": mutate_figure, "date": mutate_date, "name": mutate_name,
            "name-rare": mutate_name, "role": mutate_role}


def apply(c, rng):
    """The candidate with its mutation applied, or None when it cannot be mutated."""
    result = MUTATORS[c["kind"]](c, rng)
    if result is None:
        return None
    op, replacement = result
    text = c["corpus"].articles[c["article"]].text
    start, end = c["start"], c["end"]
    mutated = text[:start] + replacement + text[end:]
    return dict(c, op=op, original=text[start:end], replacement=replacement,
                mutated_text=mutated, span=(start, start + len(replacement)))
