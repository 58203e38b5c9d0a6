#!/usr/bin/env python3
"""Randomized cross-engine differential sweep (a benchmark-style hunt, not a test).

For every bundled scenario and random small parameter settings drawn from its declared
ranges, every property goes through the explicit engine (--threads 1 and 2, --store plain
and tree: identical JSON but for timings and the store's own figures), --symmetry where
the scenario declares a symmetric array, bmc (a violation's shortest trace must be as long
as the explicit engine's; an explicit hold must be a bounded hold; liveness: a lasso no
longer than the explicit one), and kind/spacer with a short budget (a definitive verdict
must equal the explicit one; inconclusive is fine). The safety properties (always,
sometimes, deadlock-free) also go through: a run with --checkpoint killed (SIGKILL, SIGTERM
or SIGINT) at a random moment and resumed, and one that completed and is resumed (the JSON
of a run never stopped); --distributed over 2 MPI ranks (one process's JSON); a swarm (a
finding is one the explicit engine makes, no shorter than its shortest trace; no finding
is inconclusive; the same JSON with --threads 1 and 2). Every property goes through
--max-states below the explicit count and a short --max-seconds (a decision made before
the stop is the explicit one, anything else inconclusive naming the limit; --threads 1
and 2 cut alike), and one liveness property per setting through kind or spacer, with
--lemmas mine or none (a verdict is the explicit one; a lasso no longer than the explicit
engine's, as long as bmc's shortest). One line per disagreement with the commands that
reproduce it, then a summary (Z3 ending the process on its own internal check is listed
apart: no verdict, as documented). Runs one synack (or one 2-rank mpirun) at a time, a
copy of --synack in --out (a rebuild during the sweep changes nothing); every command is
logged in --out's commands.log.

Usage: scripts/differential_sweep.py [--seed N] [--minutes M | --settings N]
       [--synack build/synack] [--out DIR] [--z3-seconds S] [--no-z3]
       [--no-checkpoint] [--no-distributed] [--no-swarm] [--no-limits] [--no-live-z3]
"""
import argparse
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from differential.core import Core, SAFETY_ALL  # noqa: E402
from differential.engines import EngineComparisons  # noqa: E402
from differential.interruptions import InterruptionComparisons  # noqa: E402


