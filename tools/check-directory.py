#!/usr/bin/env python3
"""Check a site's directory entries against docs/DIRECTORY.md, before (and beside) `porth check`.

    python3 tools/check-directory.py [SITE ...]        # default: . and sites/england

Reads SITE/config.toml and SITE/directory/: taxonomy.toml and every <slug>.md (and, on a
site in Welsh and English, <slug>.cy.md). Prints `file:line: problem` for each problem and
exits 1 if there are any. A sample-data check as well as a format check: phone numbers
must be in Ofcom's drama range (01632 960000 to 960999) and every `reviewed` date between
REVIEWED_FROM and REVIEWED_TO, so the shipped samples never ring a real number or fall due.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWED_FROM = dt.date(2026, 6, 1)
REVIEWED_TO = dt.date(2026, 12, 1)

TOP = {"name", "summary", "status", "reviewed", "website", "email", "categories", "needs", "areas",
       "languages", "referral", "organisation", "eligibility", "cost", "phones", "locations", "schedules"}
REQUIRED = {"name", "summary", "status", "reviewed", "categories", "areas", "languages", "referral",
            "organisation", "cost"}
TABLES = {
    "organisation": ({"name", "website"}, {"name"}),
    "eligibility": ({"min_age", "max_age", "description"}, set()),
    "cost": ({"free", "description"}, {"free"}),
}
ARRAYS = {
    "phones": ({"number", "description"}, {"number"}),
    "locations": ({"name", "address", "postcode", "accessibility"}, {"name", "address", "postcode"}),
    "schedules": ({"freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description"},
                  {"freq", "byday", "opens_at", "closes_at"}),
}
STATUS = {"active", "inactive", "defunct", "temporarily closed"}
REFERRAL = {"self", "professional", "either"}
LANGS = {"cy", "en"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A UK postcode in the shape the forms accept (src/service/forms/fields.rs): outward code,
# one space, inward code of a digit and two letters.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) [0-9][A-Z]{2}$")
DRAMA_PHONE = re.compile(r"^01632 960 ?[0-9]{3}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
WEEKLY_DAY = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)$")
MONTHLY_DAY = re.compile(r"^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
# Fields that are words, so they may differ between the Welsh and English files.
WORDS = {"name", "summary", "description", "accessibility", "address"}


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return i
    return 1


def front_matter(path: Path, problems: list[str]) -> tuple[dict, str, str] | None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        problems.append(f"{rel(path)}:1: the file must start with a line `+++`")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        problems.append(f"{rel(path)}:1: no closing `+++` after the front matter")
        return None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        problems.append(f"{rel(path)}:1: front matter is not valid TOML: {e}")
        return None
    body = "\n".join(lines[end + 1:]).strip()
    return data, text, body


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def structure(data, key=""):
    """Everything in an entry that is not words, for comparing the Welsh and English files."""
    if isinstance(data, dict):
        return {k: structure(v, k) for k, v in sorted(data.items()) if k not in WORDS}
    if isinstance(data, list):
        return [structure(v, key) for v in data]
    return data


def check_entry(path: Path, data: dict, text: str, body: str, site: dict, problems: list[str]) -> None:
    def bad(needle: str, msg: str) -> None:
        problems.append(f"{rel(path)}:{line_of(text, needle)}: {msg}")

    for k in data:
        if k not in TOP:
            bad(f"{k}", f"unknown key `{k}`: use one of {', '.join(sorted(TOP))}")
    for k in REQUIRED - data.keys():
        bad("+++", f"missing `{k}`")
    for k, (known, required) in TABLES.items():
        t = data.get(k, {})
        if not isinstance(t, dict):
            bad(f"{k}", f"`{k}` must be a table [{k}]")
            continue
        for kk in t:
            if kk not in known:
                bad(f"{kk} =", f"unknown key `{kk}` in [{k}]: use one of {', '.join(sorted(known))}")
        if k in data:
            for kk in required - t.keys():
                bad(f"[{k}]", f"[{k}] needs `{kk}`")
    for k, (known, required) in ARRAYS.items():
        for item in data.get(k, []):
            for kk in item:
                if kk not in known:
                    bad(f"{kk} =", f"unknown key `{kk}` in [[{k}]]: use one of {', '.join(sorted(known))}")
            for kk in required - item.keys():
                bad(f"[[{k}]]", f"[[{k}]] needs `{kk}`")

    if data.get("status") not in STATUS:
        bad("status =", f"status must be one of {', '.join(sorted(STATUS))}")
    if data.get("referral") not in REFERRAL:
        bad("referral =", f"referral must be one of {', '.join(sorted(REFERRAL))}")
    reviewed = data.get("reviewed")
    if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        bad("reviewed =", "reviewed must be a plain date, e.g. reviewed = 2026-11-20")
    elif not REVIEWED_FROM <= reviewed <= REVIEWED_TO:
        bad("reviewed =", f"sample data: reviewed {reviewed} is outside {REVIEWED_FROM} to {REVIEWED_TO}")
    for lang in data.get("languages", []):
        if lang not in LANGS:
            bad("languages =", f"language `{lang}` is not cy or en")
    if not data.get("languages"):
        bad("languages =", "languages must name at least one language")
    for c in data.get("categories", []):
        if c not in site["categories"]:
            bad(c, f"category `{c}` is not in taxonomy.toml [categories]")
    if not data.get("categories"):
        bad("categories =", "an entry needs at least one category")
    for n in data.get("needs", []):
        if n not in site["needs"]:
            bad(n, f"need `{n}` is not in taxonomy.toml [needs]")
    areas = data.get("areas", [])
    for a in areas:
        if a != "all" and a not in site["areas"]:
            bad("areas =", f"area `{a}` is not in config.toml [areas] (or use [\"all\"])")
    if "all" in areas and len(areas) > 1:
        bad("areas =", "\"all\" stands alone: areas = [\"all\"]")
    if not areas:
        bad("areas =", "areas must name at least one area, or [\"all\"]")
    for k in ("website",):
        if k in data and not str(data[k]).startswith("https://"):
            bad(f"{k} =", f"{k} must start with https://")
    org_site = data.get("organisation", {}).get("website")
    if org_site and not org_site.startswith("https://"):
        bad("website =", "the organisation's website must start with https://")
    if "email" in data and not EMAIL.match(data["email"]):
        bad("email =", f"`{data['email']}` is not an e-mail address")
    if not (data.get("website") or data.get("email") or data.get("phones")):
        bad("+++", "an entry needs a website, an e-mail address or a phone number")
    cost = data.get("cost", {})
    if not isinstance(cost.get("free"), bool):
        bad("free =", "cost.free must be true or false")
    elif not cost["free"] and not str(cost.get("description", "")).strip():
        bad("[cost]", "a service that is not free needs cost.description saying what it costs")
    el = data.get("eligibility", {})
    for k in ("min_age", "max_age"):
        if k in el and (not isinstance(el[k], int) or not 0 <= el[k] <= 120):
            bad(f"{k} =", f"{k} must be a whole number of years")
    if isinstance(el.get("min_age"), int) and isinstance(el.get("max_age"), int) and el["min_age"] > el["max_age"]:
        bad("max_age =", "max_age is below min_age")
    for p in data.get("phones", []):
        if not DRAMA_PHONE.match(str(p.get("number", ""))):
            bad(str(p.get("number")), f"sample phone `{p.get('number')}` is not in Ofcom's drama range 01632 960000-960999")
    for loc in data.get("locations", []):
        pc = str(loc.get("postcode", ""))
        m = POSTCODE.match(pc)
        if not m:
            bad(pc or "[[locations]]", f"`{pc}` is not a postcode like WM1 3DE")
            continue
        district = m.group(1)
        area = site["districts"].get(district)
        if area is None:
            bad(pc, f"postcode district {district} is not in config.toml [postcode_districts]")
        elif "all" not in areas and area not in areas:
            bad(pc, f"postcode {pc} is in area `{area}`, which the entry's areas do not include")
    for s in data.get("schedules", []):
        freq = s.get("freq")
        if freq not in ("weekly", "monthly"):
            bad("freq =", "freq must be weekly or monthly")
        days = s.get("byday", [])
        pattern = WEEKLY_DAY if freq == "weekly" else MONTHLY_DAY
        if not days or not all(isinstance(d, str) and pattern.match(d) for d in days):
            bad("byday =", f"byday {days} does not suit freq = \"{freq}\" (weekly: \"TU\"; monthly: \"1MO\", \"-1FR\")")
        for k in ("opens_at", "closes_at"):
            if not TIME.match(str(s.get(k, ""))):
                bad(f"{k} =", f"{k} must be a time like \"09:30\"")
        if str(s.get("opens_at", "")) >= str(s.get("closes_at", "~")):
            bad("closes_at =", "closes_at must be after opens_at")
        if "valid_from" in s and "valid_to" in s and s["valid_from"] > s["valid_to"]:
            bad("valid_to =", "valid_to is before valid_from")
    if not body:
        bad("+++", "the entry has no description after the front matter")


def load_site(site: Path, problems: list[str]) -> dict | None:
    config = tomllib.loads((site / "config.toml").read_text(encoding="utf-8"))
    tax_path = site / "directory" / "taxonomy.toml"
    if not tax_path.is_file():
        problems.append(f"{rel(tax_path)}:1: no taxonomy file")
        return None
    tax = tomllib.loads(tax_path.read_text(encoding="utf-8"))
    langs = config.get("languages", ["cy", "en"])
    tax_text = tax_path.read_text(encoding="utf-8")
    for group in ("categories", "needs"):
        for key, term in tax.get(group, {}).items():
            line = line_of(tax_text, f"[{group}.{key}]")
            if not SLUG.match(key):
                problems.append(f"{rel(tax_path)}:{line}: key `{key}` is not lower-case letters, digits and hyphens")
            for lang in langs:
                if not str(term.get(lang, "")).strip():
                    problems.append(f"{rel(tax_path)}:{line}: [{group}.{key}] has no label in {lang}")
            for k in term:
                if k not in ("cy", "en", "description_cy", "description_en"):
                    problems.append(f"{rel(tax_path)}:{line}: unknown key `{k}` in [{group}.{key}]")
    districts = config.get("postcode_districts", {})
    for d, area in districts.items():
        if area not in config.get("areas", {}):
            problems.append(f"{rel(site / 'config.toml')}:{line_of((site / 'config.toml').read_text(), d + ' =')}: "
                            f"district {d} names area `{area}`, which is not in [areas]")
    return {
        "langs": langs,
        "categories": tax.get("categories", {}),
        "needs": tax.get("needs", {}),
        "areas": config.get("areas", {}),
        "districts": districts,
    }


def check_site(site: Path, problems: list[str]) -> dict:
    info = load_site(site, problems)
    counts: dict = {"entries": 0, "categories": {}}
    if info is None:
        return counts
    folder = site / "directory"
    english = sorted(p for p in folder.glob("*.md") if not p.name.endswith(".cy.md"))
    welsh = {p.name[: -len(".cy.md")]: p for p in folder.glob("*.cy.md")}
    for path in english:
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(f"{rel(path)}:1: file name `{slug}` is not lower-case letters, digits and hyphens")
        parsed = front_matter(path, problems)
        if parsed is None:
            continue
        data, text, body = parsed
        check_entry(path, data, text, body, info, problems)
        counts["entries"] += 1
        for c in data.get("categories", []):
            counts["categories"][c] = counts["categories"].get(c, 0) + 1
        if "cy" in info["langs"]:
            cy_path = welsh.pop(slug, None)
            if cy_path is None:
                problems.append(f"{rel(path)}:1: no Welsh file {slug}.cy.md beside it")
                continue
            cy = front_matter(cy_path, problems)
            if cy is None:
                continue
            cy_data, cy_text, cy_body = cy
            check_entry(cy_path, cy_data, cy_text, cy_body, info, problems)
            if structure(data) != structure(cy_data):
                a, b = structure(data), structure(cy_data)
                diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                problems.append(f"{rel(cy_path)}:1: differs from {path.name} in fields that are not words: {', '.join(diff)}")
            # A name may be the same in both languages (SNAP Cymru, Urdd Gobaith Cymru).
            for k in ("summary",):
                if data.get(k) and data.get(k) == cy_data.get(k):
                    problems.append(f"{rel(cy_path)}:{line_of(cy_text, k)}: `{k}` is the same as in English: translate it")
    for slug, cy_path in welsh.items():
        problems.append(f"{rel(cy_path)}:1: no English file {slug}.md beside it")
    return counts


def main() -> int:
    sites = [ROOT / s for s in (sys.argv[1:] or [".", "sites/england"])]
    problems: list[str] = []
    for site in sites:
        counts = check_site(site.resolve(), problems)
        cats = ", ".join(f"{k} {v}" for k, v in sorted(counts["categories"].items()))
        print(f"{rel(site.resolve()) or '.'}: {counts['entries']} entries ({cats})")
    for p in problems:
        print(p)
    if problems:
        print(f"directory: {len(problems)} problem(s)")
        return 1
    print("directory: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
