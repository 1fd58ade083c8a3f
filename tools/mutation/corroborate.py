"""Corroborated facts for the mutation benchmark: which mentions another article backs up.

A fact is usable only when another article states it too:
  figure     same unit and value (a single value written with digits, not a year-like
             bare number), in a sentence that shares a rare term with the article's
  date       the same day (YYYY-MM-DD or XXXX-MM-DD), in a sentence sharing a rare term
  name       a full person name (two or more words, written out) that other articles
             name too; "name-rare" when only one or two other articles do
  role       role + scope + person that another article gives as well
A rare term is a word of at least 4 letters found in at most RARE_WORD_SHARE of the
articles, or an entity name (person, organisation, place) in at most RARE_ENTITY_SHARE;
words of the fact itself do not count. The corroborating sentence most like the
article's (word-set Jaccard) decides near-copy (>= NEAR_COPY) or paraphrased.
"""

import bisect
import re

RARE_WORD_SHARE = 0.02
RARE_ENTITY_SHARE = 0.05
NEAR_COPY = 0.5
WORD = re.compile(r"\w+")
# Sentence ends: . ! ? (optionally a closing quote) then space and an upper-case
# letter, digit or opening quote; not after a one-letter initial, a common title or
# a one- or two-digit number.
SENTENCE_END = re.compile(r"[.!?][\"'”“»«]?\s+(?=[\"'„“«»]?[A-ZÄÖÜ0-9])")
NO_END_BEFORE = {"mr", "mrs", "ms", "dr", "st", "prof", "nr", "bzw", "ca", "vs", "no", "gen", "sen"}
# "am 7. Juli", "der 3. Platz": a German ordinal, not a sentence end.
ORDINAL = re.compile(r"\d{1,2}")
ENTITY_KINDS = ("person", "organisation", "place")


def words(text):
    return WORD.findall(text.lower())


def sentences(text):
    """Start offsets of the sentences of a text."""
    starts = [0]
    for m in SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 5):m.start()].split()
        last = before[-1].lower() if before else ""
        if len(last) == 1 and last.isalpha() or last in NO_END_BEFORE or ORDINAL.fullmatch(last):
            continue
        starts.append(m.end())
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return sorted(set(starts))


def jaccard(a, b):
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


class Article:
    """One article cut into sentences, with each sentence's words and entities."""

    def __init__(self, index, article):
        self.index = index
        self.text = article["text"]
        self.mentions = article["mentions"]
        self.starts = sentences(self.text)
        bounds = self.starts[1:] + [len(self.text)]
        self.sentence_text = [self.text[a:b] for a, b in zip(self.starts, bounds)]
        self.sentence_words = [set(words(s)) for s in self.sentence_text]
        self.sentence_entities = [set() for _ in self.starts]
        for m in self.mentions:
            if m["kind"] in ENTITY_KINDS and m.get("name"):
                self.sentence_entities[self.sentence_of(m["start"])].add(m["name"])

    def sentence_of(self, offset):
        return bisect.bisect_right(self.starts, offset) - 1


class Corpus:
    def __init__(self, articles, lang):
        self.lang = lang
        self.articles = [Article(i, a) for i, a in enumerate(articles)]
        n = len(articles)
        word_df, entity_df = {}, {}
        for a in self.articles:
            for w in set().union(*a.sentence_words):
                word_df[w] = word_df.get(w, 0) + 1
            for e in set().union(*a.sentence_entities):
                entity_df[e] = entity_df.get(e, 0) + 1
        self.rare_words = {w for w, d in word_df.items()
                           if d <= max(2, RARE_WORD_SHARE * n) and len(w) >= 4 and not w.isdigit()}
        self.rare_entities = {e for e, d in entity_df.items() if d <= max(2, RARE_ENTITY_SHARE * n)}
        self.all_text = "\n".join(a["text"] for a in articles)

    def terms(self, article, sentence, exclude):
        a = self.articles[article]
        ws = {w for w in a.sentence_words[sentence] if w in self.rare_words and w not in exclude}
        es = {e for e in a.sentence_entities[sentence] if e in self.rare_entities
              and not set(words(e)) & exclude}
        return ws | es


def is_yearlike(m):
    digits = re.findall(r"\d+", m["text"])
    return len(digits) == 1 and len(digits[0]) == 4 and 1800 <= int(digits[0]) <= 2100


