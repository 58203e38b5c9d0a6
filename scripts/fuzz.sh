#!/bin/sh
# Fuzzes one parser of user input with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer for SECONDS (default 60), starting from its committed seed
# corpus tests/fuzz/corpus/TARGET (the corpus grown by the run stays in BUILD_DIR).
#   scripts/fuzz.sh expr|set|baseline [SECONDS] [BUILD_DIR]
# (the learned-model DOT reader has its own: scripts/fuzz_learned.sh). Needs clang-14
# (apt-get install clang-14), libfmt-dev and nlohmann-json3-dev. Findings (crashes,
# sanitizer reports, exceptions other than synack::InputError) go to BUILD_DIR/findings-TARGET/.
set -eu
target=${1:-}
case "$target" in
  expr|set|baseline) ;;
  *) echo "fuzz.sh: unknown target '$target'; valid: expr, set, baseline" >&2; exit 2 ;;
esac
seconds=${2:-60}
here=$(cd "$(dirname "$0")/.." && pwd)
out=${3:-$here/build-fuzz}
cxx=${CXX_FUZZ:-clang++-14}
command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang-14)" >&2; exit 2; }
mkdir -p "$out/corpus-$target" "$out/findings-$target"

# The parsers and what the harness does with what they accept; nothing else.
sources="$here/checker/expr.cpp $here/checker/expr_names.cpp $here/checker/expr_arrays.cpp $here/checker/expr_eval.cpp $here/checker/expr_tokens.cpp
  $here/checker/layout.cpp $here/checker/suggest.cpp $here/properties/params.cpp
  $here/cli/sweep_spec.cpp $here/reports/baseline.cpp $here/reports/trace_text.cpp $here/reports/text_wrap.cpp
  $here/checker/property.cpp $here/checker/result.cpp"
# The parsers are compiled once, into objects every target links (a target differs only in
# its harness): three targets cost one build of the parsers, not three.
flags="-std=c++20 -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
  -DFMT_HEADER_ONLY -DSYNACK_VERSION=\"fuzz\" -I$here -I$here/include -I$here/tests"
objects=""
mkdir -p "$out/objects"
for src in $sources; do
  obj="$out/objects/$(basename "$(dirname "$src")")_$(basename "$src" .cpp).o"
  if [ ! -f "$obj" ] || [ -n "$(find "$src" "$here"/checker/*.hpp "$here"/properties/*.hpp \
       "$here"/cli/*.hpp "$here"/reports/*.hpp -newer "$obj")" ]; then
    echo "compiling $src"
    # shellcheck disable=SC2086
    "$cxx" $flags -c "$src" -o "$obj"
  fi
  objects="$objects $obj"
done
binary="$out/fuzz_$target"
if [ ! -x "$binary" ] || [ -n "$(find $objects "$here/tests/parser_fuzz_one.hpp" \
     "$here/tests/fuzz/fuzz_parser.cpp" -newer "$binary")" ]; then
  echo "building $binary"
  # shellcheck disable=SC2086
  "$cxx" $flags -fsanitize=fuzzer -DSYNACK_FUZZ_TARGET="\"$target\"" \
    "$here/tests/fuzz/fuzz_parser.cpp" $objects -o "$binary"
fi

cd "$out/findings-$target"
"$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$out/corpus-$target" "$here/tests/fuzz/corpus/$target"
