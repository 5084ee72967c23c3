#!/usr/bin/env python3
"""Tests of scripts/welshrules.py: each rule flags the wrong form and passes the right one."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from welshrules import findings  # noqa: E402


class ListBreak(unittest.TestCase):
    def test_a_before_a_vowel_across_a_list_item_is_flagged(self):
        text = "Gallwch ei defnyddio:\n\n- os ydych chi'n rhiant, a\n- os yw eich plentyn yn byw yma\n"
        self.assertEqual(findings(text), [(3, "a os -> ac os (\"ac\" before a vowel)")])

    def test_ac_before_a_vowel_passes(self):
        self.assertEqual(findings("- os ydych chi'n rhiant, ac\n- os yw eich plentyn yn byw yma\n"), [])

    def test_a_before_the_article_is_flagged_even_in_bold(self):
        text = "- anghenion y plentyn, a\n- y **ddarpariaeth** sydd ei hangen\n"
        self.assertEqual(findings(text), [(1, "a y -> a'r (\"a\" + article is \"a'r\")")])

    def test_a_before_a_consonant_passes(self):
        self.assertEqual(findings("- eich plentyn, a\n- **pherson** ifanc\n"), [])

    def test_a_inside_a_line_before_a_vowel_passes(self):
        # "a oes" (whether there is) is right.
        self.assertEqual(findings("Gofynnwch a oes lle ar gael.\n"), [])

    def test_a_yr_inside_a_line_is_flagged(self):
        self.assertEqual(findings("y rhieni a yr ysgol\n"), [(1, "a yr -> a'r (\"a\" + article is \"a'r\")")])


class Nes(unittest.TestCase):
    def test_nes_bydd_is_flagged_across_a_line_break(self):
        self.assertEqual(findings("heddiw na nes\nbydd y Ddeddf yn dechrau\n"), [(1, "nes bydd -> nes y bydd")])

    def test_nes_y_bydd_and_nes_bod_pass(self):
        self.assertEqual(findings("nes y bydd y Ddeddf yn dechrau, a nes bod y cyngor yn cytuno\n"), [])


if __name__ == "__main__":
    unittest.main()
