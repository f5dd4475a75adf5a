#!/usr/bin/env python3
"""CPU seconds per process group and per JVM thread, from /proc (Linux only).

Sample while a benchmark runs, then sum a time window (for instance one connector run):

    python3 benchmarks/scripts/cpu_accounting.py sample SinkLoadComparison 0.5 /tmp/cpu.log &
    ... run the benchmark, note the window's start and end (Unix seconds) ...
    python3 benchmarks/scripts/cpu_accounting.py window /tmp/cpu.log <start> <end>

Groups: the JVM whose command line contains the given text (per thread, threads of a pool
summed by name), PostgreSQL (the postmaster, its live backends and the reaped ones) and moto.
Thread names are read per sample and keyed by thread id, since Connect renames its pool threads
while they run a task.
"""
import collections
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def _stat(path):
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    # utime, stime, cutime, cstime are fields 14-17 of stat(5); here 11-14 after the name.
    return name, int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def sample(jvm_marker, interval, out_path):
    with open(out_path, "w") as out:
        while True:
            now = time.time()
            postgres = moto = 0
            jvm = None
            for pid in filter(str.isdigit, os.listdir("/proc")):
                stat = _stat(f"/proc/{pid}/stat")
                if not stat:
                    continue
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if stat[0] == "postgres" or cmd.startswith("postgres"):
                    postgres += stat[1] + (stat[2] if "bin/postgres" in cmd else 0)
                elif "moto" in cmd:
                    moto += stat[1]
                elif stat[0] == "java" and jvm_marker in cmd:
                    jvm = pid
            out.write(f"{now:.2f} Gpostgres postgres {postgres / HZ:.2f}\n")
            out.write(f"{now:.2f} Gmoto moto {moto / HZ:.2f}\n")
            if jvm:
                for tid in os.listdir(f"/proc/{jvm}/task"):
                    stat = _stat(f"/proc/{jvm}/task/{tid}/stat")
                    if stat:
                        out.write(f"{now:.2f} T{tid} {stat[0].replace(' ', '_')} {stat[1] / HZ:.2f}\n")
            out.flush()
            time.sleep(interval)


def window(log_path, start, end):
    first, last, names, before = {}, {}, {}, set()
    with open(log_path) as log:
        for line in log:
            stamp, ident, name, cpu = line.split()
            stamp, cpu = float(stamp), float(cpu)
            names[ident] = name
            if stamp < start:
                before.add(ident)
                first[ident] = cpu
            elif stamp <= end:
                first.setdefault(ident, 0.0)
                last[ident] = cpu
    groups = collections.Counter()
    for ident, cpu in last.items():
        label = ("" if ident.startswith("T") else "process: ") + re.sub(r"[#\-_]?\d+$", "", names[ident])
        groups[label] += cpu - first[ident]
    jvm = sum(v for k, v in groups.items() if not k.startswith("process: "))
    print(f"window {end - start:.2f} s; JVM threads {jvm:.2f} CPU-s")
    for label, seconds in groups.most_common():
        if seconds >= 0.03:
            print(f"  {label:32s} {seconds:6.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "sample":
        sample(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "window":
        window(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(__doc__)
