#!/usr/bin/python3
"""Validate a JSON document against a JSON Schema.

Usage: validate_json_schema.py [--closed] [--lines] [--refs DIR] SCHEMA DOCUMENT

The schema's "$schema" picks the draft (draft-04 for SARIF 2.1.0, 2020-12 for wasp's own).
--closed treats every object schema that lists "properties" (and says nothing about other
properties) as if it said "additionalProperties": false, so a field the schema does not document
is an error. Tests use it to keep a published schema complete while the published schema itself
stays open for additive changes. --lines reads DOCUMENT as JSON lines and validates each line.
--refs DIR resolves "$ref"s to other schemas offline, from the *.json files in DIR (found by
their "$id" or by their file name relative to SCHEMA's "$id"); a reference to anything else is
an error rather than a download. The CycloneDX schemas need it (spdx and jsf schemas).

Exit status: 0 valid, 1 invalid (errors on stderr), 2 usage error or unreadable input.
Needs Debian's python3-jsonschema (run with /usr/bin/python3).
"""

import json
import os
import pathlib
import sys
import urllib.parse

import jsonschema


def close(node):
    if isinstance(node, dict):
        if ("properties" in node and "additionalProperties" not in node
                and "patternProperties" not in node):
            node["additionalProperties"] = False
        for key, value in node.items():
            if key in ("properties", "$defs", "definitions", "patternProperties"):
                for sub in value.values():
                    close(sub)
            else:
                close(value)
    elif isinstance(node, list):
        for item in node:
            close(item)


def offline_resolver(schema, refs_dir):
    base = schema.get("$id") or schema.get("id") or ""
    store = {}
    for name in sorted(os.listdir(refs_dir)):
        path = os.path.join(refs_dir, name)
        if not name.endswith(".json") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict):
            continue
        keys = {urllib.parse.urljoin(base, name), pathlib.Path(path).resolve().as_uri()}
        for key in ("$id", "id"):
            if isinstance(doc.get(key), str):
                keys.add(doc[key].rstrip("#"))
        for key in keys:
            store[key] = doc

    def refuse(uri):
        raise jsonschema.exceptions.RefResolutionError(f"{uri} is not in {refs_dir}")

    return jsonschema.RefResolver.from_schema(
        schema, store=store, handlers={"http": refuse, "https": refuse, "ftp": refuse})


def main(argv):
    args = argv[1:]
    closed = "--closed" in args
    lines = "--lines" in args
    refs_dir = None
    if "--refs" in args:
        at = args.index("--refs")
        if at + 1 >= len(args):
            print(__doc__, file=sys.stderr)
            return 2
        refs_dir = args[at + 1]
        del args[at:at + 2]
    args = [a for a in args if a not in ("--closed", "--lines")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            schema = json.load(f)
        with open(args[1], encoding="utf-8") as f:
            if lines:
                documents = [json.loads(line) for line in f if line.strip()]
            else:
                documents = [json.load(f)]
    except (OSError, ValueError) as e:
        print(f"validate_json_schema: {e}", file=sys.stderr)
        return 2
    if closed:
        close(schema)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    options = {"format_checker": jsonschema.FormatChecker()}
    try:
        if refs_dir is not None:
            options["resolver"] = offline_resolver(schema, refs_dir)
        validator = cls(schema, **options)
        errors = []
        for n, document in enumerate(documents):
            found = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
            errors += [(n, e) for e in found]
    except (OSError, ValueError, jsonschema.exceptions.RefResolutionError) as e:
        print(f"validate_json_schema: {e}", file=sys.stderr)
        return 2
    for n, error in errors[:20]:
        path = "/".join(str(p) for p in error.path)
        where = f"{args[1]}:{n + 1}" if lines else args[1]
        print(f"{where}: /{path}: {error.message}", file=sys.stderr)
    if len(errors) > 20:
        print(f"... and {len(errors) - 20} more", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
