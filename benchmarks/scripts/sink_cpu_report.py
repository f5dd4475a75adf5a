"""Sums the connector's CPU per round of SinkLoadComparison, from the logs of
sink_cpu_before_after.sh, by part (task, GC, JIT, staging, loader, other), and prints the
median of each build's rounds.

    python3 benchmarks/scripts/sink_cpu_report.py <out-dir>
"""
import collections
import os
import re
import statistics
import subprocess
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/sink-cpu'
ACCOUNTING = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cpu_accounting.py')
groups={'task':['pool-','connector-threa','task-thread'],'gc':['GC_Thread','G1_Conc','G1_Refine','G1_Service','G1_Main','VM_Thread'],'jit':['C1_Compiler','C2_Compiler'],'staging':['ddbsync-staging'],'loader':['ddbsync-loader']}
res=collections.defaultdict(list)
for variant in ['before','after']:
  for i in range(1, 100):
    path = f'{OUT}/load-{variant}-{i}.log'
    if not os.path.exists(path):
      break
    log = open(path).read()
    for m in re.finditer(r'window round (\d) ddbsync sink connector, (new keys|every key)[^:]*: ([\d.]+) ([\d.]+)',log):
      rnd,kind,a,b=m.groups()
      out=subprocess.run(['python3', ACCOUNTING, 'window', f'{OUT}/cpu-{variant}-{i}.log', a, b],capture_output=True,text=True).stdout
      tot=float(re.search(r'JVM threads ([\d.]+)',out).group(1))
      g=collections.Counter()
      for line in out.splitlines()[1:]:
        name=line[:36].strip(); val=float(line[36:].strip())
        if name.startswith('process:'): g[name.split()[1]]+=val; continue
        for k,prefs in groups.items():
          if any(name.startswith(p) for p in prefs): g[k]+=val; break
        else: g['other']+=val
      g['jvm total']=tot
      g['wall']=float(b)-float(a)
      res[(variant,'initial' if kind=='new keys' else 'merge')].append(g)
keys=['task','gc','jit','staging','loader','other','jvm total','postgres','wall']
for load in ['initial','merge']:
  print(f'\n{load}: median of runs×rounds (n)')
  print('| part | before | after | after/before |')
  for k in keys:
    b=[g[k] for g in res[('before',load)]]; a=[g[k] for g in res[('after',load)]]
    if not b or not a: continue
    mb,ma=statistics.median(b),statistics.median(a)
    print(f'| {k} | {mb:.2f} ({", ".join("%.2f"%x for x in b)}) | {ma:.2f} ({", ".join("%.2f"%x for x in a)}) | {ma/mb if mb else 0:.2f} |')
