#!/usr/bin/env bash
# What a user sees when a machine lacks a declaration: the compiler must stop with
# synack's static_assert saying what to add (compile_errors/base.hpp, one macro per case),
# compiled against `cmake --install` of the tree. Usage: compile_errors.sh SOURCE BUILD WORK
set -euo pipefail
source_dir=$1 build=$2 work=$3
prefix=$("$source_dir/tests/out_of_tree/install_prefix.sh" "$build" "$work" compile-errors)
flags=(-std=c++20 -fsyntax-only -I"$prefix/include"
       -DBOOST_MPL_CFG_NO_PREPROCESSED_HEADERS -DBOOST_MPL_LIMIT_VECTOR_SIZE=50
       -DBOOST_MPL_LIMIT_MAP_SIZE=50)
base="$source_dir/tests/out_of_tree/compile_errors/base.hpp"
# The machine as given compiles: with P/include alone on the include path, and beside a
# directory of the user's own named like synack's internal ones (the installed headers
# reach those as "synack/detail/machines/...", so the user's cannot stand in for them).
g++ "${flags[@]}" -x c++ "$base"
shadow="$work/compile_errors_shadow"
mkdir -p "$shadow/machines" "$shadow/checker"
for h in machines/combinators.hpp machines/machine_base.hpp checker/machine.hpp checker/errors.hpp; do
  echo '#error "a user header of the same name was included instead of synack'"'"'s"' >"$shadow/$h"
done
g++ "${flags[@]}" -I"$shadow" -x c++ "$base"
# The cases below all parse the same headers first (about 5 s of each case's 6): they read
# them precompiled, from a directory searched before the prefix, where the compiler looks for
# synack/machine.hpp.gch before synack/machine.hpp. The messages come from the templates
# each case instantiates after the include, the same either way; a case's macro appears in
# no header, so the one precompiled header serves them all. (About 500 MB, removed at the
# end; if it cannot be made, the cases parse the headers as above.)
pch="$work/compile_errors_pch"
rm -rf "$pch"
trap 'rm -rf "$pch"' EXIT
mkdir -p "$pch/synack"
pch_flags=()
header_flags=()
for f in "${flags[@]}"; do [ "$f" = -fsyntax-only ] || header_flags+=("$f"); done
if g++ "${header_flags[@]}" -x c++-header "$prefix/include/synack/machine.hpp" \
  -o "$pch/synack/machine.hpp.gch" 2>"$pch/log"; then
  pch_flags=(-I"$pch")
else
  echo "compile_errors: no precompiled header (the cases parse the headers):" >&2
  cat "$pch/log" >&2
fi
check() {  # MACRO EXPECTED-TEXT
  local out
  if out=$(g++ "${pch_flags[@]}" "${flags[@]}" -D"$1" -x c++ "$base" 2>&1); then
    echo "compile_errors: $1 compiled, but must not" >&2
    exit 1
  fi
  if ! grep -qF "$2" <<<"$out"; then
    echo "compile_errors: $1 failed without the message: $2" >&2
    echo "$out" | grep -m5 error >&2
    exit 1
  fi
  echo "$1: $2"
}
check NO_VAR_BOUNDS "declare each variable's largest value: \`static Vars var_bounds(const Params&)\`"
check NO_MESSAGE_BOUNDS "declare each message field's largest value"
check UNDESCRIBED_MESSAGE "describe the message struct's fields so synack can number them"
check CONCRETE_PORT "a value-generic machine's port must be generic too"
check UNDESCRIBED_VAR "list every data member of Vars in its BOOST_DESCRIBE_CLASS"
check VARS_WITH_BASE "and give Vars no base class"
check UNDESCRIBED_FIELD "list every field of the message struct in its BOOST_DESCRIBE_CLASS"
check EVENTLESS "eventless (anonymous) transitions are not supported"
check REGIONS "orthogonal regions are not supported"
check UNNAMED_STATE "every state declares its name"
check STATE_NOT_MSM "every state derives from boost::msm::front::state<>"
check UNNAMED_EVENT "every event declares its name"
check EVENT_WITHOUT_SOURCE "every event derives from synack::app_call"
check RECEIVE_WITHOUT_MATCHES "a receive event says which messages it stands for"
echo "compile errors: every case names what to declare"
