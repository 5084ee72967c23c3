# Usage: python3 bench/search-queries.py /tmp/search-corpus queries.txt
# Realistic queries for the bench corpus: one to four of the corpus's own words (titles and
# bodies), a few misspelt, in each language; deterministic.
import random, re, glob, sys
random.seed(22)
out = []
for lang, pat in (("en", "*[!y].md"), ("cy", "*.cy.md")):
    files = sorted(glob.glob(f"{sys.argv[1]}/content/*/{pat}"))
    files = [f for f in files if not f.endswith("_index.md") and not f.endswith("_index.cy.md")]
    for f in random.sample(files, 150):
        text = open(f).read().split("+++")[2]
        words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
        n = random.choice([1, 1, 2, 2, 2, 3, 4])
        i = random.randrange(0, len(words) - n)
        q = words[i:i + n]
        if random.random() < 0.15:
            w = q[0]
            j = random.randrange(1, len(w) - 1)
            q[0] = w[:j] + w[j + 1:]
        out.append(f"{lang} | {' '.join(q).lower()} |")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print(len(out))
