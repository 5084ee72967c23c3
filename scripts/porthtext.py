"""The prose in Porth's content, strings and e-mail templates, with line numbers.

Shared by the spelling, mutation and link checks (scripts/spellcheck.py,
scripts/mutationcheck.py, scripts/check-welsh-links.py). Each file is turned into
blocks: a block is a run of lines that reads as one piece of text (a paragraph, a
list item, a heading, a table row, a Fluent value), held as (line number, text)
pairs with the non-prose removed: code, URLs, link targets, placeholders, heading
ids, HTML tags, Fluent ids and variables, front-matter keys and data.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A word: letters used in Welsh and English (accented vowels included), with
# internal hyphens or apostrophes ("Pen-y-bont", "mae'r", "child's").
LETTERS = "A-Za-zÂâÊêÎîÔôÛûŴŵŶŷÄäËëÏïÖöÜüÿÁáÉéÍíÓóÚúÀàÈèÌìÒòÙù"
WORD_RE = re.compile(rf"(?<![0-9{LETTERS}])[{LETTERS}]+(?:[-'’][{LETTERS}]+)*(?![-'’]?[0-9{LETTERS}])")

# The glossaries give the other language's term in emphasis under each term:
# "*Saesneg: additional learning needs (ALN)*" in Welsh, "*Welsh: anghenion dysgu
# ychwanegol (ADY)*" in English. Those words are checked in the other language.
# A gloss in brackets works the same way: "(Welsh: Tribiwnlys Addysg Cymru)".
OTHER_LANGUAGE_RE = {
    "cy": re.compile(r"\*Saesneg: ([^*]*)\*|\(Saesneg: ([^)]*)\)"),
    "en": re.compile(r"\*Welsh: ([^*]*)\*|\(Welsh: ([^)]*)\)"),
}

# Front-matter keys whose values are prose. Everything else is data.
PROSE_KEYS = {"title", "description"}
# In a directory entry (directory/<slug>.md), the prose is the summary and every
# description (of eligibility, cost, phones, schedules) and accessibility note, in any
# table. Names and addresses of services, organisations and places are proper nouns: data.
DIRECTORY_PROSE_KEYS = {"summary", "description", "accessibility"}


def is_directory_entry(path: Path) -> bool:
    return path.parent.name == "directory" and path.suffix == ".md"


def is_welsh(path: Path) -> bool:
    return path.name.endswith(".cy.md") or path.parent.name == "cy"


# The site whose prose is read: the repository's own (the Welsh council's) unless a
# script is pointed at one under sites/ (`spellcheck.py --site sites/england`).
SITE = ROOT


def files(lang: str) -> list[Path]:
    """Every file holding prose in `lang` ("cy" or "en"), sorted. Welsh files are
    """
    # Pages, and the services directory's entries (directory/<slug>.md and .cy.md).
    content = sorted((SITE / "content").rglob("*.md")) + sorted((SITE / "directory").glob("*.md"))
    if lang == "cy":
        pages = [p for p in content if p.name.endswith(".cy.md")]
    else:
        pages = [p for p in content if not p.name.endswith(".cy.md")]
    strings = sorted((SITE / "i18n" / lang).glob("*.ftl"))
    out = pages + strings
    # The directory's taxonomy: one file with a label in each language (words() reads only
    # the labels of the language asked for).
    taxonomy = SITE / "directory" / "taxonomy.toml"
    if taxonomy.is_file():
        out.append(taxonomy)
    if lang == "en" and SITE == ROOT:
        # The templates' own words (not their Fluent keys) are English markup
        # and boilerplate; the Welsh and English wording of every e-mail lives
        # in i18n/*/email.ftl and is checked there.
        out += sorted((ROOT / "templates" / "email").glob("*"))
    return out


def all_files() -> list[Path]:
    """Every file with prose in either language: for the spelling checks, which
    also read the other language's glossary terms (OTHER_LANGUAGE_RE)."""
    return list(dict.fromkeys(files("cy") + files("en")))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


_INLINE = [
    (re.compile(r"`[^`]*`"), " "),  # inline code
    # A placeholder stands for a name or number, which a preceding word does not
    # mutate: keep it as a boundary (";") so the mutation check does not look past it.
    (re.compile(r"\{\{.*?\}\}"), " ; "),  # placeholders
    (re.compile(r"\{%.*?%\}"), " "),  # template tags
    (re.compile(r"\{#[^}]*\}"), " "),  # heading ids
    (re.compile(r"\]\([^)]*\)"), "]"),  # link targets
    (re.compile(r"<https?://[^>]*>"), " "),  # autolinks
    (re.compile(r"https?://\S+"), " "),  # bare URLs
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), " "),  # e-mail addresses
    (re.compile(r"<[^>]*>"), " "),  # HTML tags
    (re.compile(r"&[a-z]+;|&#\d+;"), " "),  # HTML entities
    (re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:cymru|wales|uk|org|com|net)\b"), " "),  # domain names as link text
    (re.compile(r"\((?:[a-z]{1,2}|[ivx]+)\)"), " "),  # paragraph letters: 9(2)(g), 8(1)(d)
    (re.compile(r"\$[\w-]+"), " "),  # Fluent variables
]


