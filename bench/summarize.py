#!/usr/bin/python3
"""Prints hyperfine JSON results as median (min-max) of whole-process seconds and each command's
ratio to the first one's median, measured in the same run. Usage: summarize.py results.json"""
import json
import statistics
import sys

results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"])
for r in results:
    med = statistics.median(r["times"])
    print(f"{med:8.4f} s  ({min(r['times']):.4f}-{max(r['times']):.4f}, {len(r['times'])} runs)  "
          f"user {r.get('user', 0):.4f} s  ratio {med / base:6.3f}  {r['command']}")
