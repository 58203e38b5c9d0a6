#!/usr/bin/env bash
# Runs docs/tutorial.md as a newcomer would, so that the tutorial cannot rot: in a fresh
# directory, every fenced block with `file=NAME` in its info string is written to NAME,
# and every `sh` block is run in order with bash, in that directory (`dir=synack`: where
# the synack checkout's `build` is the build under test), expecting exit code 0 or the
# block's `exit=N`. Blocks without a language are prose; any other language is refused, so
# that no command is skipped unnoticed. $SYNACK_PREFIX is a fresh install prefix.
# Usage: run_tutorial.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd) build=$(cd "$2" && pwd) work=$3
tutorial="$source_dir/docs/tutorial.md"
rm -rf "$work/tutorial"
mkdir -p "$work/tutorial/project" "$work/tutorial/blocks"
work=$(cd "$work/tutorial" && pwd)
export SYNACK_PREFIX="$work/prefix"

# The tutorial's `build` in the synack checkout is the tree under test, wherever it is.
mkdir -p "$work/synack"
ln -s "$build" "$work/synack/build"

if grep -q $'\r' "$tutorial" || grep -qE '^[[:space:]]+(```|~~~)|^~~~' "$tutorial"; then
  echo "run_tutorial: write fences as \`\`\` at the start of a line (no CR, no ~~~)" >&2
  exit 1
fi
# Split the page into blocks: blocks/N.info holds the info string, blocks/N.body the text.
awk -v dir="$work/blocks" '
  /^```/ && !inside { inside = 1; n++; info = substr($0, 4); print info > (dir "/" n ".info");
                      printf "" > (dir "/" n ".body"); next }
  /^```/ && inside  { inside = 0; close(dir "/" n ".body"); next }
  inside            { print >> (dir "/" n ".body") }
' "$tutorial"

ran=0
count=$(find "$work/blocks" -name '*.info' | wc -l)
for ((n = 1; n <= count; n++)); do
  info_file="$work/blocks/$n.info"
  body="$work/blocks/$n.body"
  read -r lang rest <"$info_file" || true
  # A block in another language would silently not run: only these are allowed.
  case $lang in
    sh | cpp | cmake | "") ;;
    *) echo "run_tutorial: block $n is '$lang'; use sh (run), cpp or cmake (files), or none" >&2
       exit 1 ;;
  esac
  file="" expect=0 where="$work/project"
  for word in $rest; do
    case $word in
      file=*) file=${word#file=} ;;
      exit=*) expect=${word#exit=} ;;
      dir=synack) where="$work/synack" ;;
    esac
  done
  if [ -n "$file" ]; then
    cp "$body" "$work/project/$file"
  elif [ "$lang" = sh ]; then
    echo "+ $(tr '\n' ';' <"$body")"
    set +e
    (cd "$where" && bash -e -o pipefail "$body") >"$work/last.out" 2>&1
    status=$?
    set -e
    if [ "$status" != "$expect" ]; then
      cat "$work/last.out"
      echo "run_tutorial: exit code $status, the tutorial says $expect" >&2
      exit 1
    fi
    ran=$((ran + 1))
  fi
done
[ "$ran" -gt 0 ] || { echo "run_tutorial: no commands found in $tutorial" >&2; exit 1; }
echo "tutorial: $ran command blocks ran as the page says"
