#!/bin/sh
# Fuzzes the learned-model DOT reader with libFuzzer and AddressSanitizer for N seconds
# (default 60), starting from every model in tests/data/learned and ../shared/data/learned.
#   scripts/fuzz_learned.sh [SECONDS] [BUILD_DIR]
# Needs clang-14 (Debian: apt-get install clang-14) and libfmt-dev. Findings (crashes,
# exceptions other than synack::InputError) are written to BUILD_DIR/findings/.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$here/build-fuzz}
mkdir -p "$out/corpus" "$out/findings"
cxx=${CXX_FUZZ:-clang++-14}
command -v "$cxx" >/dev/null || { echo "fuzz_learned.sh: $cxx not found (apt-get install clang-14)" >&2; exit 2; }

# The reader, the analyses and the drawing, nothing else: they need only {fmt}.
sources="$here/learned/mealy.cpp $here/learned/dot_tokens.cpp $here/learned/dot_reader.cpp
  $here/learned/minimise.cpp $here/learned/analysis.cpp $here/learned/canonical.cpp
  $here/learned/equivalence.cpp $here/reports/learned_diagram.cpp"
if [ ! -x "$out/fuzz_learned_dot" ] || [ -n "$(find $sources "$here/tests/learned_fuzz_one.hpp" \
     "$here/tests/fuzz/fuzz_learned_dot.cpp" "$0" -newer "$out/fuzz_learned_dot")" ]; then
  echo "building $out/fuzz_learned_dot"
  # shellcheck disable=SC2086
  "$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all -DFMT_HEADER_ONLY \
    -I"$here" -I"$here/include" -I"$here/tests" $sources "$here/tests/fuzz/fuzz_learned_dot.cpp" \
    -o "$out/fuzz_learned_dot"
fi

find "$here/tests/data/learned" "$here/../shared/data/learned" -name '*.dot' 2>/dev/null |
  while read -r f; do cp "$f" "$out/corpus/$(echo "$f" | md5sum | cut -c1-16).dot"; done

cd "$out/findings"
"$out/fuzz_learned_dot" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -print_final_stats=1 "$out/corpus"
