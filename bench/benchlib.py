"""benchlib.py: CPU time and peak memory of commands, alternating, medians.

Each measurement goes through bench/runone (a small C program: fork, exec,
wait4), so that the peak memory it reports is the tool's own.  compare()
runs every case once per round, in turn, so that the tools compared see
the same machine, and returns the median CPU time and the largest peak."""
import os, statistics, subprocess

RUNONE = os.environ.get("RUNONE", "runone")

def run(cmd, stdin_path=None, repeat=1):
    """Total CPU seconds (user+sys) of repeat runs of cmd, and peak RSS (KB)."""
    out = subprocess.run([RUNONE, str(repeat), stdin_path or "-"] + list(cmd),
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])

def compare(cases, rounds=7):
    """cases: {name: (cmd, stdin_path, repeat)}; returns {name: (median, peak)}."""
    times = {k: [] for k in cases}
    peaks = {k: 0 for k in cases}
    for _ in range(rounds):
        for name, (cmd, stdin_path, repeat) in cases.items():
            t, m = run(cmd, stdin_path, repeat)
            times[name].append(t)
            peaks[name] = max(peaks[name], m)
    return {k: (statistics.median(v), peaks[k]) for k, v in times.items()}

def verdict(ok):
    return "ok" if ok else "MISSED"
