#!/usr/bin/env bash
# What this machine's cores allow --threads (a benchmark, not a test): the same one-thread
# search pinned to each core in turn, and the time a cache line takes between two cores
# against a read from memory. Run it beside scripts/bench_explicit.sh's thread scaling: a
# virtual machine's cores need not be equal (on the 2-core machine of 5 December one core
# ran synack 40% slower than the other for minutes at a time, then both ran alike), and
# where a line takes longer between cores than from memory, every state that one thread
# generates and another commits or expands costs more than a miss.
#
# It prints each core's seconds, the ceiling of N threads over the fastest core alone (the
# cores' speeds summed, over the fastest: 2.00x for two equal cores), and the two
# latencies.
#
# Usage: scripts/bench_cores.sh [build-dir]
#   REPEATS=3   runs per core (the median is printed)
#   CAP=3       tcp/congestion's channel.capacity for the pinned runs (3: 1.28 M states)
# Needs taskset (util-linux), gcc, /usr/bin/time (package time) and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
repeats=${REPEATS:-3}
cap=${CAP:-3}
[[ "$repeats" =~ ^[1-9][0-9]?$ ]] || { echo "REPEATS is '$repeats'; valid: 1 to 99" >&2; exit 2; }
[[ "$cap" =~ ^[1-4]$ ]] || { echo "CAP is '$cap'; valid: 1 to 4" >&2; exit 2; }
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
for tool in taskset gcc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
cores=$(nproc)
((cores >= 2)) || { echo "one core: nothing to compare" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Two threads pinned to cores 0 and 1 hand a counter back and forth (one cache line, a
# round trip per step); then one thread follows a random cycle through 256 MB on huge
# pages, one dependent read from memory per step.
cat >"$tmp/latency.c" <<'C'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
enum { kTrips = 1000000, kCells = 1 << 25, kReads = 5000000 };
static _Atomic long turn __attribute__((aligned(64)));
static void pin(int core) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}
static void* answer(void* unused) {
  (void)unused;
  pin(1);
  for (long i = 0; i < kTrips; i++) {
    while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 1) {}
    atomic_store_explicit(&turn, 2 * i + 2, memory_order_release);
  }
  return NULL;
}
int main(void) {
  pthread_t other;
  pthread_create(&other, NULL, answer, NULL);
  pin(0);
  double start = now();
  for (long i = 0; i < kTrips; i++) {
    atomic_store_explicit(&turn, 2 * i + 1, memory_order_release);
    while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 2) {}
  }
  double trip = (now() - start) / kTrips;
  pthread_join(other, NULL);
  /* On huge pages, as synack's store: the read then costs a miss, not a page walk too. */
  size_t* next = aligned_alloc(1 << 21, sizeof(size_t) * kCells);
  if (!next) return 1;
  madvise(next, sizeof(size_t) * kCells, MADV_HUGEPAGE);
  for (size_t i = 0; i < kCells; i++) next[i] = i;
  srand(1);
  for (size_t i = kCells - 1; i > 0; i--) {  /* Sattolo: one cycle through every cell */
    size_t j = ((size_t)rand() * RAND_MAX + rand()) % i, t = next[i];
    next[i] = next[j], next[j] = t;
  }
  size_t at = 0;
  start = now();
  for (long i = 0; i < kReads; i++) at = next[at];
  double read = (now() - start) / kReads;
  printf("%.0f %.0f %zu\n", trip / 2, read, at & 1);
  return 0;
}
C
gcc -O2 -pthread -o "$tmp/latency" "$tmp/latency.c"

runs=$tmp/runs
: >"$runs"
for ((rep = 1; rep <= repeats; rep++)); do
  for ((core = 0; core < cores; core++)); do
    /usr/bin/time -f "%e" -o "$tmp/t" taskset -c "$core" "$build/synack" check \
      tcp/congestion --property timeout-resets-window --set channel.capacity="$cap" \
      --set tcp.window=4 --threads 1 --quiet >/dev/null
    echo "$core $(cat "$tmp/t")" >>"$runs"
  done
done
read -r one_way memory _ < <("$tmp/latency")

echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
  "$cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$runs" "$one_way" "$memory" "$cap" <<'PY'
import statistics, sys
from collections import defaultdict
times = defaultdict(list)
for line in open(sys.argv[1]):
    core, seconds = line.split()
    times[int(core)].append(float(seconds))
one_way, memory, cap = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
median = {c: statistics.median(t) for c, t in times.items()}
fastest = min(median.values())
print(f"tcp/congestion capacity {cap}, --threads 1 pinned to each core (median of {len(times[0])}):")
for core in sorted(median):
    print(f"  core {core}: {median[core]:.2f} s, speed {fastest / median[core]:.2f} of the fastest")
speeds = sorted((fastest / m for m in median.values()), reverse=True)
for n in range(2, len(speeds) + 1):
    print(f"ceiling of --threads {n} over the fastest core alone: {sum(speeds[:n]):.2f}x")
print(f"a cache line from core 1 to core 0: {one_way:.0f} ns; a read from memory: {memory:.0f} ns"
      f" ({one_way / memory:.1f} reads)")
PY
