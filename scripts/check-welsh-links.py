#!/usr/bin/env python3
"""A Welsh page's links to bilingual sites go to their Welsh side.

Reads tests/spelling/bilingual-domains.txt (English address, Welsh address, and for
sites that serve both languages from one host the query the Welsh side carries) and
every Welsh page (content/**/*.cy.md): links in the text and source addresses in the
front matter. Prints `file:line: url (use the Welsh address: host)` for each link to
the English side and exits 1 if there are any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import porthtext  # noqa: E402

URL_RE = re.compile(r"https?://[^\s)\"'<>\]]+")


def normal(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    return host, parts.path or "/", parts.query


def main() -> int:
    table_path = porthtext.ROOT / "tests" / "spelling" / "bilingual-domains.txt"
    pairs = []
    for no, entry, _name in porthtext.read_list(table_path):
        fields = entry.split()
        if len(fields) not in (2, 3):
            print(f"{porthtext.rel(table_path)}:{no}: write `english-host welsh-host [welsh-query]`")
            return 1
        pairs.append((fields[0], fields[1], fields[2] if len(fields) == 3 else None))
    # Longest English host first, so hwb.gov.wales is matched before gov.wales.
    pairs.sort(key=lambda p: -len(p[0]))
    problems = []
    pages = [p for p in porthtext.files("cy") if p.suffix == ".md"]
    links = 0
    for page in pages:
        fence = False
        front = False
        entry = porthtext.is_directory_entry(page)
        for no, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip() == "+++":
                front = not front
            # A directory entry's `website` keys must equal the English file's (docs/DIRECTORY.md
            # compares them), so they are not the Welsh file's to change; its description
            # links to the Welsh side instead, and is checked like any page.
            if entry and front and re.match(r"^\s*website\s*=", line):
                continue
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            if fence:
                continue
            for url in URL_RE.findall(line):
                links += 1
                host, _path, query = normal(url)
                for english, welsh, welsh_query in pairs:
                    if host == english or host.endswith("." + english):
                        if welsh_query is None:
                            problems.append(f"{porthtext.rel(page)}:{no}: {url} (use the Welsh address: {welsh})")
                        elif welsh_query not in query.split("&"):
                            problems.append(f"{porthtext.rel(page)}:{no}: {url} (use the Welsh page: add ?{welsh_query})")
                        break
    for p in problems:
        print(p)
    print(f"Welsh links: {links} external links in {len(pages)} Welsh pages, {len(problems)} to the English side of a bilingual site")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
