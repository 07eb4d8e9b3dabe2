#!/usr/bin/python3
"""Summarises bench/run_process.sh's runs: for each command, the median (min-max) of its wall
seconds, CPU seconds (user + sys) and peak RSS over the interleaved rounds, and the ratio of its
wall and CPU medians to the first command's, measured in the same run.
Usage: summarize.py RUNS COMMANDS  (RUNS: lines "index wall user sys max_rss_kb"; COMMANDS: one
command per line, in index order)"""
import statistics
import sys

commands = open(sys.argv[2]).read().splitlines()
runs = {}
for line in open(sys.argv[1]):
    index, wall, user, system, rss = line.split()
    runs.setdefault(int(index), []).append((float(wall), float(user) + float(system), int(rss)))


def span(values, fmt):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


base_wall = statistics.median(w for w, _, _ in runs[0])
base_cpu = statistics.median(c for _, c, _ in runs[0])
for index, command in enumerate(commands):
    walls = [w for w, _, _ in runs[index]]
    cpus = [c for _, c, _ in runs[index]]
    rss = [r / 1024 for _, _, r in runs[index]]
    print(f"wall {span(walls, '{:.2f}')} s  cpu {span(cpus, '{:.2f}')} s  rss {span(rss, '{:.0f}')} MB"
          f"  ratio wall {statistics.median(walls) / base_wall:.3f} cpu "
          f"{statistics.median(cpus) / base_cpu:.3f}  [{len(walls)} runs]  {command}")
