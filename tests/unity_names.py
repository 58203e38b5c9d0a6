#!/usr/bin/env python3
"""Checks that the unity build compiles what the sources say (CMakeLists.txt, "Unity builds").

A unity build compiles a target's sources in batches, one translation unit per batch. A
name a source defines for itself alone (in an anonymous namespace, `static`, or a `const`
variable at namespace scope) is then seen by the sources after it in the batch. A second
definition with the same signature is a compile error, but one with other parameters is an
overload, and a call in the later source could silently take the earlier source's. So
within a target, every such name must be defined in one source only, or, for an alias or a
using-declaration, mean the same thing wherever it is. A `using namespace` or a macro left
defined at namespace scope leaks the same way, and is refused in synack's own libraries
(tests may open namespaces: what they call is checked by what they assert).

Usage: unity_names.py BUILD_DIR. Reads the batches CMake wrote (CMakeFiles/*.dir/Unity/);
prints one line per clash and exits 1, or says how many sources it read and exits 0.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z_]\w*|::|\S")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
RAW_STRING = re.compile(r'(?:u8|[uUL])?R"')
TYPE_KEYS = ("struct", "class", "union", "enum")


def strip(text):
    """The source without comments, string and character literals; preprocessor lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        starts_word = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif starts_word and RAW_STRING.match(text, i):
            quote = text.index('"', i)
            open_paren = text.find("(", quote)
            delimiter = text[quote + 1:open_paren]
            end = text.find(")" + delimiter + '"', open_paren)
            i = n if end < 0 else end + len(delimiter) + 2
            out.append('""')
        elif c in "\"'":
            # A digit separator (1'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and text[i - 1] not in "uUL8":
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append('""')
        else:
            out.append(c)
            i += 1
    return "".join(out)


def without_groups(tokens):
    """The tokens without attributes ([[...]], alignas(...), __attribute__((...))) and with
    each decltype(...) as one token, so that a name is where a declaration puts it."""
    out, k = [], 0
    while k < len(tokens):
        t = tokens[k]
        if t == "[" and k + 1 < len(tokens) and tokens[k + 1] == "[":
            depth = 0
            while k < len(tokens):
                depth += {"[": 1, "]": -1}.get(tokens[k], 0)
                k += 1
                if depth == 0:
                    break
            continue
        if t in ("alignas", "__attribute__", "decltype") and k + 1 < len(tokens) and \
                tokens[k + 1] == "(":
            depth, k = 0, k + 1
            while k < len(tokens):
                depth += {"(": 1, ")": -1}.get(tokens[k], 0)
                k += 1
                if depth == 0:
                    break
            if t == "decltype":
                out.append("decltype(...)")
            continue
        out.append(t)
        k += 1
    return out


def declared_names(tokens, ends_with_body):
    """What a namespace-scope statement declares: (name, meaning, file_local) for each name,
    meaning "" for a definition and the entity for an alias or a using-declaration.
    `ends_with_body`: the statement's next token is the `{` of a body (class or function)."""
    t = without_groups(tokens)
    while t and t[0] == "template":
        if t[1:3] == ["<", ">"]:
            return []  # an explicit specialization: no new name
        depth, k = 0, 1
        while k < len(t):
            depth += {"<": 1, ">": -1}.get(t[k], 0)
            k += 1
            if depth == 0:
                break
        t = t[k:]
    if not t or t[0] in ("static_assert", "extern", "friend", "typedef"):
        return []
    if t[0] == "using":
        if len(t) > 2 and t[2] == "=":  # an alias
            return [(t[1], " ".join(t[3:]), True)]
        if t[1] != "namespace" and IDENTIFIER.fullmatch(t[-1]):  # a using-declaration
            return [(t[-1], " ".join(t[1:]), True)]
        return []
    if t[0] in TYPE_KEYS:
        rest = [x for x in t[1:] if x not in ("class", "struct", "final")]
        if not ends_with_body or not rest or not IDENTIFIER.fullmatch(rest[0]):
            return []  # a forward declaration, or a variable of an unnamed type
        if len(rest) > 1 and rest[1] in ("::", "<"):
            return []  # a member class defined outside, or a specialization
        return [(rest[0], "", True)]
    depth = 0
    for k, x in enumerate(t):
        if x == "(" and depth == 0:  # a function (or a variable initialized by a call)
            if "operator" in t[:k] or k == 0 or (k > 1 and t[k - 2] == "::"):
                return []  # an operator, or a member function defined outside its class
            if "=" in t[:k]:
                break
            name = t[k - 1]
            return [(name, "", "static" in t[:k])] if IDENTIFIER.fullmatch(name) else []
        depth += {"<": 1, ">": -1}.get(x, 0)
    # A variable is file-local if static, or const (constexpr) and not inline or extern.
    local = "static" in t or (("constexpr" in t or "const" in t) and "inline" not in t)
    # Variables: each declarator before its initializer.
    names, declarator, depth = [], [], 0
    for x in t + [","]:
        if x in "({[<":
            depth += 1
        elif x in ")}]>":
            depth -= 1
        if x == "," and depth == 0:
            head = declarator[:declarator.index("=")] if "=" in declarator else declarator
            head = [y for y in head if y not in ("{}", "[", "]")]
            if head and IDENTIFIER.fullmatch(head[-1]) and (len(head) < 2 or head[-2] != "::"):
                names.append((head[-1], "", local))
            declarator = []
        else:
            declarator.append(x)
    return names


