#!/usr/bin/env python3
"""CPU-seconds of one AppHost start, by process kind, and its timeline.

Starts scripts/run.sh (ports GATEWAY_PORT/DASHBOARD_PORT, default 28080/28888), samples /proc every 50 ms over the
AppHost's process tree and DCP's trees
(DCP daemonises; it names the AppHost in `--monitor PID`), exited processes included (their last sample), until
"ResumePair is ready"; prints when each kind of process first appeared and when each service first listened, the
CPU-seconds of each kind, and the tree's total from the live roots' own + reaped children's times as a cross-check
(what the 50 ms sampler misses of short-lived processes). Then SIGTERM and the time until every process is gone.

Usage: [ROOT=checkout] python3 bench/scripts/apphost-start-cpu.py [--settle S] [-- run.sh arguments]
"""
import os, re, signal, subprocess, sys, time

ROOT = os.environ.get('ROOT') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
HZ = os.sysconf('SC_CLK_TCK')
settle = 0.0
extra = []
args = sys.argv[1:]
if '--' in args:
    extra = args[args.index('--') + 1:]
    args = args[:args.index('--')]
if args[:1] == ['--settle']:
    settle = float(args[1])

SERVICE = re.compile(r'ResumePair\.(Documents|AiProxy|ExportOrchestrator|PdfRenderer|Gateway|AppHost)\b')


def kind(cmd):
    """A process's kind from its command line."""
    m = SERVICE.search(cmd)
    if 'dotnet run' in cmd or ' run --project' in cmd:
        return 'dotnet-run' + (':' + m.group(1) if m else '')
    if m and m.group(1) == 'AppHost':
        return 'apphost'
    if m:
        return ('migrate:' if '--migrate' in cmd else 'service:') + m.group(1)
    if re.search(r'(^|/)dcp(ctrl)?\s', cmd) or '/dcp ' in cmd or 'dcpctrl' in cmd:
        return 'dcp'
    if 'Aspire.Dashboard' in cmd:
        return 'dashboard'
    if 'chromium' in cmd or 'chrome_crashpad' in cmd:
        return 'chromium'
    if re.search(r'(^|/)postgres(\s|:)|^postgres:', cmd):
        return 'postgres'
    if any(k in cmd for k in ('beam.smp', 'erl_child_setup', 'inet_gethost', 'epmd', 'rabbitmq', '/erts-', 'erlexec')):
        return 'rabbitmq'
    return 'other:' + os.path.basename(cmd.split(' ')[0])[:30]


def read_proc():
    procs = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/stat') as f:
                st = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{d}/cmdline', 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace').strip()
        except (OSError, IndexError):
            continue
        # fields after ')': state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14
        procs[int(d)] = (int(st[1]), cmd, int(st[11]) + int(st[12]), int(st[13]) + int(st[14]))
    return procs


