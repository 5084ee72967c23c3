#!/usr/bin/env python3
"""Generates a directory of N services (English and Welsh files) in Porth's entry format
(docs/DIRECTORY.md) into SITE/directory/, with a taxonomy, and adds [postcode_districts]
for the site's areas to SITE/config.toml. Deterministic: the same N gives the same files.

Usage: python3 bench/gen_directory.py SITE N
"""
import os
import random
import sys

CATEGORIES = [
    ("health", "Iechyd a therapïau", "Health and therapies"),
    ("short-breaks", "Seibiannau byr", "Short breaks"),
    ("education", "Addysg", "Education"),
    ("leisure", "Hamdden", "Leisure and activities"),
    ("support-groups", "Grwpiau cymorth", "Support groups"),
    ("advice", "Cyngor a chymorth", "Advice and support"),
    ("transport", "Trafnidiaeth", "Transport"),
    ("adulthood", "Paratoi ar gyfer bod yn oedolyn", "Preparing for adulthood"),
    ("home-education", "Addysg yn y cartref", "Home education"),
]
NEEDS = [
    ("autism", "Awtistiaeth", "Autism"),
    ("speech-language-communication", "Lleferydd, iaith a chyfathrebu", "Speech, language and communication"),
    ("physical", "Anabledd corfforol", "Physical disability"),
    ("sensory", "Nam ar y synhwyrau", "Sensory impairment"),
    ("social-emotional", "Iechyd cymdeithasol, emosiynol a meddyliol", "Social, emotional and mental health"),
    ("learning", "Anawsterau dysgu", "Learning difficulties"),
]
WORDS_EN = "play group therapy support parents children family session music swimming advice club holiday art drama sport reading talking listening friendly quiet".split()
WORDS_CY = "chwarae grŵp therapi cymorth rhieni plant teulu sesiwn cerddoriaeth nofio cyngor clwb gwyliau celf drama chwaraeon darllen siarad gwrando cyfeillgar tawel".split()
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]


def main():
    site, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(19)
    d = os.path.join(site, "directory")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "taxonomy.toml"), "w") as f:
        for kind, terms in (("categories", CATEGORIES), ("needs", NEEDS)):
            for key, cy, en in terms:
                f.write(f'[{kind}.{key}]\ncy = "{cy}"\nen = "{en}"\n\n')
    config_path = os.path.join(site, "config.toml")
    config = open(config_path).read()
    areas = [line.strip()[len("[areas."):-1] for line in config.splitlines() if line.strip().startswith("[areas.")]
    if "[postcode_districts]" not in config:
        with open(config_path, "a") as f:
            f.write("\n[postcode_districts]\n")
            for i, a in enumerate(areas):
                f.write(f'WM{i + 1} = "{a}"\n')
    for i in range(n):
        cats = rnd.sample([c[0] for c in CATEGORIES], rnd.randint(1, 2))
        needs = rnd.sample([x[0] for x in NEEDS], rnd.randint(0, 2))
        area = ["all"] if rnd.random() < 0.3 or not areas else rnd.sample(areas, 1)
        lo = rnd.randint(0, 12)
        hi = rnd.randint(lo, 25)
        free = rnd.random() < 0.6
        welsh = rnd.random() < 0.4
        words = rnd.sample(range(len(WORDS_EN)), 3)
        schedule = None
        if rnd.random() < 0.7:
            if rnd.random() < 0.8:
                schedule = ("weekly", [rnd.choice(DAYS)])
            else:
                schedule = ("monthly", [f"{rnd.choice([1, 2, 3, -1])}{rnd.choice(DAYS)}"])
        month = rnd.randint(1, 11)
        for lang in ("en", "cy"):
            vocab = WORDS_EN if lang == "en" else WORDS_CY
            title = " ".join(vocab[w] for w in words).capitalize() + f" {i}"
            lines = [
                "+++",
                f'name = "{title}"',
                f'summary = "{" ".join(rnd.choice(vocab) for _ in range(12)).capitalize()}."',
                'status = "active"',
                f"reviewed = 2026-{month:02d}-15",
                f'website = "https://www.example.org/service-{i}"',
                f"categories = {cats!r}".replace("'", '"'),
                f"needs = {needs!r}".replace("'", '"'),
                f"areas = {area!r}".replace("'", '"'),
                f'languages = {["cy", "en"] if welsh else ["en"]!r}'.replace("'", '"'),
                'referral = "self"',
                "",
                "[organisation]",
                f'name = "{"Organisation" if lang == "en" else "Sefydliad"} {i % 300}"',
                "",
                "[eligibility]",
                f"min_age = {lo}",
                f"max_age = {hi}",
                "",
                "[cost]",
                f"free = {'true' if free else 'false'}",
            ]
            if not free:
                lines.append('description = "£3 a session."' if lang == "en" else 'description = "£3 y sesiwn."')
            lines += ["", "[[phones]]", f'number = "01632 960 {i % 1000:03d}"', "", "[[locations]]",
                      f'name = "Centre {i % 50}"', f'address = "{i % 90 + 1} High Street, Westmere"',
                      f'postcode = "WM{i % max(1, len(areas)) + 1} {i % 9 + 1}AB"']
            if schedule:
                lines += ["", "[[schedules]]", f'freq = "{schedule[0]}"', f"byday = {schedule[1]!r}".replace("'", '"'),
                          'opens_at = "10:00"', 'closes_at = "12:00"']
            lines += ["+++", "", " ".join(rnd.choice(vocab) for _ in range(80)).capitalize() + ".", ""]
            name = f"service-{i:05d}.md" if lang == "en" else f"service-{i:05d}.cy.md"
            with open(os.path.join(d, name), "w") as f:
                f.write("\n".join(lines))


if __name__ == "__main__":
    main()
