#!/usr/bin/env python3
"""Spelling of the site's prose with Hunspell: `spellcheck.py cy` or `spellcheck.py en`.

cy: Bangor University's cy_GB dictionary, as shipped in the PyPI package cymraeg-mcp.
en: British English, Debian's hunspell-en-gb (/usr/share/hunspell/en_GB).

Words the dictionary does not know must be in tests/spelling/allowlist.txt (one list
for both languages), one word or name a line, each with a comment saying what it is:
a proper noun, an abbreviation, the title of a document in the other language, or
(rarely, and with a reference) a correct word missing from the dictionary. An entry
covers its plural (IDPs, CDUau), and in Welsh its mutated forms (gwcis for cwcis);
an entry with a space is a name matched as a whole ("Education Otherwise").

Prints `file:line: word` for each unknown word and `allowlist:line: ...` for entries
that are unexplained or no longer needed, and exits 1 if there are any. Never skips:
a missing dictionary or hunspell is an error.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import porthtext  # noqa: E402

KINDS = ("proper noun", "abbreviation", "title", "not in the dictionary")

# Welsh clitics written after an apostrophe ("mae'r", "i'w", "sy'n", "gyda'ch").
CY_CLITICS = {"r", "n", "i", "w", "m", "u", "ch", "th", "ma", "na", "ti", "e"}


def dictionary(lang: str) -> str:
    if lang == "cy":
        try:
            from cymraeg_mcp.paths import dictionary_base
        except ImportError:
            sys.exit("spellcheck: the Python package cymraeg-mcp is not installed (scripts/install-test-deps installs it)")
        base = dictionary_base()
    else:
        base = Path("/usr/share/hunspell/en_GB")
    for ext in (".aff", ".dic"):
        if not base.with_suffix(ext).is_file():
            sys.exit(f"spellcheck: no Hunspell dictionary at {base}{ext}")
    return str(base)


def unknown_words(dic: str, candidates: list[str]) -> set[str]:
    """The candidates Hunspell does not know, asked in one batch (ispell pipe mode)."""
    try:
        proc = subprocess.run(
            ["hunspell", "-d", dic, "-i", "UTF-8", "-a"],
            input="".join(f"^{w}\n" for w in candidates),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        sys.exit("spellcheck: hunspell is not installed (scripts/install-test-deps installs it)")
    if proc.returncode != 0:
        sys.exit(f"spellcheck: hunspell failed: {proc.stderr.strip()}")
    answers = proc.stdout.split("\n")[1:]  # first line is the version banner
    bad: set[str] = set()
    verdicts: list[bool] = []
    ok = True
    for line in answers:
        if line == "":
            verdicts.append(ok)
            ok = True
        elif line[0] in "&#":
            ok = False
    if len(verdicts) < len(candidates):
        sys.exit(f"spellcheck: hunspell answered {len(verdicts)} of {len(candidates)} words")
    for word, good in zip(candidates, verdicts):
        if not good:
            bad.add(word)
    return bad


def parts(word: str, lang: str) -> list[str]:
    """What must be in the dictionary for `word` to pass, if the word itself is not."""
    if "'" not in word:
        return [word]
    pieces = word.split("'")
    if lang == "cy":
        return [p for p in pieces if p.lower() not in CY_CLITICS]
    if pieces[-1].lower() in ("s", "t", "ll", "re", "ve", "d"):
        return ["'".join(pieces[:-1])]
    return [word]


def radicals(word: str) -> list[str]:
    """The word itself and every radical a Welsh mutation could have made it from."""
    from cymraeg_mcp.mutations import MutationEngine
    from cymraeg_mcp.paths import mutation_rules_path

    global _ENGINE
    if _ENGINE is None:
        _ENGINE = MutationEngine(mutation_rules_path(), lambda _w: False)
    out = [word]
    for kind in ("soft", "nasal", "aspirate"):
        out += _ENGINE.demutate(word, kind)
    return out


_ENGINE = None


def check(lang: str, allow: dict[str, int], used: set[str]) -> list[str]:
    """`file:line: word` for each word of `lang` that is neither known nor allowed."""
    dic = dictionary(lang)
    files = porthtext.all_files()
    phrases = {e: n for e, n in allow.items() if " " in e or "." in e}
    occurrences = [(f, no, w) for f in files for no, w in porthtext.words(f, lang, phrases, used)]
    vocab = sorted({w for _, _, w in occurrences} | {p for _, _, w in occurrences for p in parts(w, lang)})
    bad = unknown_words(dic, vocab)
    if lang == "cy":
        # The dictionary lists radicals and only some mutated forms: a word is
        # also correct if it is the soft, nasal or aspirate mutation of a word
        # it knows ("fer" from "ber", "bwysicach" from "pwysicach").
        candidates = {w: radicals(w)[1:] if w[1:].islower() else [] for w in bad}
        unknown_radicals = unknown_words(dic, sorted({r for rs in candidates.values() for r in rs}))
        bad = {w for w, rs in candidates.items() if not rs or all(r in unknown_radicals for r in rs)}
    plural = "s" if lang == "en" else "au"

    def allowed(w: str) -> bool:
        forms = [w]
        if w.endswith(plural) and w[: -len(plural)].isupper():
            forms.append(w[: -len(plural)])  # plural of an abbreviation
        if lang == "cy":
            forms = [r for f in forms for r in radicals(f)]
        for form in forms:
            for cased in (form, form[:1].lower() + form[1:]):
                if cased in allow:
                    used.add(cased)
                    return True
        return False

    problems = []
    for f, no, w in occurrences:
        if w not in bad:
            continue
        need = [p for p in parts(w, lang) if p in bad]
        if parts(w, lang) != [w] and not need:
            continue  # host word known, clitic split off
        if allowed(w) or (need and all(allowed(p) for p in need)):
            continue
        problems.append(f"{porthtext.rel(f)}:{no}: {w}")
    print(f"{NAMES[lang]}: {len(occurrences)} words in {len(files)} files, {len(problems)} unknown")
    return problems


NAMES = {"cy": "Welsh (Hunspell cy_GB)", "en": "British English (Hunspell en_GB)"}


def main() -> int:
    args = sys.argv[1:]
    allow_path = porthtext.ROOT / "tests" / "spelling" / "allowlist.txt"
    if args[:1] == ["--site"] and len(args) >= 2:
        # Another site the repository ships (sites/england): its own prose, its own
        # short allowlist (tests/spelling/allowlist-<name>.txt).
        porthtext.SITE = (porthtext.ROOT / args[1]).resolve()
        allow_path = porthtext.ROOT / "tests" / "spelling" / f"allowlist-{porthtext.SITE.name}.txt"
        args = args[2:]
    langs = args or ["cy", "en"]
    if any(lang not in NAMES for lang in langs):
        sys.exit("usage: spellcheck.py [--site sites/NAME] [cy] [en]")
    problems: list[str] = []
    allow: dict[str, int] = {}
    shared: set[str] = set()
    if porthtext.SITE != porthtext.ROOT:
        # The repository's list holds what every site shares (EHC, SEN, GDPR…); only the
        # site's own entries are reported when nothing uses them.
        shared = {entry for _, entry, _ in porthtext.read_list(porthtext.ROOT / "tests" / "spelling" / "allowlist.txt")}
        allow.update({entry: 0 for entry in shared})
    for no, entry, comment in porthtext.read_list(allow_path):
        allow[entry] = no
        if not comment.lower().startswith(KINDS):
            problems.append(
                f"{porthtext.rel(allow_path)}:{no}: {entry}: say what it is: # proper noun, "
                f"# abbreviation, # title: <document>, or # not in the dictionary: <reference>"
            )
    # The council's own place names, declared once in config.toml ([areas], a name in each
    # language), are proper nouns: the directory's entries use them, so they need no
    # allowlist entry of their own.
    config = tomllib.loads((porthtext.SITE / "config.toml").read_text(encoding="utf-8"))
    names = [str(area.get(lang, "")) for area in config.get("areas", {}).values() for lang in ("cy", "en")]
    # ... and so is the council's own name ([council.cy] and [council.en] short_name).
    council = config.get("council", {})
    names += [str(council.get(lang, {}).get("short_name", "")) for lang in ("cy", "en")]
    declared = {w for name in names for w in porthtext.WORD_RE.findall(name)}
    for w in declared:
        allow.setdefault(w, 0)
    shared |= declared
    used: set[str] = set()
    for lang in langs:
        problems += check(lang, allow, used)
    if set(langs) == set(NAMES) or porthtext.SITE != porthtext.ROOT:
        # Only a run over every language the site has knows whether an entry is still needed.
        for entry, no in allow.items():
            if entry not in used and entry not in shared:
                problems.append(f"{porthtext.rel(allow_path)}:{no}: {entry}: not needed any more, remove it")
    for p in problems:
        print(p)
    if problems:
        print(f"spelling: {len(problems)} problem(s). Fix the spelling, or add the proper noun, abbreviation "
              f"or title to {porthtext.rel(allow_path)} with a comment saying which it is.")
        return 1
    print(f"spelling: no unknown words; {len(allow)} allow-listed entries, all in use")
    return 0


if __name__ == "__main__":
    sys.exit(main())
