#!/usr/bin/env python3
"""Compares wasp's IAM decisions with an independent engine's on a generated corpus.

    compare.py WASP MODULE_DIR CORPUS_DIR

Runs `wasp iam eval -f json` on every document of CORPUS_DIR (a few hundred per process) and
oracle.mjs on the same documents, and prints: total, agreements, disagreements by category (the
two decisions, and the known difference that explains them, if one does), with the first
disagreeing documents of each category. Exits 1 when a disagreement is not explained by a class
of known-differences.md, or when either side fails to decide a document.

A known difference is declared in known-differences.md by a comment line
    <!-- known: id=ID; features=F1,F2; wasp=DECISION; oracle=DECISION -->
It explains a disagreement when the document has every listed feature (from the corpus's
manifest.jsonl) and the two decisions are the listed ones.
"""

import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 300
SHOW = 3


def known_differences():
    rules = []
    pattern = re.compile(r"<!--\s*known:\s*(.*?)\s*-->")
    with open(os.path.join(HERE, "known-differences.md")) as f:
        for m in pattern.finditer(f.read()):
            fields = dict(p.strip().split("=", 1) for p in m.group(1).split(";") if "=" in p)
            rules.append({
                "id": fields["id"],
                "features": {x for x in fields.get("features", "").split(",") if x},
                "wasp": fields["wasp"],
                "oracle": fields["oracle"],
            })
    return rules


def run_wasp(wasp, paths):
    out = {}
    for i in range(0, len(paths), BATCH):
        batch = paths[i:i + BATCH]
        p = subprocess.run([wasp, "iam", "eval", "-f", "json", *batch], capture_output=True,
                           text=True)
        if p.returncode not in (0, 2):
            sys.exit(f"compare: wasp exited {p.returncode}: {p.stderr[:2000]}")
        if len(batch) == 1:
            d = json.loads(p.stdout)
            d["file"] = batch[0]
            out[os.path.basename(batch[0])] = d.get("decision")
            continue
        for line in p.stdout.splitlines():
            d = json.loads(line)
            out[os.path.basename(d["file"])] = d.get("decision")
    return out


def run_oracle(module_dir, paths):
    out, errors = {}, {}
    for i in range(0, len(paths), 1000):
        p = subprocess.run(["node", os.path.join(HERE, "oracle.mjs"), module_dir,
                            *paths[i:i + 1000]], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"compare: the oracle exited {p.returncode}: {p.stderr[:2000]}")
        for line in p.stdout.splitlines():
            d = json.loads(line)
            if "error" in d:
                errors[d["file"]] = d["error"]
            out[d["file"]] = d.get("decision")
        sys.stderr.write(p.stderr if i == 0 else "")
    return out, errors


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    wasp, module_dir, corpus = sys.argv[1:]
    features = {}
    with open(os.path.join(corpus, "manifest.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            features[d["file"]] = set(d["features"])
    names = sorted(features)
    paths = [os.path.join(corpus, n) for n in names]
    ours = run_wasp(wasp, paths)
    theirs, oracle_errors = run_oracle(module_dir, paths)
    rules = known_differences()

    agree = 0
    categories = collections.OrderedDict()
    unexplained = 0
    for n in names:
        w, o = ours.get(n), theirs.get(n)
        if w is not None and w == o:
            agree += 1
            continue
        known = None
        if w is not None and o is not None:
            for rule in rules:
                if rule["features"] <= features[n] and rule["wasp"] == w and rule["oracle"] == o:
                    known = rule["id"]
                    break
        if known is None:
            unexplained += 1
        label = (f"wasp {w or 'no decision'}, oracle "
                 f"{o or 'error: ' + oracle_errors.get(n, 'no decision')}")
        label += f" (known: {known})" if known else " (NOT KNOWN)"
        categories.setdefault(label, []).append(n)

    total = len(names)
    print(f"{total} documents, {agree} agree, {total - agree} disagree "
          f"({total - agree - unexplained} known differences, {unexplained} not known)")
    for label, files in sorted(categories.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(files):5d}  {label}")
        for n in files[:SHOW]:
            print(f"         {os.path.join(corpus, n)}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
