"""Runs cut short or spread out against one never stopped: --max-states and
--max-seconds, --swarm, --checkpoint killed and resumed, --distributed."""
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


class InterruptionComparisons:
    def cut(self, name, ref_results, got, limit, cmds, label, max_states=None):
        by_name = {g["property"]: g for g in got["results"]}
        for r in ref_results:
            g = by_name.get(r["property"])
            self.comparisons += 1
            why = "no result" if g is None else self.cut_wrong(r, g, limit, max_states)
            if why:
                self.disagree(name, r["property"], f"{label}: {why}", *cmds)

    def cut_wrong(self, r, g, limit, max_states):
        """What is wrong with result G of a run stopped by LIMIT (at MAX_STATES states, if
        that is the limit) against the explicit result R, or None."""
        n = r["states"]
        # A violation or witness is decided at its n-th state, the rest by the whole search
        # (at n = max_states the search stops before it knows nothing is left).
        by_finding = r["kind"] in SAFETY_ALL and self.found(r)
        if g["verdict"] == "inconclusive":
            if g.get("limit") != limit:
                return f"inconclusive ({g.get('limit')}) where the limit was {limit}"
            if max_states is not None and (max_states > n or (by_finding and max_states == n)):
                return (f"inconclusive at --max-states {max_states}, explicit {r['verdict']} "
                        f"after {n} states")
            return None
        # A lasso found in part of the liveness graph is a real one: only the verdict counts.
        lasso = r["kind"] in LIVENESS and g["verdict"] == r["verdict"] == "violated"
        if lasso and (max_states is None or max_states <= n):
            return None
        if max_states is not None and max_states < n:
            return (f"{g['verdict']} at --max-states {max_states}, below the {n} states "
                    f"explicit decided it with ({r['verdict']})")
        if self.strip(g, IGNORED_STORE_KEYS) != self.strip(r, IGNORED_STORE_KEYS):
            return (f"{g['verdict']} ({len(g.get('trace') or [])} steps, {g['states']} states), "
                    f"explicit {r['verdict']} ({len(r.get('trace') or [])} steps, {n} states)")
        return None

    def limits(self, rng, name, sets, results, cmd_ref, other_extra):
        total = max(r["states"] for r in results)
        if total < 2:
            return
        # Half the time at (or next to) a state count where a property is decided.
        if rng.random() < 0.5:
            m = rng.choice([r["states"] for r in results]) + rng.choice([-1, 0, 1])
        else:
            m = rng.randint(1, total - 1)
        m = max(1, min(m, total - 1))
        outs = []
        for t in ("1", "2"):
            _, got, cmd, err = self.run(name, sets, ["--threads", t, "--max-states", str(m)] +
                                        other_extra)
            if got is None:
                self.disagree(name, "*", f"--max-states {m}: no JSON ({err})", cmd_ref, cmd)
                return
            if any(g.get("limit") == "max-seconds" for g in got["results"]):
                self.skip("--max-states: hit the time limit")
                return
            outs.append((got, cmd))
        self.cut(name, results, outs[0][0], "max-states", [cmd_ref, outs[0][1]],
                 f"--max-states {m}", max_states=m)
        # Where the cut falls does not depend on the threads either.
        self.same_json(name, outs[0][0], outs[1][0], outs[0][1], outs[1][1],
                       f"--max-states {m}: --threads 2 vs 1")
        spent = max(r["seconds"] for r in results)
        s = round(rng.uniform(0.001, max(0.002, 1.5 * spent)), 4)
        _, got, cmd, err = self.run(name, sets, ["--threads", rng.choice(["1", "2"]),
                                                 "--max-seconds", str(s)])
        if got is None:
            self.disagree(name, "*", f"--max-seconds {s}: no JSON ({err})", cmd_ref, cmd)
            return
        self.cut(name, results, got, "max-seconds", [cmd_ref, cmd], f"--max-seconds {s}")

    # --- Swarm: never a proof; each finding a real one, no shorter than the shortest.

    def swarm(self, rng, name, sets, results, cmd_ref):
        safety = [r for r in results if r["kind"] in SAFETY_ALL]
        if not safety:
            return
        extra = ["--swarm", str(rng.randint(1, 8)), "--seed", str(rng.randrange(2 ** 64)),
                 "--max-states", str(rng.choice([100, 1000, 10000, 100000]))]
        if rng.random() < 0.5:
            extra += ["--depth", str(rng.randint(1, 60))]
        extra += sum((["--property", r["property"]] for r in safety), [])
        outs = []
        for t in ("1", "2"):
            _, got, cmd, err = self.run(name, sets, extra + ["--threads", t])
            if got is None:
                self.disagree(name, "*", f"--swarm: no JSON ({err})", cmd_ref, cmd)
                return
            outs.append((got, cmd))
        self.same_json(name, outs[0][0], outs[1][0], outs[0][1], outs[1][1],
                       "--swarm: --threads 2 vs 1",
                       ignored=IGNORED_STORE_KEYS + ("threads", "first_finding_seconds"))
        sw, cmd = outs[0]
        by_name = {g["property"]: g for g in sw["results"]}
        for r in safety:
            g = by_name.get(r["property"])
            self.comparisons += 1
            if g is None:
                self.disagree(name, r["property"], "--swarm: no result", cmd_ref, cmd)
            elif self.found(g):
                got, shortest = len(g.get("trace") or []), len(r.get("trace") or [])
                if not self.found(r):
                    self.disagree(name, r["property"], f"--swarm {g['verdict']} in {got} steps, "
                                  f"explicit {r['verdict']}", cmd_ref, cmd)
                elif got < shortest:
                    self.disagree(name, r["property"], f"--swarm trace of {got} steps, shorter "
                                  f"than explicit's shortest {shortest}", cmd_ref, cmd)
            elif g["verdict"] != "inconclusive" or g.get("limit") != "swarm: not a proof":
                self.disagree(name, r["property"], f"--swarm without a finding: {g['verdict']} "
                              f"({g.get('limit')}), explicit {r['verdict']}", cmd_ref, cmd)

    # --- Checkpoints: killed at a random moment and resumed, the result of a run never
    # stopped (README, "Checkpoints").

    def fresh_dir(self):
        self.run_id += 1
        path = os.path.join(self.out, f"cp{self.run_id}")
        shutil.rmtree(path, ignore_errors=True)
        return path

    def killed(self, name, sets, extra, cp_dir, sig, delay):
        """Runs synack with EXTRA and sends it SIG DELAY seconds after CP_DIR holds a
        checkpoint; returns (its JSON or None, the command, what happened)."""
        path = self.json_path()
        cmd = self.command(name, sets, extra, path)
        self.runs += 1
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        marker = os.path.join(cp_dir, "checkpoint.synack")
        deadline = time.time() + 300
        while proc.poll() is None and not os.path.exists(marker) and time.time() < deadline:
            time.sleep(0.002)
        try:
            proc.wait(timeout=delay)
            note = "ended before the signal"
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, sig)
            note = f"{sig.name} {delay:.3f} s after a checkpoint existed"
            try:
                proc.wait(timeout=300)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.log(f"exit {proc.returncode} ({note}) {shlex.join(cmd)}")
        return self.load(path), shlex.join(cmd), note

    def checkpoint(self, rng, name, sets, props, sref, cmd_sref):
        states = max(r["states"] for r in sref["results"])
        base = list(props)
        if rng.random() < 0.7:
            # Smaller rounds: more checkpoints, and kills inside levels.
            base += ["--round-states", str(max(16, states // rng.choice([2, 8, 32, 128])))]
        # Mostly after every round: a run of a few milliseconds writes none otherwise.
        every = ["--checkpoint-every", rng.choice(["0", "0", "0", "0.01", "0.1"])]

        def threads():
            return ["--threads", rng.choice(["1", "2"])]

        def resume(cp_dir):
            # A checkpoint resumes with either store and any number of threads.
            return threads() + ["--store", rng.choice(["plain", "tree"])] + base + \
                ["--resume", cp_dir]

        # A run to the end, then a resume of its last checkpoint.
        done = self.fresh_dir()
        _, full, cmd, err = self.run(name, sets, threads() + base + ["--checkpoint", done] + every)
        wall = self.wall
        if full is None:
            self.disagree(name, "*", f"--checkpoint: no JSON ({err})", cmd_sref, cmd)
            return
        self.same_json(name, sref, full, cmd_sref, cmd, "--checkpoint (to the end) vs none")
        if os.path.exists(os.path.join(done, "checkpoint.synack")):
            _, res, cmd_res, err = self.run(name, sets, resume(done))
            if res is None:
                self.disagree(name, "*", f"--resume of a finished run: no JSON ({err})", cmd,
                              cmd_res)
            else:
                self.same_json(name, sref, res, cmd_sref, f"{cmd}\n    {cmd_res}",
                               "--resume of a finished run vs never stopped")
        else:
            self.skip("--checkpoint: a finished run left no checkpoint")
        shutil.rmtree(done, ignore_errors=True)
        # Killed once or twice (the second time while resuming), then resumed to the end.
        cp_dir = self.fresh_dir()
        extra = threads() + base + ["--checkpoint", cp_dir] + every
        cmds = []
        for _ in range(rng.choice([1, 1, 2])):
            sig = rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
            got, cmd, note = self.killed(name, sets, extra, cp_dir, sig,
                                         rng.uniform(0, 0.7 * wall))
            cmds.append(f"{cmd}   # {note}")
            if not os.path.exists(os.path.join(cp_dir, "checkpoint.synack")):
                break  # it ended before writing one: nothing to resume
            if got is not None:
                # SIGTERM and SIGINT stop it like Ctrl-C: what it says must still be right.
                self.cut(name, sref["results"], got, "interrupted", [cmd_sref] + cmds,
                         f"--checkpoint, {note}")
            extra = resume(cp_dir) + every
        if not os.path.exists(os.path.join(cp_dir, "checkpoint.synack")):
            self.skip("--checkpoint: the run to kill ended before writing one")
            return
        _, res, cmd_res, err = self.run(name, sets, resume(cp_dir))
        shutil.rmtree(cp_dir, ignore_errors=True)
        if res is None:
            self.disagree(name, "*", f"--resume: no JSON ({err})", *cmds, cmd_res)
            return
        self.same_json(name, sref, res, cmd_sref, "\n    ".join(cmds + [cmd_res]),
                       "killed and resumed vs never stopped")

    # --- --distributed over 2 ranks: one process's JSON (README, "Larger than one machine").

    def distributed(self, rng, name, sets, props, sref, cmd_sref):
        extra = list(props)
        one, cmd_one = sref, cmd_sref
        total = max(r["states"] for r in sref["results"])
        if rng.random() < 0.3 and total > 1:
            # --max-states counts over all ranks and stops where one process would.
            extra += ["--max-states", str(rng.randint(1, total - 1))]
            _, one, cmd_one, err = self.run(name, sets, ["--threads", "1"] + extra)
            if one is None:
                self.disagree(name, "*", f"--max-states: no JSON ({err})", cmd_sref, cmd_one)
                return
        if rng.random() < 0.7:
            # Levels spread over many rounds and exchanges.
            extra += ["--round-states", str(max(16, total // rng.choice([4, 64, 1024])))]
        _, dist, cmd, err = self.run(name, sets, extra + ["--distributed"], prefix=self.mpirun)
        if dist is None:
            tail = err.splitlines()[-1] if err else "no output"
            self.disagree(name, "*", f"--distributed: no JSON ({tail})", cmd_one, cmd)
            return
        self.same_json(name, one, dist, cmd_one, cmd, "--distributed (2 ranks) vs one process")
