#!/usr/bin/env bash
# The TIME-WAIT sweep behind the README's table (a study, not a test): for several
# (MSL, RTO) settings and both ISN clocks, the smallest TIME-WAIT at which each
# property of tcp/time-wait holds. Usage: scripts/sweep_time_wait.sh [build-dir]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
printf "%-9s %-4s %-4s %-28s %s\n" isn_step msl rto property "smallest TIME-WAIT that holds (2*MSL)"
for isn in 1 2; do
  for msl in 1 2; do
    for rto in 1 2 3; do
      hi=$((2 * msl + 2 * rto + 2))
      # A sweep with a violated row exits 1, which is what is being measured.
      { "$build/synack" check tcp/time-wait --set tcp.isn_step=$isn --set tcp.msl=$msl \
          --set tcp.rto=$rto --sweep tcp.time_wait=0..$hi || [ $? = 1 ]; } | tail -n +3 |
        awk -v isn=$isn -v msl=$msl -v rto=$rto '
          { if ($4 == "holds" && !($2 in best)) best[$2] = $3; seen[$2] = 1 }
          END { for (p in seen) printf "%-9s %-4s %-4s %-28s %s (%d)\n", isn, msl, rto, p,
                  (p in best) ? best[p] : "none up to range", 2 * msl }'
    done
  done
done
