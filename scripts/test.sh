#!/usr/bin/env bash
# Installs prerequisites, builds the solution (Release), runs every test project one after another, and ends with
#   N passed, N failed[, N skipped]
# Exit code non-zero if anything failed. Works unattended (CI=true, no stdin). Leaves no PostgreSQL/RabbitMQ behind:
# servers and services are started by Aspire's DCP, which stops them when the test process ends, however it ends (the
# multi-host test's own service processes are stopped by its fixture).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install.sh </dev/null || { echo "0 passed, 1 failed (install failed)"; exit 1; }
if ! dotnet build ResumePair.sln -c Release --no-restore --nologo -v q -warnAsMessage:NU1603 </dev/null; then
  echo "0 passed, 1 failed (build failed)"
  exit 1
fi

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

# Test projects = projects in the solution that use the test SDK (ResumePair.Testing is a library).
mapfile -t projects < <(dotnet sln ResumePair.sln list | sed 's#\\#/#g' | grep -E '\.csproj$' | while read -r p; do
  grep -q 'Microsoft.NET.Test.Sdk' "$p" 2>/dev/null && echo "$p"
done)

passed=0; failed=0; skipped=0; status=0
# One project at a time: each starts its own PostgreSQL/RabbitMQ (and some Chromium); on 2 cores running them
# side by side mostly buys timeouts.
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "=== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" \
    --blame-hang-timeout 20m --blame-hang-dump-type none </dev/null
  rc=$?
  trx="$results/$name.trx"
  counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -n1)"
  if [[ -z "$counters" ]]; then
    echo "=== $name: no test results (exit code $rc); counted as 1 failure"
    failed=$((failed + 1)); status=1
    continue
  fi
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(count passed); s=$(count notExecuted)
  f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  passed=$((passed + ${p:-0})); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
  if (( f > 0 || rc != 0 )); then status=1; fi
  if (( f == 0 && rc != 0 )); then
    echo "=== $name: dotnet test exited with $rc although no test failed (test host crash?); counted as 1 failure"
    failed=$((failed + 1))
  fi
done

# The web app's unit tests (Vitest), counted in the same total.
echo "=== gateway/web (Vitest)"
vitest_json="$results/vitest.json"
(cd gateway/web && npx vitest run --reporter=default --reporter=json --outputFile="$vitest_json" </dev/null)
rc=$?
if [[ -f "$vitest_json" ]]; then
  read -r vp vf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests)' \
    "$vitest_json")
  passed=$((passed + vp)); failed=$((failed + vf))
  if (( vf > 0 || rc != 0 )); then status=1; fi
  if (( vf == 0 && rc != 0 )); then failed=$((failed + 1)); fi
else
  echo "=== gateway/web: no Vitest results (exit code $rc); counted as 1 failure"
  failed=$((failed + 1)); status=1
fi

summary="$passed passed, $failed failed"
if (( skipped > 0 )); then summary="$summary, $skipped skipped"; fi
echo "$summary"
exit $status
