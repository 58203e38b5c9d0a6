#!/usr/bin/env python3
"""Randomized cross-engine differential sweep (a benchmark-style hunt, not a test).

For every bundled scenario and random small parameter settings drawn from its declared
ranges, every property goes through the explicit engine (--threads 1 and 2, --store plain
and tree: identical JSON but for timings and the store's own figures), --symmetry where
the scenario declares a symmetric array, bmc (a violation's shortest trace must be as long
as the explicit engine's; an explicit hold must be a bounded hold; liveness: a lasso no
longer than the explicit one), and kind/spacer with a short budget (a definitive verdict
must equal the explicit one; inconclusive is fine). One line per disagreement with the
commands that reproduce it, then a summary. Runs one synack at a time.

Usage: scripts/differential_sweep.py [--seed N] [--minutes M | --settings N]
       [--synack build/synack] [--out DIR] [--z3-seconds S] [--no-z3]
"""
import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import time

# Upper bounds that keep the explicit engine in seconds; a declared range narrower than
# this wins. Keys not named here draw from lo..min(hi, lo + 2).
SMALL = {
    "channel.capacity": (1, 3),
    "channel.duplicates": (0, 2),
    "tcp.seq_space": (2, 8),
    "tcp.isn_step": (1, 7),
    "tcp.isn_start": (0, 9),
    "tcp.seq_bits": (0, 3),
    "tcp.max_retries": (0, 2),
    "tcp.incarnations": (1, 3),
    "tcp.backlog": (1, 3),
    "attack.syns": (1, 3),
    "tcp.msl": (1, 3),
    "tcp.rto": (1, 4),
    "tcp.time_wait": (-1, 4),
    "tcp.segments": (1, 3),
    "tcp.buffer": (1, 3),
    "tcp.window": (4, 6),
    "arq.messages": (1, 3),
}
# The explicit engine needs one initial state.
FIXED = {"tcp.isn": "pinned"}
IGNORED_STORE_KEYS = ("seconds", "store", "store_bytes")
SAFETY = ("always", "sometimes")
LIVENESS = ("eventually", "leads-to", "always-eventually")


