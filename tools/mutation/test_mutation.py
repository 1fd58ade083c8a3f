"""Unit tests of the mutation benchmark's helpers (python3 -m unittest discover tools/mutation)."""

import random
import sys
import unittest

sys.dont_write_bytecode = True
import corroborate  # noqa: E402
import mutate  # noqa: E402


class FakeCorpus:
    def __init__(self, lang, text=""):
        self.lang = lang
        self.known_names = {"Anna Berger"}
        self.all_text = text
        self.first_names = ["Anna", "Karl"]


def candidate(kind, text, lang, **extra):
    c = {"kind": kind, "mention": {"text": text}, "corpus": FakeCorpus(lang)}
    c["mention"].update(extra.pop("mention", {}))
    c.update(extra)
    return c


class Numbers(unittest.TestCase):
    def test_german_thousands_and_decimals(self):
        self.assertEqual(mutate.parse_number("10.000", "de"), ("10000", "", "."))
        self.assertEqual(mutate.parse_number("8.850,34", "de"), ("8850", "34", "."))
        self.assertEqual(mutate.parse_number("0,9", "de"), ("0", "9", ""))
        self.assertEqual(mutate.format_number(30000, 0, ".", "de"), "30.000")
        self.assertEqual(mutate.format_number(0.45, 2, "", "de"), "0,45")

    def test_english_thousands_and_decimals(self):
        self.assertEqual(mutate.parse_number("2,000", "en"), ("2000", "", ","))
        self.assertEqual(mutate.parse_number("4.75", "en"), ("4", "75", ""))
        self.assertEqual(mutate.format_number(6000, 0, ",", "en"), "6,000")

    def test_every_figure_mutation_changes_the_value(self):
        for seed in range(30):
            op, new = mutate.mutate_figure(candidate("figure", "12.500 Soldaten", "de"),
                                           random.Random(seed))
            self.assertNotEqual(new, "12.500 Soldaten")
            self.assertTrue(new.endswith(" Soldaten"), new)
            value = float(new.split()[0].replace(".", "").replace(",", "."))
            expected = {"x3": [37500], "/2": [6250]}.get(op)
            if expected:
                self.assertEqual(value, expected[0], (op, new))
            else:
                self.assertTrue(125001 <= value <= 125009, (op, new))


class Dates(unittest.TestCase):
    def test_day_or_month_moves(self):
        for seed in range(30):
            c = candidate("date", "7. Juli 2015", "de", mention={"value": "2015-07-07"})
            op, new = mutate.mutate_date(c, random.Random(seed))
            self.assertNotEqual(new, "7. Juli 2015")
            if op == "months":
                self.assertTrue(new.startswith("7. ") and "Juli" not in new, new)
            else:
                self.assertTrue(new.endswith(". Juli 2015"), new)

    def test_numeric_date(self):
        c = candidate("date", "19.1.2016", "de", mention={"value": "2016-01-19"})
        for seed in range(20):
            op, new = mutate.mutate_date(c, random.Random(seed))
            day, month, year = new.split(".")
            self.assertEqual(year, "2016")
            self.assertTrue((op == "days") == (month == "1"), new)


class Names(unittest.TestCase):
    def test_never_a_known_spelling(self):
        c = candidate("name", "Anna Berger", "de", name="Anna Berger")
        for seed in range(40):
            op, new = mutate.mutate_name(c, random.Random(seed))
            self.assertNotIn(new, ("Anna Berger", "Karl Berger") if op != "first-name" else
                             ("Anna Berger",))
            if op != "first-name":
                self.assertEqual(abs(len(new) - len("Anna Berger")) <= 1, True, new)
                self.assertEqual(new[0], "A")


class Sentences(unittest.TestCase):
    def test_titles_and_initials_do_not_end_sentences(self):
        text = "Mr. Smith came at nine. Then J. Doe spoke. Am 7. Juli kam er. Das war alles."
        starts = corroborate.sentences(text)
        self.assertEqual([text[s:s + 4] for s in starts], ["Mr. ", "Then", "Am 7", "Das "])

    def test_jaccard(self):
        self.assertEqual(corroborate.jaccard({"a", "b"}, {"b", "c"}), 1 / 3)


if __name__ == "__main__":
    unittest.main()
