"""What every comparison stands on: parameter settings drawn from the declared ranges,
one synack run, its JSON, a disagreement reported with the commands that reproduce it."""
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
# Now and then (RARE_ODDS) a value past SMALL, where the declared range allows it: the
# encodings treat an unordered channel of capacity 4 to 6 apart from smaller ones (orders
# are not spelled out), and bmc's lassos there went wrong once (docs/reliability.md).
RARE = {"channel.capacity": (4, 6)}
RARE_ODDS = 0.15
# The explicit engine needs one initial state.
FIXED = {"tcp.isn": "pinned"}
IGNORED_STORE_KEYS = ("seconds", "store", "store_bytes")
SAFETY = ("always", "sometimes")
# What --checkpoint, --distributed and --swarm take: every safety kind.
SAFETY_ALL = SAFETY + ("deadlock-free",)
LIVENESS = ("eventually", "leads-to", "always-eventually")


class Core:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out)
        os.makedirs(self.out, exist_ok=True)
        # A copy: a rebuild during the sweep must not mix two synacks (or fail to start one).
        self.synack = os.path.join(self.out, "synack")
        shutil.copy2(args.synack, self.synack)
        self.run_id = 0
        self.runs = 0
        self.comparisons = 0
        self.disagreements = []
        self.z3_exits = []
        self.skipped = {}
        self.wall = 0.0  # the last run's wall seconds
        self.bmc_lassos = {}  # this setting's bmc lasso lengths, by property
        self.mpirun = self.find_mpirun() if not args.no_distributed else None

    def find_mpirun(self):
        """The launcher for --distributed (Open MPI refuses root and more ranks than cores
        unless told; a rank's exit code 1 would cost seconds of teardown), or None."""
        if not shutil.which("mpirun"):
            print("no mpirun: --distributed is not compared", file=sys.stderr)
            return None
        probe = subprocess.run([self.synack, "check", "tcp/two-way-handshake", "--distributed",
                                "--quiet"], capture_output=True, text=True)
        if "without MPI" in probe.stderr:
            print("synack built without MPI: --distributed is not compared", file=sys.stderr)
            return None
        launcher = ["mpirun"]
        version = subprocess.run(["mpirun", "--version"], capture_output=True, text=True)
        if "Open MPI" in version.stdout + version.stderr:
            launcher += ["--oversubscribe", "--mca", "orte_abort_on_non_zero_status", "0"]
            if os.getuid() == 0:
                launcher.append("--allow-run-as-root")
        return launcher + ["-np", "2"]

    def command(self, scenario, sets, extra, path):
        cmd = [self.synack, "check", scenario, "--quiet", "--json", path]
        for k, v in sets.items():
            cmd += ["--set", f"{k}={v}"]
        return cmd + extra

    def json_path(self):
        self.run_id += 1
        return os.path.join(self.out, f"r{self.run_id}.json")

    @staticmethod
    def load(path):
        if not os.path.exists(path):
            return None
        with open(path) as f:
            data = json.load(f)
        os.remove(path)
        return data

    # One synack run: returns (exit code, parsed JSON or None, the command as text, stderr).
    # Its own process group, so that a timeout also ends mpirun's ranks.
    def run(self, scenario, sets, extra, timeout=300, prefix=()):
        path = self.json_path()
        cmd = list(prefix) + self.command(scenario, sets, extra, path)
        self.runs += 1
        start = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None, None, shlex.join(cmd), "timeout"
        finally:
            self.wall = time.time() - start
            self.log(f"exit {proc.returncode} {self.wall:.2f}s {shlex.join(cmd)}")
        return proc.returncode, self.load(path), shlex.join(cmd), err.strip()

    def log(self, line):
        # Every command, for reading a sweep afterwards: DIR/commands.log.
        with open(os.path.join(self.out, "commands.log"), "a") as f:
            f.write(line + "\n")

    def disagree(self, scenario, prop, what, *cmds):
        line = f"DISAGREE {scenario} {prop}: {what}\n    " + "\n    ".join(cmds)
        print(line, flush=True)
        self.disagreements.append(line)

    def z3_exit(self, scenario, prop, engine, err, *cmds):
        """Z3 4.8.12 ending the process on one of its own internal checks is no verdict, and
        synack says so (exit 3, docs/architecture-z3.md, "Z3 itself can end the process"):
        listed apart from the disagreements."""
        if "stopped the process on one of its own internal checks" not in err:
            return False
        line = f"Z3-EXIT {scenario} {prop}: {engine}: {err.splitlines()[-1]}\n    " + \
            "\n    ".join(cmds)
        print(line, flush=True)
        self.z3_exits.append(line)
        return True

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
                if key in RARE and rng.random() < RARE_ODDS:
                    slo, shi = RARE[key]
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
            return {k: Core.strip(v, ignored) for k, v in node.items() if k not in ignored}
        if isinstance(node, list):
            return [Core.strip(v, ignored) for v in node]
        return node

    def same_json(self, scenario, a, b, cmd_a, cmd_b, label, ignored=IGNORED_STORE_KEYS):
        self.comparisons += 1
        sa, sb = self.strip(a, ignored), self.strip(b, ignored)
        if sa == sb:
            return
        names = [x["property"] for x, y in zip(sa["results"], sb["results"]) if x != y]
        # Other parts that differ: (coverage), (swarm), ...
        names += [f"({k})" for k in sorted(set(sa) | set(sb))
                  if k != "results" and sa.get(k) != sb.get(k)]
        self.disagree(scenario, ",".join(names) or "(shape)", f"{label}: JSON differs", cmd_a,
                      cmd_b)
