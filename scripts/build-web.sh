#!/usr/bin/env bash
# Builds the web app (gateway/web) into gateway/ResumePair.Gateway/wwwroot, which the gateway serves.
# Idempotent and quiet: installs dependencies only when package-lock.json or package.json changed since the last
# install, and prints one line (or the tool output on failure). Usage: scripts/build-web.sh [--test]
#   --test  also runs the Vitest unit tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/gateway/web"
cd "$web"

command -v npm >/dev/null || { echo "build-web: npm is required (Node.js 20+)" >&2; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
run() { if ! "$@" >"$log" 2>&1; then cat "$log" >&2; echo "build-web: failed: $*" >&2; exit 1; fi; }

stamp="node_modules/.install-stamp"
fingerprint="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$fingerprint" ]]; then
  if [[ -f package-lock.json ]]; then run npm ci --no-audit --no-fund --loglevel=error
  else run npm install --no-audit --no-fund --loglevel=error; fi
  echo "$fingerprint" > "$stamp"
fi

# Up to date when no source of the web app is newer than the built index.html: skipped (tsc + vite take 15–40 s on
# a busy 2-core machine, on every scripts/run.sh).
built="$root/gateway/ResumePair.Gateway/wwwroot/index.html"
if [[ -f "$built" && -z "$(find src public index.html package.json package-lock.json tsconfig.json vite.config.ts \
      -newer "$built" -print -quit 2>/dev/null)" ]]; then
  echo "build-web: gateway/ResumePair.Gateway/wwwroot is up to date"
else
  run npm run --silent build
  echo "build-web: built gateway/ResumePair.Gateway/wwwroot"
fi
if [[ "${1:-}" == "--test" ]]; then run npx vitest run; fi