class Sweep(Core, EngineComparisons, InterruptionComparisons):
    def one_setting(self, rng, scenario):
        name = scenario["name"]
        sets = self.draw(rng, scenario)
        base_extra = ["--max-seconds", str(self.args.explicit_seconds)]
        rc, ref, cmd_ref, err = self.run(name, sets, ["--threads", "1"] + base_extra)
        if ref is None:
            self.skip(f"explicit run gave no JSON ({err.splitlines()[-1] if err else rc})")
            return False
        results = ref["results"]
        if any(r["verdict"] == "inconclusive" for r in results):
            self.skip("explicit engine hit its limit (setting too large)")
            return False
        # Threads and stores: the same JSON.
        # The others get room enough not to hit a limit the reference did not (the tree
        # store is slower); a limit hit is skipped, not compared.
        spent = sum(r["seconds"] for r in results)
        other_extra = ["--max-seconds", f"{4 * spent + 30:.0f}"]
        for label, extra in (("--threads 2 vs 1", ["--threads", "2"]),
                             ("--store tree vs plain", ["--threads", "1", "--store", "tree"])):
            _, other, cmd, err = self.run(name, sets, extra + other_extra)
            if other is None:
                self.disagree(name, "*", f"{label}: no JSON ({err})", cmd_ref, cmd)
            elif any(r["verdict"] == "inconclusive" for r in other["results"]):
                self.skip(f"{label}: hit its limit")
            else:
                self.same_json(name, ref, other, cmd_ref, cmd, label)
        self.symmetry(name, sets, results, cmd_ref)
        self.bmc_safety(name, sets, results, cmd_ref)
        self.bmc_lassos = {}
        self.bmc_liveness(name, sets, results, cmd_ref)
        if not self.args.no_z3:
            self.provers(rng, name, sets, results, cmd_ref)
            if not self.args.no_live_z3:
                self.provers_liveness(rng, name, sets, results, cmd_ref)
        if not self.args.no_limits:
            self.limits(rng, name, sets, results, cmd_ref, other_extra)
        if not self.args.no_swarm:
            self.swarm(rng, name, sets, results, cmd_ref)
        safety = [r for r in results if r["kind"] in SAFETY_ALL]
        if safety and not (self.args.no_checkpoint and self.mpirun is None):
            # What --checkpoint/--resume and --distributed must reproduce: one process, the
            # same properties, never stopped.
            props = sum((["--property", r["property"]] for r in safety), [])
            _, sref, cmd_sref, err = self.run(name, sets, ["--threads", "1"] + props +
                                              other_extra)
            if sref is None:
                self.disagree(name, "*", f"safety properties alone: no JSON ({err})", cmd_ref,
                              cmd_sref)
            elif any(r["verdict"] == "inconclusive" for r in sref["results"]):
                self.skip("safety properties alone: hit the limit")
            else:
                if not self.args.no_checkpoint:
                    self.checkpoint(rng, name, sets, props, sref, cmd_sref)
                if self.mpirun is not None:
                    self.distributed(rng, name, sets, props, sref, cmd_sref)
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--settings", type=int, default=0, help="stop after N settings (0: by time)")
    ap.add_argument("--synack", default="build/synack")
    ap.add_argument("--out", default="/tmp/differential_sweep")
    ap.add_argument("--scenario", action="append", default=[], help="only these (repeatable)")
    ap.add_argument("--explicit-seconds", type=float, default=10.0)
    ap.add_argument("--bmc-seconds", type=float, default=60.0)
    ap.add_argument("--z3-seconds", type=float, default=20.0)
    ap.add_argument("--min-depth", type=int, default=4)
    ap.add_argument("--max-depth", type=int, default=12)
    ap.add_argument("--live-depth", type=int, default=8)
    ap.add_argument("--no-z3", action="store_true", help="skip kind and spacer")
    ap.add_argument("--live-z3-seconds", type=float, default=15.0,
                    help="kind/spacer's budget on the liveness property drawn per setting")
    ap.add_argument("--no-live-z3", action="store_true",
                    help="skip the liveness property through kind/spacer")
    ap.add_argument("--no-checkpoint", action="store_true",
                    help="skip --checkpoint runs killed and resumed")
    ap.add_argument("--no-distributed", action="store_true",
                    help="skip --distributed under mpirun (skipped anyway without MPI)")
    ap.add_argument("--no-swarm", action="store_true", help="skip --swarm")
    ap.add_argument("--no-limits", action="store_true",
                    help="skip runs cut by --max-states and --max-seconds")
    args = ap.parse_args()
    sweep = Sweep(args)
    listing = json.loads(subprocess.run([sweep.synack, "list", "--json"], capture_output=True,
                                        text=True, check=True).stdout)
    scenarios = [s for s in listing["scenarios"]
                 if not args.scenario or s["name"] in args.scenario]
    rng = random.Random(args.seed)
    start = time.time()
    deadline = start + args.minutes * 60
    settings = 0
    checked = 0
    try:
        while (args.settings and settings < args.settings) or (not args.settings and
                                                              time.time() < deadline):
            scenario = scenarios[settings % len(scenarios)]
            settings += 1
            if sweep.one_setting(rng, scenario):
                checked += 1
            print(f"setting {settings}: {scenario['name']} runs={sweep.runs} "
                  f"disagreements={len(sweep.disagreements)}", file=sys.stderr, flush=True)
    finally:
        # Also after Ctrl-C or an error: the figures so far.
        print(f"\nsummary: seed {args.seed}, {settings} settings drawn, {checked} checked, "
              f"{sweep.runs} synack runs, {sweep.comparisons} comparisons, "
              f"{len(sweep.disagreements)} disagreements, {len(sweep.z3_exits)} Z3 exits, "
              f"{(time.time() - start) / 60:.1f} minutes")
        for why, n in sorted(sweep.skipped.items(), key=lambda x: -x[1]):
            print(f"  skipped {n:5d}: {why}")
    return 1 if sweep.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
