#!/usr/bin/env bash
# Times scripts/run.sh (the README's run command) from launch to "ResumePair is ready", the memory at rest of the
# AppHost, DCP and the dashboard, and SIGTERM until the AppHost exits and until every process it started is gone.
# Usage: [ROOT=checkout] [GATEWAY_PORT=28080] [DASHBOARD_PORT=28888] \
#   bash bench/scripts/apphost-start-stop.sh [cold|warm]
# (cold removes .data/apphost first). ROOT measures another checkout (e.g. main's) with this script.
set -uo pipefail
cd "${ROOT:-$(dirname "${BASH_SOURCE[0]}")/../..}"
mode="${1:-warm}"
[[ "$mode" == cold ]] && rm -rf .data/apphost
log=$(mktemp)
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
RESUMEPAIR_DASHBOARD_PORT=${DASHBOARD_PORT:-28888} setsid bash scripts/run.sh --Gateway:Port=${GATEWAY_PORT:-28080} \
  >"$log" 2>&1 &
launcher=$!
until grep -q "^Dashboard:" "$log"; do sleep 0.05; done
printf '%s run.sh checks (install, web and AppHost build up to date) until the AppHost starts: %.1f s\n' "$mode" \
  "$(echo "$(date +%s.%N) - $start" | bc)"
until grep -q "ResumePair is ready" "$log"; do
  kill -0 $launcher 2>/dev/null || { echo "run.sh exited early"; tail -20 "$log"; exit 1; }
  sleep 0.1
done
ready=$(date +%s.%N)
printf '%s start to ready: %.1f s\n' "$mode" "$(echo "$ready - $start" | bc)"
# Everything the AppHost started: its own tree, and DCP's trees (DCP daemonises; it names the AppHost in --monitor).
tree() { local p=$1; echo $p; for c in $(pgrep -P $p); do tree $c; done; }
apphost=$launcher # run.sh execs the AppHost
all() {
  { tree $apphost; for d in $(pgrep -f -- "--monitor $apphost"); do tree $d; done
    pgrep -f "$PWD/.data/apphost"; } 2>/dev/null | sort -u
}
sleep 20
pss() { awk '/^Pss:/{s+=$2} END{print int(s/1024)}' "$@" 2>/dev/null; }
servers='ResumePair\.(Documents|AiProxy|ExportOrchestrator|PdfRenderer|Gateway)|chromium|postgres|beam|epmd|erl_child'
own=$( { tree $apphost | grep -v -f <(pgrep -f "$servers"); \
  for d in $(pgrep -f -- "--monitor $apphost"); do echo $d; done
  pgrep -f "Aspire.Dashboard|dcpctrl|dcp start-apiserver"; } | sort -u)
total=0
for p in $own; do
  name=$(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null | cut -c1-60)
  kb=$(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup 2>/dev/null)
  [[ -n "$kb" ]] && total=$((total + kb)) && echo "  $((kb/1024)) MB  $name"
done
echo "AppHost + DCP + dashboard PSS at rest: $((total/1024)) MB"
procs=$(all); n=$(echo "$procs" | wc -w)
echo "processes started: $n; load: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
kill -TERM $apphost
while kill -0 $apphost 2>/dev/null; do sleep 0.05; done
t1=$(date +%s.%N)
printf 'SIGTERM to AppHost exit: %.1f s\n' "$(echo "$t1 - $t0" | bc)"
while :; do
  left=0; for p in $procs; do kill -0 $p 2>/dev/null && left=$((left + 1)); done
  [[ $left -eq 0 ]] && break
  (( $(echo "$(date +%s.%N) - $t0 > 60" | bc) )) && { echo "still running after 60 s: $left"; break; }
  sleep 0.1
done
t2=$(date +%s.%N)
printf 'SIGTERM to every process gone: %.1f s (%d processes)\n' "$(echo "$t2 - $t0" | bc)" "$n"
rm -f "$log"
