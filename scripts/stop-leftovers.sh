#!/usr/bin/env bash
# Kills PostgreSQL/RabbitMQ processes (and epmd) started by ResumePair.LocalInfrastructure under a folder
# (default: this repository's .data). They carry RESUMEPAIR_INFRA_DIR=<their data dir> in their environment,
# so nothing else on the machine is touched.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${1:-$root/.data}"
killed=0
for environ in /proc/[0-9]*/environ; do
  pid="${environ#/proc/}"; pid="${pid%/environ}"
  [[ "$pid" == "$$" ]] && continue
  dir="$(tr '\0' '\n' 2>/dev/null < "$environ" | sed -n 's/^RESUMEPAIR_INFRA_DIR=//p' | head -n1)"
  if [[ -n "$dir" && "$dir" == "$prefix"* ]]; then
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  fi
done
if (( killed > 0 )); then echo "stop-leftovers: killed $killed process(es) under $prefix"; fi
exit 0
