#!/usr/bin/env python3
"""Checks that batching a target's sources calls the same functions as compiling them one by one.

A unity build (CMakeLists.txt, "Unity builds") compiles a target's sources in batches, one
translation unit per batch. tests/unity_names.py refuses the names a source defines for
itself that a batch-mate could meet; what it cannot see is a header that only a batch-mate
includes bringing an overload that a call in another source then prefers. Such a call
names a function that the source compiled alone does not: it shows in the object's symbols.

So this compares two builds of the same tree with the same flags, one that compiled a
target one source at a time and one that batched it. For each batch, a function its object
calls from outside (an undefined symbol) that none of its own sources, compiled alone, calls
or defines is listed: another overload when those sources call or define a function of
the same name (the check fails), else a call the batch left out of line where the sources
alone inlined it, such as a standard stream's constructor (listed, not a failure). A
function defined in another source cannot be inlined into a source alone, so a batch that
calls another overload of it always shows as the first kind. What it cannot see: a call
whose new choice is defined in the same batch, or inlined there, names no symbol.

Usage: unity_calls.py ONE_BY_ONE_BUILD BATCHED_BUILD. Prints each target it compared and
its batches' extra calls; exits 1 if one is another overload, 2 if no batch's sources were
compiled one by one in the other build.
"""
import re
import subprocess
import sys
from pathlib import Path

INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)


class Failure(Exception):
    """What keeps the comparison from being made: one line, exit 2."""


def base_name(demangled):
    """A demangled function's qualified name: no return type, template arguments, parameters,
    qualifiers or ABI tags (`long ns::f<int>(int) const` -> `ns::f`, operators kept whole)."""
    name = re.sub(r"\[abi:[^\]]*\]", "", demangled)
    end = name.rfind(")")
    if end < 0:
        return name  # a variable, a vtable, a typeinfo: named as it is
    depth = 0
    for i in range(end, -1, -1):  # back to the '(' that opens the parameter list
        depth += {")": 1, "(": -1}.get(name[i], 0)
        if depth == 0:
            name = name[:i]
            break
    if not re.search(r"operator\W+$", name) and name.endswith(">"):
        depth = 0
        for i in range(len(name) - 1, -1, -1):  # the template's arguments
            depth += {">": 1, "<": -1}.get(name[i], 0)
            if depth == 0:
                name = name[:i].rstrip()
                break
    # The return type ends at the last space outside brackets, before any `operator`.
    at_operator = name.find("operator")
    scan = name if at_operator < 0 else name[:at_operator]
    depth, start = 0, 0
    for i, c in enumerate(scan):
        depth += {"<": 1, "(": 1, ">": -1, ")": -1}.get(c, 0)
        if c == " " and depth == 0:
            start = i + 1
    return name[start:]


def symbols(objects, undefined_only):
    """The mangled names the objects reference (undefined) or, if not undefined_only, also define."""
    names = set()
    for obj in objects:
        args = ["nm", "--undefined-only" if undefined_only else "--extern-only", str(obj)]
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            raise Failure(f"nm could not read {obj}: {run.stderr.strip()}")
        for line in run.stdout.splitlines():
            parts = line.split()
            if parts:
                names.add(parts[-1])
    return names


def demangle(names):
    if not names:
        return []
    run = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True)
    if run.returncode != 0:
        raise Failure(f"c++filt failed: {run.stderr.strip()}")
    return run.stdout.splitlines()


def batches_of(build):
    """For each batch object: (its target, the object, the sources it includes)."""
    found = []
    for unity in sorted(Path(build).glob("**/CMakeFiles/*.dir/Unity/unity_*_cxx.cxx")):
        obj = unity.with_name(unity.name + ".o")
        if obj.exists():
            target = unity.parent.parent.name.removesuffix(".dir")
            found.append((target, obj, INCLUDE.findall(unity.read_text())))
    return found


def alone_objects(build):
    """For each target: its objects compiled one source at a time, by their path in CMake's
    naming (relative to the target's directory, `__/` for each step out of it)."""
    found = {}
    for target_dir in Path(build).glob("**/CMakeFiles/*.dir"):
        objects = {}
        for obj in target_dir.rglob("*.o"):
            relative = obj.relative_to(target_dir).as_posix()
            if not relative.startswith("Unity/"):
                objects[relative.removesuffix(".o")] = obj
        found[target_dir.name.removesuffix(".dir")] = objects
    return found


def alone_object(objects, source):
    """The object whose path, without CMake's `__/` steps, ends the source's: the longest."""
    best, best_length = None, 0
    for relative, obj in objects.items():
        tail = re.sub(r"^(__/)+", "", relative)
        if (source == tail or source.endswith("/" + tail)) and len(tail) > best_length:
            best, best_length = obj, len(tail)
    return best


def compare(alone_build, batched_build):
    alone = alone_objects(alone_build)
    by_target = {}
    for target, obj, members in batches_of(batched_build):
        entry = by_target.setdefault(target, {"batches": 0, "sources": 0, "skipped": 0,
                                              "chosen": set(), "out_of_line": set()})
        singles = [alone_object(alone.get(target, {}), m) for m in members]
        if not members or None in singles:  # the other build did not compile them alone
            entry["skipped"] += 1
            continue
        entry["batches"] += 1
        entry["sources"] += len(members)
        own = symbols(singles, undefined_only=False)
        own_names = {base_name(n) for n in demangle(sorted(own))}
        for name in demangle(sorted(symbols([obj], undefined_only=True) - own)):
            kind = "chosen" if base_name(name) in own_names else "out_of_line"
            entry[kind].add(name)
    return by_target


def main():
    if len(sys.argv) != 3:
        print("usage: unity_calls.py ONE_BY_ONE_BUILD BATCHED_BUILD", file=sys.stderr)
        return 2
    for build in sys.argv[1:]:
        if not Path(build, "CMakeFiles").is_dir():
            print(f"unity_calls.py: {build} is not a CMake build directory", file=sys.stderr)
            return 2
    try:
        by_target = compare(sys.argv[1], sys.argv[2])
    except Failure as failure:
        print(f"unity_calls.py: {failure}", file=sys.stderr)
        return 2
    if not any(entry["batches"] for entry in by_target.values()):
        print("unity_calls.py: no batch whose sources the first build compiled one by one",
              file=sys.stderr)
        return 2
    overloads = 0
    for target, entry in sorted(by_target.items()):
        skipped = f", {entry['skipped']} batches not compared" if entry["skipped"] else ""
        print(f"{target}: {entry['batches']} batches of {entry['sources']} sources{skipped}: "
              f"{len(entry['chosen'])} other overloads, "
              f"{len(entry['out_of_line'])} calls left out of line")
        for name in sorted(entry["chosen"]):
            print(f"  OTHER OVERLOAD: {name}")
        for name in sorted(entry["out_of_line"]):
            print(f"  out of line: {name}")
        overloads += len(entry["chosen"])
    return 1 if overloads else 0


if __name__ == "__main__":
    sys.exit(main())
