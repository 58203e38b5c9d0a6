#!/usr/bin/env bash
# Runs docs/tutorial.md as a newcomer would, so that the tutorial cannot rot: in a fresh
# directory, every fenced block with `file=NAME` in its info string is written to NAME,
# and every `sh` block is run in order with bash, in that directory (`dir=synack`: in the
# synack checkout instead), expecting exit code 0 or the block's `exit=N`. Other blocks
# are prose. $SYNACK_PREFIX is a fresh install prefix.
# Usage: run_tutorial.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd) build=$(cd "$2" && pwd) work=$3
tutorial="$source_dir/docs/tutorial.md"
rm -rf "$work/tutorial"
mkdir -p "$work/tutorial/project" "$work/tutorial/blocks"
work=$(cd "$work/tutorial" && pwd)
export SYNACK_PREFIX="$work/prefix"

# Split the page into blocks: blocks/N.info holds the info string, blocks/N.body the text.
awk -v dir="$work/blocks" '
  /^```/ && !inside { inside = 1; n++; info = substr($0, 4); print info > (dir "/" n ".info");
                      printf "" > (dir "/" n ".body"); next }
  /^```/ && inside  { inside = 0; close(dir "/" n ".body"); next }
  inside            { print >> (dir "/" n ".body") }
' "$tutorial"

ran=0
for info_file in $(ls "$work/blocks"/*.info | sort -t/ -k1 -V); do
  body="${info_file%.info}.body"
  read -r lang rest <"$info_file" || true
  file="" expect=0 where="$work/project"
  for word in $rest; do
    case $word in
      file=*) file=${word#file=} ;;
      exit=*) expect=${word#exit=} ;;
      dir=synack) where=$source_dir ;;
    esac
  done
  if [ -n "$file" ]; then
    cp "$body" "$work/project/$file"
  elif [ "$lang" = sh ]; then
    echo "+ $(tr '\n' ';' <"$body")"
    # The tutorial's `build` in the synack checkout is the tree under test.
    [ "$where" = "$source_dir" ] && [ "$build" != "$source_dir/build" ] &&
      { echo "run_tutorial: the build directory must be $source_dir/build" >&2; exit 2; }
    set +e
    (cd "$where" && bash -e "$body") >"$work/last.out" 2>&1
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
