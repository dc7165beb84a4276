#!/usr/bin/env python3
"""Which library modules depend on which at link level (from nm on
build/*.o), and any cycle among them: a cycle means no module of it can be
understood, tested or linked without the others.

Usage: python3 tools/modcycles.py [BUILD]   (exit 1 when there is a cycle)
"""
import glob
import os
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
defs, uses = {}, {}
for o in glob.glob(os.path.join(build, "*.o")):
    mod = os.path.basename(o)[:-2]
    if mod == "main" or mod.startswith("cli_"):
        continue
    out = subprocess.run(["nm", o], capture_output=True, text=True).stdout
    uses[mod] = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDRB":
            defs[parts[2]] = mod
        elif len(parts) == 2 and parts[0] == "U":
            uses[mod].add(parts[1])
graph = {m: sorted({defs[s] for s in u if s in defs and defs[s] != m})
         for m, u in uses.items()}

# Tarjan's strongly connected components
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        sccs.append(comp)


sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index:
        visit(v)
cycles = [sorted(c) for c in sccs if len(c) > 1]
for c in cycles:
    print("cycle: " + " <-> ".join(c))
print("modules: %d, link-level cycles: %d" % (len(graph), len(cycles)))
sys.exit(1 if cycles else 0)