def clean(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _markdown(lines: list[str], entry: bool = False) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(current)
        current = []

    i = 0
    if lines and lines[0].strip() == "+++":
        table = None
        i = 1
        while i < len(lines) and lines[i].strip() != "+++":
            line = lines[i]
            m_table = re.match(r"^\s*\[\[?([\w.]+)\]\]?\s*$", line)
            m_key = re.match(r'^\s*(\w+)\s*=\s*"(.*)"\s*$', line)
            if m_table:
                table = m_table.group(1)
            elif m_key and m_key.group(1) in PROSE_KEYS and table in (None, "extra.sources"):
                # Top-level title/description, and the titles of sources.
                blocks.append([(i + 1, clean(m_key.group(2)))])
            elif m_key and entry and m_key.group(1) in DIRECTORY_PROSE_KEYS:
                blocks.append([(i + 1, clean(m_key.group(2)))])
            i += 1
        i += 1
    fence = None
    while i < len(lines):
        line = lines[i]
        no = i + 1
        i += 1
        stripped = line.strip()
        m_fence = re.match(r"^(```|~~~)", stripped)
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if m_fence:
            flush()
            fence = m_fence.group(1)
            continue
        if not stripped:
            flush()
            continue
        if re.match(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)", stripped):
            flush()
            if stripped.startswith("|"):
                if re.match(r"^\|[\s:|-]+\|?$", stripped):
                    continue  # table rule
                # Cells are separate pieces of text: make each edge a boundary.
                blocks.append([(no, clean(stripped).replace("|", " ; "))])
                continue
            if stripped.startswith("#"):
                blocks.append([(no, clean(stripped.lstrip("#")))])
                continue
        current.append((no, clean(re.sub(r"^\s*(?:>\s*)*", "", line))))
    flush()
    return blocks


def _fluent(lines: list[str]) -> list[list[tuple[int, str]]]:
    blocks = []
    for i, line in enumerate(lines):
        no = i + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue  # comments are notes for translators and developers
        m = re.match(r"^(-?[A-Za-z][\w-]*)\s*=(.*)$", line)  # message or term
        if m:
            text = m.group(2)
        else:
            m_attr = re.match(r"^\s+\.[\w-]+\s*=(.*)$", line)
            text = m_attr.group(1) if m_attr else line
        text = re.sub(r"^\s*\*?\[[\w-]+\]", "", text)  # variant keys
        text = re.sub(r"\{[^{}]*\}", " ; ", text)  # placeables (a boundary, as placeholders)
        text = text.replace("{", " ").replace("}", " ")
        text = clean(text)
        if text.strip():
            blocks.append([(no, text)])
    return blocks


def _template(lines: list[str]) -> list[list[tuple[int, str]]]:
    whole = "\n".join(lines)
    # Drop tags with their attributes (style values are CSS, not words), even across lines.
    whole = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", lambda m: "\n" * m.group().count("\n") + " ", whole, flags=re.S)
    whole = re.sub(r"<[^>]*>", lambda m: "\n" * m.group().count("\n") + " ", whole, flags=re.S)
    return [[(i + 1, clean(line))] for i, line in enumerate(whole.split("\n")) if line.strip()]


def _taxonomy(lines: list[str], lang: str | None) -> list[list[tuple[int, str]]]:
    """The labels and descriptions of directory/taxonomy.toml in `lang` (`cy = "…"`,
    `description_cy = "…"`); Welsh when no language is asked (the mutation check)."""
    want = lang or "cy"
    out = []
    for i, line in enumerate(lines):
        m = re.match(r'^\s*(?:description_)?(cy|en)\s*=\s*"(.*)"\s*$', line)
        if m and m.group(1) == want:
            out.append([(i + 1, clean(m.group(2)))])
    return out


def blocks(path: Path, lang: str | None = None) -> list[list[tuple[int, str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if path.suffix == ".md":
        return _markdown(lines, entry=is_directory_entry(path))
    if path.suffix == ".toml":
        return _taxonomy(lines, lang)
    if path.suffix == ".ftl":
        return _fluent(lines)
    return _template(lines)


def split_languages(path: Path, text: str) -> tuple[str, str]:
    """(Welsh text, English text) of one line of `path`."""
    if path.suffix == ".toml":
        return text, text  # the taxonomy: blocks() already kept one language's labels
    own = "cy" if is_welsh(path) else "en"
    marker = OTHER_LANGUAGE_RE[own]
    other = " ".join(m.group(1) or m.group(2) or "" for m in marker.finditer(text))
    own_text = marker.sub(" ", text)
    return (own_text, other) if own == "cy" else (other, own_text)


def words(path: Path, lang: str, phrases: dict[str, int] | None = None, used: set[str] | None = None):
    """Yield (line number, word) for every word of `lang` prose in `path`.

    `phrases` are allow-listed multi-word names ("Education Otherwise"), matched
    across line breaks: their words are not yielded, and each one found is added
    to `used`."""
    for block in blocks(path, lang if path.suffix == ".toml" else None):
        pieces = []
        for no, text in block:
            if path.suffix == ".toml":
                cy, en = (text, text)  # blocks() gave only `lang`'s labels
            else:
                cy, en = split_languages(path, text)
            text = (cy if lang == "cy" else en).replace("**", "").replace("__", "").replace("’", "'")
            pieces.append((no, text))
        joined = "\n".join(t for _, t in pieces)
        for phrase in phrases or {}:
            pattern = re.compile(r"\s+".join(re.escape(w) for w in phrase.split()))
            if pattern.search(joined):
                # Keep the line breaks so that line numbers stay right.
                joined = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), joined)
                if used is not None:
                    used.add(phrase)
        for (no, _), line in zip(pieces, joined.split("\n")):
            for m in WORD_RE.finditer(line):
                yield no, m.group()


def read_list(path: Path) -> list[tuple[int, str, str]]:
    """A reviewed list: one entry a line, then `# comment`. Returns (line, entry, comment)."""
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        body, _, comment = line.partition("#")
        body = body.strip()
        if body:
            out.append((i + 1, body, comment.strip()))
    return out