def file_local_names(path):
    """The names a source defines for itself, each as (name, meaning) (meaning "" for a
    definition), and the leaks it leaves to the sources after it: macros still defined,
    using-directives."""
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

    # Scopes: "namespace", "anonymous" (namespace scope both), "block" (a class or function
    # body), "initializer" (braces inside a namespace-scope statement, which goes on after).
    scopes, statement, pending_namespace = ["namespace"], [], None

    def record(ends_with_body):
        for name, meaning, local in declared_names(statement, ends_with_body):
            if local or scopes[-1] == "anonymous" or meaning:
                names.add((name, meaning))

    for token in TOKEN.findall("\n".join(code)):
        at_namespace_scope = scopes[-1] in ("namespace", "anonymous")
        if token == "{":
            if pending_namespace is not None:
                scopes.append("anonymous" if not pending_namespace else "namespace")
                pending_namespace = None
            elif at_namespace_scope and statement[:2] == ["extern", '"']:
                scopes.append("namespace")  # extern "C" { ... }
            elif at_namespace_scope and statement and statement[-1] != "=" and (
                    statement[-1] in (")", "const", "noexcept", "override", "final") or
                    any(x in TYPE_KEYS for x in statement[:3]) or "->" in statement or
                    statement[0] == "template"):
                record(True)
                scopes.append("block")
            elif at_namespace_scope:
                scopes.append("initializer")
                continue
            else:
                scopes.append("block")
            statement = []
        elif token == "}":
            if scopes.pop() == "initializer":
                statement.append("{}")
            elif scopes[-1] in ("namespace", "anonymous") and statement:
                statement = []
        elif token == ";" and pending_namespace is not None:  # namespace x = y;
            pending_namespace = None
        elif token == ";" and at_namespace_scope:
            if statement[:2] == ["using", "namespace"]:
                leaks.append(f"{path}: using namespace {' '.join(statement[2:])}")
            elif statement:
                record(False)
            statement = []
        elif at_namespace_scope and token == "namespace" and statement in ([], ["inline"]):
            pending_namespace, statement = [], []
        elif pending_namespace is not None:
            pending_namespace.append(token)
        elif at_namespace_scope:
            statement.append(token)
    return names, leaks


def main(build):
    batches = sorted(Path(build).glob("**/CMakeFiles/*.dir/Unity/unity_*.cxx"))
    sources = defaultdict(set)
    for batch in batches:
        target = batch.parent.parent.name.removesuffix(".dir")
        # A batch CMake no longer builds may name a source since removed.
        sources[target] |= {Path(p) for p in re.findall(r'#include "(.+)"', batch.read_text())
                            if Path(p).is_file()}
    tests_dir = Path(__file__).resolve().parent
    problems, read = [], 0
    for target, paths in sorted(sources.items()):
        where = defaultdict(lambda: defaultdict(list))  # name -> meaning -> sources
        for path in sorted(paths):
            names, leaks = file_local_names(path)
            read += 1
            if not path.resolve().is_relative_to(tests_dir):
                problems += [f"{target}: {leak}" for leak in leaks]
            for name, meaning in names:
                where[name][meaning].append(path)
        # A definition ("") clashes with anything else of its name; an alias or a
        # using-declaration only with one of another meaning (a::b and x::a::b are one).
        for name, meanings in sorted(where.items()):
            defining = meanings.get("", [])
            spelled = sorted(meanings, key=len)
            one_meaning = "" not in meanings and all(
                m.endswith(":: " + spelled[0]) or m == spelled[0] for m in spelled)
            if len(defining) > 1 or (len(meanings) > 1 and not one_meaning):
                files = ", ".join(sorted({str(p) for ps in meanings.values() for p in ps}))
                problems.append(f"{target}: '{name}' is defined file-locally in {files}")
    if not batches:
        print(f"unity_names.py: no unity batches under {build} (SYNACK_UNITY_BUILD=OFF?)")
        return 1
    for p in problems:
        print(p)
    if problems:
        print(f"unity_names.py: {len(problems)} things a unity batch would share; rename or move them")
        return 1
    print(f"unity_names.py: {read} sources in {len(sources)} targets, no shared file-local names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build"))