def figure_key(m):
    if m["kind"] != "figure" or not m.get("unit") or m.get("low") is None:
        return None
    if m["low"] != m["high"] or len(re.findall(r"\d+(?:[.,’']\d+)*", m["text"])) != 1:
        return None
    if is_yearlike(m):
        return None
    return (m["unit"], m["low"])


def date_key(m):
    if m["kind"] != "date" or not re.fullmatch(r"(\d{4}|XXXX)-\d\d-\d\d", m.get("value") or ""):
        return None
    return m["value"]


def full_name(m):
    name = m.get("name") or ""
    if m["kind"] != "person" or m["text"] != name or len(name.split()) < 2:
        return None
    if not all(re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*", t) for t in name.split()):
        return None
    return name


def role_key(m):
    if m["kind"] != "role" or not m.get("person") or len(m["person"].split()) < 2:
        return None
    if m["person"] not in m["text"]:
        return None
    return (m["role"], m.get("scope"), m["person"])


def candidates(articles, lang):
    """Every corroborated fact, by kind; each with the articles corroborating it."""
    corpus = Corpus(articles, lang)
    out = {k: [] for k in ("figure", "date", "name", "name-rare", "role")}

    def index(keyfn):
        places = {}
        for a in corpus.articles:
            for m in a.mentions:
                key = keyfn(m)
                if key is not None:
                    places.setdefault(key, []).append((a.index, m))
        return places

    def add(kind, a, m, backers, extra=None):
        """backers: (article, sentence) pairs; keeps the most similar sentence."""
        if not backers:
            return
        s = corpus.articles[a].sentence_of(m["start"])
        own = corpus.articles[a].sentence_words[s]
        best = max(backers, key=lambda b: jaccard(own, corpus.articles[b[0]].sentence_words[b[1]]))
        c = {"kind": kind, "article": a, "start": m["start"], "end": m["end"], "mention": m,
             "corroborators": {b for b, _ in backers}, "best": best[0],
             "jaccard": jaccard(own, corpus.articles[best[0]].sentence_words[best[1]]),
             "corpus": corpus}
        c.update(extra or {})
        out[kind].append(c)

    for kind, keyfn in (("figure", figure_key), ("date", date_key)):
        for key, places in index(keyfn).items():
            if len({a for a, _ in places}) < 2:
                continue
            done = set()  # one candidate per article and fact: its first backed mention
            for a, m in places:
                if a in done:
                    continue
                exclude = set(words(m["text"]))
                mine = corpus.terms(a, corpus.articles[a].sentence_of(m["start"]), exclude)
                backers = []
                for b, n in places:
                    if b == a:
                        continue
                    t = corpus.articles[b].sentence_of(n["start"])
                    if mine & corpus.terms(b, t, exclude | set(words(n["text"]))):
                        backers.append((b, t))
                add(kind, a, m, backers)
                if backers:
                    done.add(a)

    names = index(full_name)
    for name, places in names.items():
        arts = {a for a, _ in places}
        if len(arts) < 2:
            continue
        seen = set()
        for a, m in places:
            if a in seen:
                continue  # one candidate per article and name: its first full mention
            seen.add(a)
            backers = [(b, corpus.articles[b].sentence_of(n["start"])) for b, n in places if b != a]
            kind = "name-rare" if len(arts) - 1 <= 2 else "name"
            add(kind, a, m, backers, {"name": name})

    known = {n for n, p in names.items() if len({a for a, _ in p}) >= 2}
    roles = index(role_key)
    holders = {}  # person -> set of roles the archive gives them
    for (role, _scope, person), places in roles.items():
        holders.setdefault(person, set()).add(role)
    for (role, scope, person), places in roles.items():
        if len({a for a, _ in places}) < 2:
            continue
        others = sorted(p for p, rs in holders.items()
                        if p != person and role not in rs and p in known)
        if not others:
            continue
        done = set()
        for a, m in places:
            if a in done:
                continue
            done.add(a)
            backers = [(b, corpus.articles[b].sentence_of(n["start"])) for b, n in places if b != a]
            add("role", a, m, backers, {"person": person, "replacements": others})

    corpus.known_names = set(names)
    corpus.first_names = sorted({n.split()[0] for n, p in names.items() if len({a for a, _ in p}) >= 2})
    return out