class Sweep:
    def __init__(self, args):
        self.args = args
        self.synack = os.path.abspath(args.synack)
        self.out = args.out
        os.makedirs(self.out, exist_ok=True)
        self.run_id = 0
        self.runs = 0
        self.comparisons = 0
        self.disagreements = []
        self.skipped = {}

    # One synack run: returns (exit code, parsed JSON or None, the command as text).
    def run(self, scenario, sets, extra, timeout=300):
        self.run_id += 1
        path = os.path.join(self.out, f"r{self.run_id}.json")
        cmd = [self.synack, "check", scenario, "--quiet", "--json", path]
        for k, v in sets.items():
            cmd += ["--set", f"{k}={v}"]
        cmd += extra
        self.runs += 1
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None, shlex.join(cmd), "timeout"
        data = None
        if os.path.exists(path):
            with open(path) as f:
                data = json.load(f)
            os.remove(path)
        return proc.returncode, data, shlex.join(cmd), proc.stderr.strip()

    def disagree(self, scenario, prop, what, *cmds):
        line = f"DISAGREE {scenario} {prop}: {what}\n    " + "\n    ".join(cmds)
        print(line, flush=True)
        self.disagreements.append(line)

    def skip(self, why):
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def draw(self, rng, scenario):
        sets = {}
        for p in scenario["parameters"]:
            key, rng_text = p["key"], p["range"]
            if key in FIXED:
                sets[key] = FIXED[key]
                continue
            if rng.random() < 0.35:
                continue  # keep the default: settings near the bundled ones matter too
            if rng_text == "true or false":
                sets[key] = rng.choice(["true", "false"])
            elif ".." in rng_text:
                lo, hi = (int(x) for x in rng_text.split(".."))
                slo, shi = SMALL.get(key, (lo, lo + 2))
                a, b = max(lo, slo), min(hi, shi)
                if a > b:
                    continue
                sets[key] = rng.randint(a, b)
        defaults = {p["key"]: p["default"] for p in scenario["parameters"]}
        return self.consistent(rng, sets, defaults)

    @staticmethod
    def consistent(rng, sets, defaults):
        """The TCP parameters' cross-constraints: one way to say the sequence space, and the
        ISN clock's start and step below it."""
        bits = sets.pop("tcp.seq_bits", 0)
        if bits and rng.random() < 0.3:
            sets.pop("tcp.seq_space", None)
            sets["tcp.seq_bits"] = bits
            space = 1 << bits
        else:
            space = sets.get("tcp.seq_space", int(defaults.get("tcp.seq_space", 0)))
        if space:
            for key in ("tcp.isn_start", "tcp.isn_step"):
                value = sets.get(key, int(defaults.get(key, 0)))
                if value >= space:
                    sets[key] = value % space
            if sets.get("tcp.isn_step") == 0:
                sets["tcp.isn_step"] = 1
        return sets

    @staticmethod
    def strip(node, ignored):
        if isinstance(node, dict):
            return {k: Sweep.strip(v, ignored) for k, v in node.items() if k not in ignored}
        if isinstance(node, list):
            return [Sweep.strip(v, ignored) for v in node]
        return node

    def same_json(self, scenario, a, b, cmd_a, cmd_b, label):
        self.comparisons += 1
        sa, sb = self.strip(a, IGNORED_STORE_KEYS), self.strip(b, IGNORED_STORE_KEYS)
        if sa == sb:
            return
        names = [x["property"] for x, y in zip(sa["results"], sb["results"]) if x != y]
        if sa.get("coverage") != sb.get("coverage"):
            names.append("(coverage)")
        self.disagree(scenario, ",".join(names) or "(shape)", f"{label}: JSON differs", cmd_a,
                      cmd_b)

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
        self.bmc_liveness(name, sets, results, cmd_ref)
        if not self.args.no_z3:
            self.provers(rng, name, sets, results, cmd_ref)
        return True

    def symmetry(self, name, sets, results, cmd_ref):
        # Safety properties only: --symmetry refuses liveness (docs/architecture.md).
        safety = [r for r in results if r["kind"] in SAFETY]
        if not safety:
            return
        props = sum((["--property", r["property"]] for r in safety), [])
        rc, sym, cmd, err = self.run(name, sets, ["--threads", "1", "--symmetry"] + props)
        if sym is None:
            if "declares no symmetric actor array" in err:
                self.skip("--symmetry: scenario declares no symmetric array")
            else:
                self.disagree(name, "*", f"--symmetry: no JSON ({err})", cmd_ref, cmd)
            return
        reduced = {s["property"]: s for s in sym["results"]}
        for r in safety:
            s = reduced.get(r["property"])
            self.comparisons += 1
            if s is None:
                self.disagree(name, r["property"], "--symmetry: no result", cmd_ref, cmd)
            elif r["verdict"] != s["verdict"]:
                self.disagree(name, r["property"], f"--symmetry {s['verdict']} vs {r['verdict']}",
                              cmd_ref, cmd)
            elif self.found(r) and len(r["trace"]) != len(s["trace"]):
                # A class is reached at the depth of its closest state: same shortest length.
                self.disagree(name, r["property"],
                              f"--symmetry trace of {len(s['trace'])} vs {len(r['trace'])}",
                              cmd_ref, cmd)

    @staticmethod
    def found(r):
        return (r["kind"] == "always" and r["verdict"] == "violated") or (
            r["kind"] == "sometimes" and r["verdict"] == "holds")

    def bmc_safety(self, name, sets, results, cmd_ref):
        safety = [r for r in results if r["kind"] in SAFETY]
        if not safety:
            return
        lengths = [len(r["trace"]) for r in safety if self.found(r)]
        depth = min(max(lengths + [self.args.min_depth]), self.args.max_depth)
        props = sum((["--property", r["property"]] for r in safety), [])
        rc, bmc, cmd, err = self.run(
            name, sets, ["--engine", "bmc", "--depth", str(depth), "--max-seconds",
                         str(self.args.bmc_seconds)] + props, timeout=self.args.bmc_seconds * 4)
        if bmc is None:
            self.disagree(name, "*", f"bmc: no JSON ({err})", cmd_ref, cmd)
            return
        by_name = {b["property"]: b for b in bmc["results"]}
        for r in safety:
            b = by_name.get(r["property"])
            if b is None or b["verdict"].startswith("unsupported"):
                self.skip("bmc: property unsupported")
                continue
            if b["verdict"] == "inconclusive" and "within depth" not in b.get("limit", ""):
                self.skip("bmc: hit its time limit")
                continue
            self.comparisons += 1
            shortest = len(r["trace"]) if self.found(r) else None
            if shortest is not None and shortest <= depth:
                got = len(b["trace"]) if b.get("trace") else None
                if b["verdict"] != r["verdict"] or got != shortest:
                    self.disagree(name, r["property"],
                                  f"bmc depth {depth}: {b['verdict']} in {got} steps, explicit "
                                  f"{r['verdict']} in {shortest}", cmd_ref, cmd)
            elif r["kind"] == "always":
                if b["verdict"] != f"holds up to depth {depth}":
                    self.disagree(name, r["property"],
                                  f"bmc depth {depth}: {b['verdict']}, explicit {r['verdict']}"
                                  f" (shortest {shortest})", cmd_ref, cmd)
            elif b["verdict"] != "inconclusive":
                self.disagree(name, r["property"],
                              f"bmc depth {depth}: {b['verdict']}, explicit {r['verdict']}"
                              f" (shortest {shortest})", cmd_ref, cmd)

    def bmc_liveness(self, name, sets, results, cmd_ref):
        live = [r for r in results if r["kind"] in LIVENESS]
        for r in live:
            explicit_length = len(r["trace"]) if r["verdict"] == "violated" else None
            depth = self.args.live_depth
            if explicit_length is not None:
                depth = min(explicit_length, self.args.max_depth)
            rc, bmc, cmd, err = self.run(
                name, sets, ["--engine", "bmc", "--depth", str(depth), "--max-seconds",
                             str(self.args.bmc_seconds), "--property", r["property"]],
                timeout=self.args.bmc_seconds * 4)
            if bmc is None:
                self.disagree(name, r["property"], f"bmc lasso: no JSON ({err})", cmd_ref, cmd)
                continue
            b = bmc["results"][0]
            if b["verdict"] == "inconclusive" and "within depth" not in b.get("limit", ""):
                self.skip("bmc lasso: hit its time limit")
                continue
            self.comparisons += 1
            if explicit_length is None:
                if b["verdict"] != f"holds up to depth {depth}":
                    self.disagree(name, r["property"],
                                  f"bmc lasso depth {depth}: {b['verdict']}, explicit holds",
                                  cmd_ref, cmd)
            elif explicit_length <= depth:
                got = len(b["trace"]) if b.get("trace") else None
                if b["verdict"] != "violated" or got is None or got > explicit_length or \
                        "lasso" not in b:
                    self.disagree(name, r["property"],
                                  f"bmc lasso depth {depth}: {b['verdict']} in {got} steps, "
                                  f"explicit violated in {explicit_length}", cmd_ref, cmd)

    def provers(self, rng, name, sets, results, cmd_ref):
        # One property and one engine per setting keeps a sweep's time on breadth.
        candidates = [r for r in results if r["kind"] in SAFETY + LIVENESS]
        if not candidates:
            return
        r = rng.choice(candidates)
        engine = rng.choice(["kind", "spacer"])
        s = self.args.z3_seconds
        rc, out, cmd, err = self.run(
            name, sets, ["--engine", engine, "--max-seconds", str(s), "--property",
                         r["property"]], timeout=s * 4 + 30)
        if out is None:
            self.disagree(name, r["property"], f"{engine}: no JSON ({err})", cmd_ref, cmd)
            return
        v = out["results"][0]["verdict"]
        if v in ("holds", "violated"):
            self.comparisons += 1
            if v != r["verdict"]:
                self.disagree(name, r["property"], f"{engine} {v}, explicit {r['verdict']}",
                              cmd_ref, cmd)
        else:
            self.skip(f"{engine}: {v.split(' (')[0]}")


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
    args = ap.parse_args()
    listing = json.loads(subprocess.run([args.synack, "list", "--json"], capture_output=True,
                                        text=True, check=True).stdout)
    scenarios = [s for s in listing["scenarios"]
                 if not args.scenario or s["name"] in args.scenario]
    rng = random.Random(args.seed)
    sweep = Sweep(args)
    deadline = time.time() + args.minutes * 60
    settings = 0
    checked = 0
    while (args.settings and settings < args.settings) or (not args.settings and
                                                          time.time() < deadline):
        scenario = scenarios[settings % len(scenarios)]
        settings += 1
        if sweep.one_setting(rng, scenario):
            checked += 1
        print(f"setting {settings}: {scenario['name']} runs={sweep.runs} "
              f"disagreements={len(sweep.disagreements)}", file=sys.stderr, flush=True)
    print(f"\nsummary: seed {args.seed}, {settings} settings drawn, {checked} checked, "
          f"{sweep.runs} synack runs, {sweep.comparisons} comparisons, "
          f"{len(sweep.disagreements)} disagreements")
    for why, n in sorted(sweep.skipped.items(), key=lambda x: -x[1]):
        print(f"  skipped {n:5d}: {why}")
    return 1 if sweep.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
