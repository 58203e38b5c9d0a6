#!/bin/sh
# Fuzzes the learned-model DOT reader with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer for SECONDS (default 60), starting from the committed corpus
# tests/fuzz/corpus/learned and every model in tests/data/learned and ../shared/data/learned
# (the corpus grown by the run stays in BUILD_DIR/corpus-learned). Each input that loads is
# also analysed, canonicalised, compared with itself, drawn, and read again by replay's
# reference reader, which must read the same machine (tests/learned_fuzz_one.hpp).
#   scripts/fuzz_learned.sh [SECONDS] [BUILD_DIR]
# Needs clang-14 (apt-get install clang-14), libfmt-dev and libgraphviz-dev (the drawing's
# layout asks Graphviz). Findings (crashes, sanitizer reports, exceptions other than
# synack::InputError) are written to BUILD_DIR/findings-learned/.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$here/build-fuzz}
mkdir -p "$out/corpus-learned" "$out/findings-learned"
cxx=${CXX_FUZZ:-clang++-14}
command -v "$cxx" >/dev/null || { echo "fuzz_learned.sh: $cxx not found (apt-get install clang-14)" >&2; exit 2; }
graphviz=$(pkg-config --cflags --libs libgvc libcgraph) ||
  { echo "fuzz_learned.sh: Graphviz not found (apt-get install libgraphviz-dev)" >&2; exit 2; }

# The readers, the analyses and the drawing, nothing else: they need only {fmt} and Graphviz.
sources="$here/learned/mealy.cpp $here/learned/dot_tokens.cpp $here/learned/dot_reader.cpp
  $here/learned/reference_dot.cpp $here/learned/minimise.cpp $here/learned/analysis.cpp
  $here/learned/canonical.cpp $here/learned/equivalence.cpp $here/reports/learned_diagram.cpp
  $here/reports/diagram_layout.cpp $here/reports/graphviz.cpp"
binary="$out/fuzz_learned_dot"
# shellcheck disable=SC2086
if [ ! -x "$binary" ] || [ -n "$(find $sources "$here"/learned/*.hpp "$here"/reports/*.hpp \
     "$here"/tests/learned_*.hpp "$here/tests/fuzz/fuzz_learned_dot.cpp" "$0" -newer "$binary")" ]; then
  echo "building $binary"
  # shellcheck disable=SC2086
  "$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all -DFMT_HEADER_ONLY \
    -I"$here" -I"$here/include" -I"$here/tests" $sources "$here/tests/fuzz/fuzz_learned_dot.cpp" \
    $graphviz -o "$binary"
fi

find "$here/tests/data/learned" "$here/../shared/data/learned" -name '*.dot' 2>/dev/null |
  while read -r f; do cp "$f" "$out/corpus-learned/$(echo "$f" | md5sum | cut -c1-16).dot"; done

cd "$out/findings-learned"
"$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$out/corpus-learned" "$here/tests/fuzz/corpus/learned"
