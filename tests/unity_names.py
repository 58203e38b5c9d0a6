#!/usr/bin/env python3
"""Checks that the unity build compiles what the sources say (CMakeLists.txt, "Unity builds").

A unity build compiles a target's sources in batches, one translation unit per batch. A
name a source defines for itself alone (in an anonymous namespace, `static`, or a `const`
variable at namespace scope) is then seen by the sources after it in the batch. A second
definition with the same signature is a compile error, but one with other parameters is an
overload, and a call in the later source could silently take the earlier source's. So
within a target, every such name must be defined in one source only. A `using namespace`
or a macro left defined at namespace scope leaks the same way, and is refused in synack's
own libraries (tests may open namespaces: what they call is checked by what they assert).

Usage: unity_names.py BUILD_DIR. Reads the batches CMake wrote (CMakeFiles/*.dir/Unity/);
prints one line per clash and exits 1, or says how many sources it read and exits 0.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z_]\w*|::|\S")


def strip(text):
    """The source without comments, string and character literals; preprocessor lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            open_paren = text.find("(", i)
            delimiter = text[i + 2:open_paren]
            end = text.find(")" + delimiter + '"', open_paren)
            i = end + len(delimiter) + 2
            out.append('""')
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            # A digit separator (1'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and text[i - 1] not in "uUL":
                out.append(" ")
                i += 1
                continue
            i = j + 1
            out.append('""')
        else:
            out.append(c)
            i += 1
    return "".join(out)


def declared_name(tokens):
    """The name a namespace-scope statement declares, and whether it is file-local."""
    t = list(tokens)
    while t and t[0] == "template":  # template <...>
        depth, k = 0, 1
        while k < len(t):
            depth += {"<": 1, ">": -1}.get(t[k], 0)
            k += 1
            if depth == 0:
                break
        t = t[k:]
    if not t or t[0] in ("static_assert", "extern", "friend", "typedef", "__attribute__"):
        return None, False
    if t[0] == "using":  # an alias: the same alias in two sources is no clash
        return (t[1] + " = " + " ".join(t[3:]), True) if len(t) > 2 and t[2] == "=" else (None, False)
    if t[0] in ("struct", "class", "union", "enum"):
        rest = [x for x in t[1:] if x not in ("class", "struct", "final")]
        names = [x for x in rest if re.fullmatch(r"[A-Za-z_]\w*", x)]
        return (names[0], True) if names else (None, False)
    local = "static" in t or (("constexpr" in t or "const" in t[:2]) and "inline" not in t)
    depth = 0
    for k, x in enumerate(t):
        if x in "([" and depth == 0 and x == "(":
            if k > 0 and t[k - 1] != "operator" and (k < 2 or t[k - 2] != "::"):
                if "operator" in t[:k]:
                    return None, False
                return t[k - 1], local
            return None, False
        if x in ("=", "{", "[") and depth == 0:
            return (t[k - 1], local) if k > 0 and (k < 2 or t[k - 2] != "::") else (None, False)
        depth += {"<": 1, ">": -1}.get(x, 0)
    return (t[-1], local) if re.fullmatch(r"[A-Za-z_]\w*", t[-1]) else (None, False)


def file_local_names(path):
    """(name, kind) pairs a source defines for itself, and the leaks it leaves behind."""
    text = strip(path.read_text())
    names, leaks, defined = set(), [], {}
    code = []
    for number, line in enumerate(text.split("\n"), 1):
        directive = re.match(r"\s*#\s*(define|undef)\s+(\w+)", line)
        if directive:
            if directive[1] == "define":
                defined[directive[2]] = number
            else:
                defined.pop(directive[2], None)
        code.append("" if line.lstrip().startswith("#") else line)
    leaks += [f"{path}:{line}: macro {name} left defined" for name, line in defined.items()]
    scopes, statement, pending_namespace = ["namespace"], [], None
    for token in TOKEN.findall("\n".join(code)):
        at_namespace_scope = scopes[-1] in ("namespace", "anonymous")
        if token == "{":
            if pending_namespace is not None:
                scopes.append("anonymous" if not pending_namespace else "namespace")
            else:
                if at_namespace_scope and statement:
                    name, local = declared_name(statement)
                    if name and (local or scopes[-1] == "anonymous" or
                                 statement[0] in ("struct", "class", "union", "enum")):
                        names.add(name)
                scopes.append("block")
            statement, pending_namespace = [], None
        elif token == "}":
            scopes.pop()
            statement = []
        elif token == ";" and pending_namespace is not None:  # namespace x = y;
            pending_namespace = None
        elif token == ";":
            if at_namespace_scope and statement:
                if statement[:2] == ["using", "namespace"]:
                    leaks.append(f"{path}: using namespace {' '.join(statement[2:])}")
                else:
                    name, local = declared_name(statement)
                    if name and (local or scopes[-1] == "anonymous"):
                        names.add(name)
            statement = []
        elif at_namespace_scope and token == "namespace" and not statement:
            pending_namespace = []
        elif pending_namespace is not None:
            if token != "inline":
                pending_namespace.append(token)
        elif at_namespace_scope:
            statement.append(token)
    return names, leaks


def main(build):
    batches = sorted(Path(build).glob("**/CMakeFiles/*.dir/Unity/unity_*.cxx"))
    sources = defaultdict(list)
    for batch in batches:
        target = batch.parent.parent.name.removesuffix(".dir")
        sources[target] += [Path(p) for p in re.findall(r'#include "(.+)"', batch.read_text())]
    problems, read = [], 0
    for target, paths in sorted(sources.items()):
        where = defaultdict(list)
        for path in paths:
            names, leaks = file_local_names(path)
            read += 1
            if "/tests/" not in str(path):
                problems += [f"{target}: {leak}" for leak in leaks]
            for name in names:
                where[name].append(path)
        # name -> the sources that define it; an alias counts once per distinct meaning.
        by_name = defaultdict(set)
        for name, paths_with in where.items():
            by_name[name.split(" = ")[0]].update(paths_with)
        for plain, paths_with in sorted(by_name.items()):
            meanings = [n for n in where if n.split(" = ")[0] == plain]
            files = ", ".join(sorted(str(p) for p in paths_with))
            if len(meanings) > 1 or (" = " not in meanings[0] and len(paths_with) > 1):
                problems.append(f"{target}: '{plain}' is defined file-locally in {files}")
    if not batches:
        print(f"unity_names.py: no unity batches under {build} (SYNACK_UNITY_BUILD=OFF?)")
        return 1
    for p in problems:
        print(p)
    if problems:
        print(f"unity_names.py: {len(problems)} names a unity batch would share; rename them")
        return 1
    print(f"unity_names.py: {read} sources in {len(sources)} targets, no shared file-local names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build"))
