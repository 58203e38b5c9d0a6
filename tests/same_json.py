#!/usr/bin/env python3
"""Two synack JSON reports agree on everything but the time taken (and any other keys
named after the files): exit 0, else 1 and the results that differ.
Usage: same_json.py A.json B.json [KEY...]"""
import json
import sys


IGNORED = {"seconds", *sys.argv[3:]}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in IGNORED}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    for x, y in zip(a["results"], b["results"]):
        if x != y:
            print(f"differs: {x['scenario']} {x['property']}", file=sys.stderr)
    for x, y in zip(a.get("coverage", []), b.get("coverage", [])):
        if x != y:
            print(f"differs: coverage of {x['scenario']}", file=sys.stderr)
    sys.exit(1)
