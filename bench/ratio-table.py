#!/usr/bin/env python3
"""Prints the Markdown ratio table of bench/compare-llama.sh from its results (TSV) and commands files.

usage: ratio-table.py RESULTS.tsv COMMANDS.txt THREADS PROMPT GEN LONG"""
import sys, os, platform, statistics
results, commands, threads, prompt, gen, long = sys.argv[1:7]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(f"Machine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB; {threads} threads; {prompt}-token prompt, {gen} generated tokens; "
      f"one alternating run (Inkstone, llama.cpp, Inkstone, llama.cpp ...).\n")
labels = []
for r in rows:
    if r[1] not in labels: labels.append(r[1])
def runs(engine, label): return [r for r in rows if r[0] == engine and r[1] == label]
def fmt(vals): return ", ".join(f"{v:.2f}" for v in vals)
print("| format | what | Inkstone (each round) | llama.cpp (each round) | ratio of medians |")
print("|---|---|---|---|---|")
for label in labels:
    a, b = runs("inkstone", label), runs("llama", label)
    if not a or not b: continue
    for i, what in ((3, "decode tok/s"), (2, "prefill tok/s")):
        if "@" in label and i == 2: continue
        va, vb = [float(r[i]) for r in a], [float(r[i]) for r in b]
        ratio = statistics.median(va) / statistics.median(vb) if statistics.median(vb) > 0 else float("nan")
        name = label.replace("@", f" after ") + (" cached" if "@" in label else "")
        print(f"| {name} | {what} | {fmt(va)} | {fmt(vb)} | {ratio:.2f}x |")
print()
for label in labels:
    if "@" not in label: continue
    base = label.split("@")[0]
    for engine in ("inkstone", "llama"):
        short = [float(r[3]) for r in runs(engine, base)]; longr = [float(r[3]) for r in runs(engine, label)]
        if short and longr:
            print(f"- {engine}: decode after {label.split('@')[1]} cached / after {prompt}: "
                  f"{statistics.median(longr) / statistics.median(short):.2f}")
print()
print("| engine | format | peak RSS MiB | load s | load average before → after |")
print("|---|---|---|---|---|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[4]} | {r[5]} | {r[6]} → {r[7]} |")
print("\nCommands:\n```")
print(open(commands).read().rstrip())
print("```")
