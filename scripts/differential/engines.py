"""The other engines against the explicit one: --symmetry, bmc (safety and lassos),
kind and spacer (safety and liveness)."""
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

from differential.core import *  # noqa: F401,F403 (the constants)


class EngineComparisons:
    def symmetry(self, name, sets, results, cmd_ref):
        # Safety properties only: --symmetry refuses liveness (docs/architecture.md); it
        # takes deadlock-free, which bmc does not (bmc_safety below).
        safety = [r for r in results if r["kind"] in SAFETY_ALL]
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
        return (r["kind"] in ("always", "deadlock-free") and r["verdict"] == "violated") or (
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
                if b["verdict"] == "violated" and got is not None:
                    self.bmc_lassos[r["property"]] = (got, cmd)
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
            if not self.z3_exit(name, r["property"], engine, err, cmd_ref, cmd):
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


    def provers_liveness(self, rng, name, sets, results, cmd_ref):
        # One liveness property per setting through kind or spacer (the liveness-to-safety
        # product), with --lemmas mine (the product's lemmas) or none.
        live = [r for r in results if r["kind"] in LIVENESS]
        if not live:
            return
        r = rng.choice(live)
        engine = rng.choice(["kind", "spacer"])
        lemmas = rng.choice(["none", "mine"])
        label = f"{engine} --lemmas {lemmas}"
        s = self.args.live_z3_seconds
        rc, out, cmd, err = self.run(
            name, sets, ["--engine", engine, "--lemmas", lemmas, "--max-seconds", str(s),
                         "--property", r["property"]], timeout=s * 4 + 30)
        if out is None:
            if not self.z3_exit(name, r["property"], label, err, cmd_ref, cmd):
                self.disagree(name, r["property"], f"{label}: no JSON ({err})", cmd_ref, cmd)
            return
        g = out["results"][0]
        v = g["verdict"]
        if v not in ("holds", "violated"):
            self.skip(f"{label} (liveness): {v.split(' (')[0]}")
            return
        self.comparisons += 1
        if v != r["verdict"]:
            self.disagree(name, r["property"], f"{label} {v}, explicit {r['verdict']}", cmd_ref,
                          cmd)
            return
        if v != "violated":
            return
        # The lasso comes from the lasso BMC, a shortest in total steps: no longer than the
        # explicit engine's (docs/architecture-z3.md), as long as bmc's.
        got, explicit = len(g.get("trace") or []), len(r["trace"])
        shortest = self.bmc_lassos.get(r["property"])
        if "lasso" not in g or got > explicit:
            self.disagree(name, r["property"], f"{label}: lasso {g.get('lasso')} of {got} steps, "
                          f"explicit's {explicit}", cmd_ref, cmd)
        elif shortest is not None and got != shortest[0]:
            self.disagree(name, r["property"], f"{label}: lasso of {got} steps, bmc's shortest "
                          f"{shortest[0]}", shortest[1], cmd)

    # --- Limits: a run stopped early decides only what the explicit run decided before it.
