#!/bin/sh
# Times synack over every learned model in ../shared/data/learned: loading and analysing
# all of them (`synack learned`), and the OpenSSL version histories (`synack diff
# --versions`) for TLS10, TLS11 and TLS12. Prints seconds per step (best of 3).
#   scripts/bench_learned.sh [SYNACK_BINARY] [LEARNED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
synack=${1:-$here/build/synack}
dir=${2:-$here/../shared/data/learned}
[ -d "$dir" ] || { echo "bench_learned.sh: $dir not found (../shared/data/learned)" >&2; exit 2; }

best_of_3() {
  best=""
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$@" >/dev/null || [ $? -eq 1 ]  # diff exits 1 when versions differ
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}

files=$(find "$dir" -name '*.dot' | sort)
count=$(echo "$files" | wc -l)
bytes=$(cat $files | wc -c)
# shellcheck disable=SC2086
echo "load + analyse all $count models ($bytes bytes): $(best_of_3 "$synack" learned $files) s"
for p in TLS10 TLS11 TLS12; do
  echo "version history $p: $(best_of_3 "$synack" diff --versions "$dir/tlsprint-openssl" --protocol $p) s"
done
echo "diff 1.0.1g 1.0.1h (TLS12): $(best_of_3 "$synack" diff "$dir/tlsprint-openssl/1.0.1g/TLS12.dot" "$dir/tlsprint-openssl/1.0.1h/TLS12.dot") s"
echo "diff TCP Windows 8 vs FreeBSD server: $(best_of_3 "$synack" diff "$dir/automata-wiki/TCP/TCP_Windows8_Server.dot" "$dir/automata-wiki/TCP/TCP_FreeBSD_Server.dot") s"