def alive(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def main():
    log_path = f'/tmp/apphost-start-cpu.{os.getpid()}.log'
    env = dict(os.environ, RESUMEPAIR_DASHBOARD_PORT=os.environ.get('DASHBOARD_PORT', '28888'))
    env['Logging__Console__TimestampFormat'] = '[HH:mm:ss.fff] '
    t0 = time.time()
    log = open(log_path, 'w')
    gateway = '--Gateway:Port=' + os.environ.get('GATEWAY_PORT', '28080')
    p = subprocess.Popen(['bash', 'scripts/run.sh', gateway, *extra], cwd=ROOT, stdout=log,
                         stderr=subprocess.STDOUT, env=env, start_new_session=True)
    load0 = open('/proc/loadavg').read().split()[:3]
    seen_kind, listen, cpu, kinds, cmds, mine, run_until_child = {}, {}, {}, {}, {}, set(), {}
    apphost_t = None

    def say(msg):
        print(f'{time.time() - t0:6.2f}  {msg}', flush=True)

    ready_at = None
    exited, last = set(), time.time()
    while True:
        if time.time() - last > 0.5:
            say(f'(sampler stalled {time.time() - last:.1f} s)')
        last = time.time()
        if p.poll() is not None:
            say('run.sh exited: see ' + log_path)
            break
        procs = read_proc()
        roots = {p.pid} | {q for q, (pp, c, _, _) in procs.items() if f'--monitor {p.pid}' in c}
        tree = set(roots)
        grew = True
        while grew:
            new = {q for q, (pp, c, _, _) in procs.items() if pp in tree and q not in tree}
            grew = bool(new)
            tree |= new
        mine |= tree
        for q in tree:
            pp, c, t, _ = procs[q]
            if not c and q in kinds:  # exited, not yet reaped: keep what it was
                cpu[q] = t
                if kinds[q].startswith('migrate:') and q not in exited:
                    exited.add(q)
                    say('exit ' + kinds[q])
                continue
            k = kind(c) if q != p.pid or 'AppHost' in c else 'run.sh'
            kinds[q] = k
            cmds[q] = c
            if k.startswith('dotnet-run') and q not in run_until_child and any(pp2 == q for pp2, *_ in procs.values()):
                run_until_child[q] = t
            cpu[q] = t
            if k not in seen_kind:
                seen_kind[k] = time.time() - t0
                say('start ' + k)
        for q in [q for q, k in kinds.items() if k.startswith('migrate:') and q not in procs and q not in exited]:
            exited.add(q)
            say('exit ' + kinds[q])
        ss = subprocess.run(['ss', '-ltnpH'], capture_output=True, text=True).stdout
        for line in ss.splitlines():
            m = re.search(r':(\d+)\s.*pid=(\d+),', line)
            if not m:
                continue
            port, pid = int(m.group(1)), int(m.group(2))
            if pid in tree and (kinds.get(pid, '').startswith(('service:', 'rabbitmq'))):
                key = (kinds[pid], port)
                if key not in listen:
                    listen[key] = time.time() - t0
                    say(f'listening {kinds[pid]} :{port}')
        with open(log_path, errors='replace') as f:
            if 'ResumePair is ready' in f.read():
                ready_at = time.time() - t0
                say('READY')
                break
        time.sleep(0.05)
    load1 = open('/proc/loadavg').read().split()[:3]
    if settle:
        time.sleep(settle)
        procs = read_proc()
        for q in mine:
            if q in procs:
                cpu[q] = procs[q][2]
    procs = read_proc()
    tot = {}
    for q, t in cpu.items():
        k = kinds[q]
        group = k.split(':')[0] if k.startswith(('other', 'chromium')) else k
        tot[group] = tot.get(group, 0) + t
    for k, t in sorted(tot.items(), key=lambda x: -x[1]):
        print(f'  cpu {k:34s} {t / HZ:7.2f} s')
    others = sorted(((t, cmds[q][:70]) for q, t in cpu.items() if kinds[q].startswith('other')), reverse=True)
    for t, c in others[:5]:
        print(f'      other {t / HZ:6.2f} s  {c}')
    if os.environ.get('THREADS'):
        for q in sorted(mine):
            if q not in procs or not kinds.get(q, '').startswith(('apphost', 'service:')):
                continue
            by_name = {}
            for t in os.listdir(f'/proc/{q}/task'):
                try:
                    with open(f'/proc/{q}/task/{t}/stat') as f:
                        st = f.read()
                    name = st[st.index('(') + 1:st.rindex(')')]
                    fields = st.rsplit(')', 1)[1].split()
                    by_name[name] = by_name.get(name, 0) + int(fields[11]) + int(fields[12])
                except OSError:
                    pass
            top = sorted(by_name.items(), key=lambda x: -x[1])[:6]
            print(f'  threads {kinds[q]}: ' + ', '.join(f'{n} {t / HZ:.2f}' for n, t in top))
    if run_until_child:
        before = sum(run_until_child.values()) / HZ
        total_runs = sum(t for q, t in cpu.items() if kinds[q].startswith('dotnet-run')) / HZ
        print(f'  dotnet run: {before:.2f} s CPU until its program started ({len(run_until_child)} instances), '
              f'{total_runs - before:.2f} s after')
    sampled = sum(tot.values()) / HZ
    live_roots = [q for q in mine if q in procs and procs[q][0] not in mine]
    cross = sum(procs[q][2] + procs[q][3] for q in mine if q in procs and procs[q][0] not in mine) / HZ
    print(f'  cpu total (sampled) {sampled:.2f} s; live roots own+reaped children {cross:.2f} s'
          f' (roots {len(live_roots)}); ready {ready_at if ready_at is None else round(ready_at, 2)} s;'
          f' load {" ".join(load0)} -> {" ".join(load1)}')
    os.kill(p.pid, signal.SIGTERM)  # run.sh execs the AppHost, which stops every resource
    t1 = time.time()
    while time.time() - t1 < 60 and any(alive(q) for q in mine):
        time.sleep(0.1)
    print(f'  stop: {time.time() - t1:.1f} s; log {log_path}')


main()
