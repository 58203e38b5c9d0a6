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


def source_root(build):
    """The tree the build was configured from (CMakeCache.txt), to name sources relative to it."""
    cache = Path(build) / "CMakeCache.txt"
    if cache.exists():
        for line in cache.read_text().splitlines():
            if line.startswith("CMAKE_HOME_DIRECTORY:"):
                return line.split("=", 1)[1]
    return None



def base_name(demangled):
    """A demangled function's qualified name without its parameters."""
    depth = 0
    for i, c in enumerate(demangled):
        if c in "<[":
            depth += 1
        elif c in ">]":
            depth -= 1
        elif c == "(" and depth == 0 and i > 0:
            return demangled[:i]
    return demangled


def symbols(objects, undefined_only):
    """The mangled names the objects reference (undefined) or, if not undefined_only, also define."""
    names = set()
    for obj in objects:
        args = ["nm", "--undefined-only" if undefined_only else "--extern-only", str(obj)]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if parts:
                names.add(parts[-1])
    return names


def demangle(names):
    if not names:
        return []
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()


def batches_of(build):
    """For each batch object: (its target, the sources it includes, relative to the tree)."""
    found = []
    for unity in sorted(Path(build).glob("**/CMakeFiles/*.dir/Unity/unity_*_cxx.cxx")):
        obj = unity.with_name(unity.name + ".o")
        if not obj.exists():
            continue
        members = INCLUDE.findall(unity.read_text())
        found.append((unity.parent.parent.name.removesuffix(".dir"), obj, members))
    return found


def alone_object(build, target, source, root):
    """Where the one-by-one build put `source`'s object (CMake names it after the path)."""
    relative = Path(source).relative_to(root) if root else Path(source).name
    for candidate in Path(build).glob(f"**/CMakeFiles/{target}.dir/{relative}.o"):
        return candidate
    return None


def main():
    if len(sys.argv) != 3:
        print("usage: unity_calls.py ONE_BY_ONE_BUILD BATCHED_BUILD", file=sys.stderr)
        return 2
    alone_build, batched_build = sys.argv[1], sys.argv[2]
    root = source_root(batched_build)
    by_target = {}
    for target, obj, members in batches_of(batched_build):
        alone = [alone_object(alone_build, target, m, root) for m in members]
        if not members or None in alone:  # a source the other build did not compile alone
            continue
        entry = by_target.setdefault(target, [0, 0, set(), set()])
        entry[0] += 1
        entry[1] += len(members)
        own = symbols(alone, undefined_only=False)
        extra = demangle(sorted(symbols([obj], undefined_only=True) - own))
        own_names = {base_name(n) for n in demangle(sorted(own))}
        for name in extra:
            (entry[2] if base_name(name) in own_names else entry[3]).add(name)
    if not by_target:
        print("unity_calls.py: no batch whose sources the other build compiled one by one",
              file=sys.stderr)
        return 2
    overloads = 0
    for target, (batches, sources, chosen, out_of_line) in sorted(by_target.items()):
        print(f"{target}: {batches} batches of {sources} sources: {len(chosen)} other overloads, "
              f"{len(out_of_line)} calls left out of line")
        for name in sorted(chosen):
            print(f"  OTHER OVERLOAD: {name}")
        for name in sorted(out_of_line):
            print(f"  out of line: {name}")
        overloads += len(chosen)
    return 1 if overloads else 0


if __name__ == "__main__":
    sys.exit(main())
