#!/usr/bin/env bash
# Kills what ResumePair runs left behind, and nothing else:
#   stop-leftovers.sh [FOLDER]   PostgreSQL/RabbitMQ/epmd started by ResumePair.LocalInfrastructure under FOLDER
#                                (default: this repository's .data); they carry RESUMEPAIR_INFRA_DIR=<data dir>.
#   stop-leftovers.sh --run ID   every process carrying RESUMEPAIR_TEST_RUN=ID in its environment (scripts/test.sh
#                                exports it, so servers, launchers and services started by one test run inherit it).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--run" ]]; then
  mode=run; wanted="${2:?--run needs an id}"
else
  mode=dir; wanted="${1:-$root/.data}"
fi

killed=0
for environ in /proc/[0-9]*/environ; do
  pid="${environ#/proc/}"; pid="${pid%/environ}"
  # Never ourselves or the script that called us (both may carry the run id).
  [[ "$pid" == "$$" || "$pid" == "$PPID" ]] && continue
  vars="$(tr '\0' '\n' 2>/dev/null < "$environ")" || continue
  if [[ $mode == run ]]; then
    grep -qxF "RESUMEPAIR_TEST_RUN=$wanted" <<<"$vars" || continue
  else
    dir="$(sed -n 's/^RESUMEPAIR_INFRA_DIR=//p' <<<"$vars" | head -n1)"
    [[ -n "$dir" && "$dir" == "$wanted"* ]] || continue
  fi
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
done
if (( killed > 0 )); then echo "stop-leftovers: killed $killed process(es) ($mode $wanted)"; fi
exit 0
