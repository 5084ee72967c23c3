"""Two Welsh grammar rules the mutation checker (cymraeg-mcp) does not cover, kept here
so that a fix stays fixed. Used by scripts/mutationcheck.py; tested by
scripts/test_welshrules.py.

1. "a" (and) becomes "ac" before a vowel, and "a" + "y"/"yr" (the) becomes "a'r". The
   checker reads a sentence whose list item breaks it ("..., a" / "- os yw ...") as two
   texts, so this rule reads across that break: a line ending in the word "a" and the
   next list item's first word. Within a line it flags only "a y"/"a yr", because "a"
   before a vowel inside a line is often right ("a oes" = whether there is, "a oedd" after
   a relative).
2. "nes" (until) before a form of "bod" in the future or conditional takes "y":
   "nes y bydd", not "nes bydd" ("nes bod" is right and is not flagged).
"""

from __future__ import annotations

import re

VOWELS = "aeiouâêîôûáéíóú"
# A line ending in the word "a", then a list item; the item's first word (after any
# bold or link markup) is captured.
_LIST_BREAK = re.compile(r"(?<![\w'’])a[ \t]*\n[ \t]*(?:[-*+]|\d+\.)[ \t]+[*_\[]*([\w'’]+)", re.IGNORECASE)
_A_ARTICLE = re.compile(r"(?<![\w'’])a[ \t]+(yr?)(?![\w'’])", re.IGNORECASE)
_NES_BYDD = re.compile(r"(?<![\w'’])nes\s+(bydd\w*)(?![\w'’])", re.IGNORECASE)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def findings(text: str) -> list[tuple[int, str]]:
    """(line, message) for each breach of the rules in `text`, lines counted from 1."""
    out: list[tuple[int, str]] = []
    for m in _LIST_BREAK.finditer(text):
        word = m.group(1)
        low = word.lower()
        if low in ("y", "yr"):
            out.append((_line(text, m.start()), f"a {word} -> a'r (\"a\" + article is \"a'r\")"))
        elif low[0] in VOWELS or (low[0] == "y" and len(low) > 1):
            out.append((_line(text, m.start()), f"a {word} -> ac {word} (\"ac\" before a vowel)"))
    for m in _A_ARTICLE.finditer(text):
        out.append((_line(text, m.start()), f"a {m.group(1)} -> a'r (\"a\" + article is \"a'r\")"))
    for m in _NES_BYDD.finditer(text):
        out.append((_line(text, m.start()), f"nes {m.group(1)} -> nes y {m.group(1)}"))
    return sorted(out)
