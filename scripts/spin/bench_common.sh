# Sourced by scripts/bench_spin.sh and scripts/bench_spin_cores.sh: SPIN's verifier source
# for the twin scripts/spin/tcp_congestion.pml at one channel capacity, and the line that
# names the machine a table was measured on.
#
# twin_source DIR CAP WINDOW writes pan.c and its headers into DIR (spin -o2 -a, with the
# twin's -DCAP and -DW), and makes pan print its state and transition counts as whole
# numbers: it prints them with 8 significant digits (%9.8g), so 501327335 transitions
# came out as 5.0132734e+08 and could not be compared exactly with synack's. On failure it
# prints why and exits 2.
#   -o2: keep write-only variables in the state vector. By default SPIN drops variables
#        that are written and never read. The twin's ghosts (after_recovery ...) were
#        such, and without -o2 SPIN explored a smaller graph (10724 states instead of
#        54836 at capacity 1); since they became the monitor sender_history, whose
#        variables the twin's assertion reads, SPIN finds 54836 either way (checked once
#        at capacity 1). The flag stays so that a write-only variable added later counts.
twin_source() {
  local dir=$1 cap=$2 window=$3
  local model
  model=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tcp_congestion.pml
  mkdir -p "$dir"
  (cd "$dir" && spin -o2 -DCAP="$cap" -DW="$window" -a "$model" >spin.log 2>&1) ||
    { cat "$dir/spin.log" >&2; exit 2; }
  sed -i -e 's/%9\.8g states, stored/%9.0f states, stored/' \
    -e 's/%9\.8g transitions (= stored+matched)/%9.0f transitions (= stored+matched)/' "$dir/pan.c"
  grep -q '%9.0f transitions' "$dir/pan.c" ||
    { echo "pan.c's report changed; see scripts/spin/bench_common.sh" >&2; exit 2; }
}

# The ratios depend on the machine as much as on either tool (capacity 4: 2.37x on one
# machine of this kind, 3.19x on another whose random memory reads took longer;
# docs/performance.md, "The same tools on another machine"), so every table names it.
machine_line() {
  echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
