#!/usr/bin/env python3
"""For a shared machine: while a benchmark holds /tmp/bench.lock, every session (CFS autogroup) that has no process
of a running benchmark gets autogroup nice 19, so builds and tests yield the CPU to the bench; with no bench running,
every session is set back to 0. Plain `nice` does not work across sessions when kernel.sched_autogroup_enabled=1, and
DCP detaches itself and everything it starts into sessions of their own.
Benchmarks = descendants of `flock /tmp/bench.lock CMD` processes (flock execs nothing until it holds the lock), plus
the DCP whose `--monitor` pid is one of them, and its descendants. Needs root (it writes other processes'
/proc/PID/autogroup). Usage: nohup python3 bench/scripts/bench-priority.py & (log: /tmp/bench-priority.log)"""
import os, time, sys

def procs():
    out = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/stat') as f:
                s = f.read()
            rest = s[s.rindex(')') + 2:].split()
            ppid, sid = int(rest[1]), int(rest[3])
            with open(f'/proc/{d}/cmdline', 'rb') as f:
                cmd = f.read().split(b'\0')
            out[int(d)] = (ppid, sid, cmd)
        except Exception:
            pass
    return out

def main():
    log = open('/tmp/bench-priority.log', 'a', buffering=1)
    last = None
    while True:
        ps = procs()
        kids = {}
        for pid, (ppid, _, _) in ps.items():
            kids.setdefault(ppid, []).append(pid)
        roots = [p for p, (_, _, c) in ps.items() if c and os.path.basename(c[0].decode(errors='ignore')) == 'flock'
                 and any(b'bench.lock' in a for a in c) and kids.get(p)]
        # DCP daemonizes (its parent is init): it belongs to the bench whose AppHost it monitors.
        dcps = {}
        for p, (_, _, c) in ps.items():
            if b'start-apiserver' in c and b'--monitor' in c:
                i = c.index(b'--monitor')
                try:
                    dcps[p] = int(c[i + 1])
                except (IndexError, ValueError):
                    pass
        bench = set()
        stack = list(roots)
        while True:
            while stack:
                p = stack.pop()
                if p in bench:
                    continue
                bench.add(p)
                stack.extend(kids.get(p, []))
            stack = [d for d, m in dcps.items() if m in bench and d not in bench]
            if not stack:
                break
        bench_sids = {ps[p][1] for p in bench if p in ps}
        changed = 0
        for pid, (ppid, sid, cmd) in ps.items():
            if pid == 1 or not cmd or cmd == [b'']:
                continue
            want = '0' if sid in bench_sids or not roots else '19'
            try:
                with open(f'/proc/{pid}/autogroup') as f:
                    cur = f.read().split()[-1]
                if cur != want:
                    with open(f'/proc/{pid}/autogroup', 'w') as f:
                        f.write(want)
                    changed += 1
            except Exception:
                pass
        state = (tuple(sorted(roots)), len(bench_sids))
        if state != last:
            log.write(f"{time.strftime('%H:%M:%S')} benches={sorted(roots)} bench_sessions={len(bench_sids)} "
                      f"changed={changed}\n")
            last = state
        time.sleep(2)

main()
