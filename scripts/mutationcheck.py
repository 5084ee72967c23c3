#!/usr/bin/env python3
"""Welsh mutations (treiglad) in every Welsh page and string.

Runs the deterministic mutation checker of the PyPI package cymraeg-mcp (soft, nasal
and aspirate mutations after their triggers: neu, a, yn, fy, ei, i, o, gan…), used as a
library with its bundled Hunspell cy_GB dictionary, over the Welsh content
(*.cy.md) and Welsh Fluent strings (i18n/cy/*.ftl, which hold the Welsh e-mail text).

It also applies the two rules in scripts/welshrules.py ("ac"/"a'r" across a list
break, "nes y bydd"), which the package does not cover.

Every high-confidence finding must be fixed in the text or listed, with the reason it
is right as written, in tests/spelling/mutation-exceptions.txt:

    content/contact.cy.md  neu darllenwch  # reason

Prints `file:line: trigger word -> suggestion (rule)` for each unexcused finding and
`mutation-exceptions.txt:line: ...` for exceptions that are unexplained or no longer
match anything, and exits 1 if there are any. Medium-confidence findings are printed
for the editor's information (`--all`) but do not fail the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import porthtext  # noqa: E402
import welshrules  # noqa: E402

try:
    from cymraeg_mcp import spelling
    from cymraeg_mcp.mutations import MutationEngine
    from cymraeg_mcp.paths import mutation_rules_path
except ImportError:
    sys.exit("mutationcheck: the Python package cymraeg-mcp is not installed (scripts/install-test-deps installs it)")


def findings(engine: MutationEngine, path: Path):
    """(line, finding) for every finding in the Welsh prose of `path`."""
    for block in porthtext.blocks(path):
        # Check the block as one text so that a trigger at the end of one line
        # governs the first word of the next; map offsets back to lines.
        starts, parts, offset = [], [], 0
        for no, text in block:
            welsh, _english = porthtext.split_languages(path, text)
            welsh = welsh.replace("**", "").replace("__", "").replace("’", "'")
            starts.append((offset, no))
            parts.append(welsh)
            offset += len(welsh) + 1
        joined = " ".join(parts)
        for f in engine.check_text(joined, include_low_confidence=False):
            line = max(no for start, no in starts if start <= f.start)
            yield line, f


def main() -> int:
    show_all = "--all" in sys.argv
    engine = MutationEngine(mutation_rules_path(), spelling.lookup)
    exc_path = porthtext.ROOT / "tests" / "spelling" / "mutation-exceptions.txt"
    problems: list[str] = []
    exceptions: dict[tuple[str, str], int] = {}
    for no, entry, reason in porthtext.read_list(exc_path):
        fields = entry.split()
        if len(fields) != 3 or not reason:
            problems.append(f"{porthtext.rel(exc_path)}:{no}: write `file trigger word  # reason`")
            continue
        exceptions[(fields[0], f"{fields[1]} {fields[2]}".lower())] = no
    used: set[tuple[str, str]] = set()
    files = [f for f in porthtext.files("cy") if porthtext.is_welsh(f) or f.suffix == ".toml"]
    high = medium = excused = 0
    for path in files:
        for line, f in findings(engine, path):
            pair = f"{f.trigger} {f.word}"
            where = f"{porthtext.rel(path)}:{line}: {pair} -> {' / '.join(f.suggestions)} ({f.rule_en}; {f.confidence})"
            if f.confidence != "high":
                medium += 1
                if show_all:
                    print(f"note: {where}")
                continue
            high += 1
            key = (porthtext.rel(path), pair.lower())
            if key in exceptions:
                used.add(key)
                excused += 1
                continue
            problems.append(where)
    # The project's own rules ("ac" before a vowel across a list break, "a'r", "nes y bydd"):
    # see scripts/welshrules.py.
    own = 0
    for path in files:
        for line, message in welshrules.findings(path.read_text(encoding="utf-8")):
            own += 1
            key = (porthtext.rel(path), " ".join(message.split()[:2]).lower())
            if key in exceptions:
                used.add(key)
                excused += 1
                continue
            problems.append(f"{porthtext.rel(path)}:{line}: {message} (welshrules)")
    for key, no in exceptions.items():
        if key not in used:
            problems.append(f"{porthtext.rel(exc_path)}:{no}: {key[0]} {key[1]}: matches no finding any more, remove it")
    for p in problems:
        print(p)
    summary = (f"Welsh mutations: {len(files)} files, {high} high-confidence finding(s), "
               f"{own} from scripts/welshrules.py, {excused} of them reviewed exceptions ({len(exceptions)} entries), {medium} medium-confidence (not failing; --all shows them)")
    print(summary)
    if problems:
        print(f"mutations: {len(problems)} problem(s). Fix the mutation, or list it with the reason "
              f"it is right in {porthtext.rel(exc_path)}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
