#!/usr/bin/env bash
# Installs what ResumePair needs to build, run and test on Debian 12, then restores NuGet packages.
# Idempotent: apt only runs when a package is missing. Safe on CI (no prompts, no stdin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(
  postgresql          # PostgreSQL 15: an executable resource of the AppHost (hosting/ResumePair.Hosting.LocalServers)
  rabbitmq-server     # RabbitMQ 3.10: likewise
  chromium            # PDF rendering (pdf-renderer)
  poppler-utils       # pdftotext/pdfinfo: tests check rendered PDFs
  groff               # gropdf: typesets part of the import corpus (tests/corpus), a PDF producer other than Chromium
  iproute2            # ip netns/veth: the multi-host test's separate hosts
  fonts-dejavu-core fonts-liberation2 fonts-noto-core fonts-noto-cjk   # fonts the templates print with
  # CJK with TrueType outlines: embedded as a real font (Noto CJK is CFF, which Chromium embeds as Type 3)
  fonts-droid-fallback
)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

install_debian_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
  done
  if (( ${#missing[@]} == 0 )); then
    echo "install: Debian packages present"
    return
  fi
  echo "install: installing ${missing[*]}"
  # The launcher and the tests start PostgreSQL and RabbitMQ themselves, on free ports; keep the packages from
  # starting system-wide services at install time (restored afterwards if we added the policy).
  local added_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
    added_policy=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
  if [[ -n "$added_policy" ]]; then as_root rm -f /usr/sbin/policy-rc.d; fi
}

# The web app (gateway/web) is built into the gateway's wwwroot; scripts/build-web.sh reinstalls npm packages
# only when the lock file changed.
install_frontend() {
  bash scripts/build-web.sh
}

# Redocly CLI for the OpenAPI lint test (tests/ResumePair.EndToEndTests/OpenApiLintTests): npm ci only when its lock
# file changed since the last install.
install_test_tools() {
  local tool=tests/tools/openapi-lint stamp=tests/tools/openapi-lint/node_modules/.lock.stamp
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$(sha256sum "$tool/package-lock.json" | cut -d' ' -f1)" ]]; then
    echo "install: test tools present"
    return
  fi
  (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
  sha256sum "$tool/package-lock.json" | cut -d' ' -f1 > "$stamp"
}

restore_dotnet() {
  command -v dotnet >/dev/null || { echo "install: the .NET SDK (see global.json) is required" >&2; exit 1; }
  # Skipped when no project, props file or SDK pin changed since the last restore (a no-op restore of the solution
  # still takes 10–30 s here).
  local stamp="ResumePair.AppHost/obj/restore.stamp" fingerprint
  fingerprint="$(git ls-files -co --exclude-standard '*.csproj' '*.props' 'global.json' 'NuGet.config' 2>/dev/null \
    | sort | xargs cat 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" \
        && -f ResumePair.AppHost/obj/project.assets.json ]]; then
    echo "install: NuGet packages restored"
    return
  fi
  # NU1603 (nearest higher version resolved) is expected with this registry, see README "Packages": not shown here.
  local output rc=0
  output="$(dotnet restore ResumePair.sln --nologo -v q 2>&1)" || rc=$?
  grep -v 'warning NU1603' <<<"$output" || true
  if (( rc == 0 )); then echo "$fingerprint" > "$stamp"; fi
  return "$rc"
}

install_debian_packages
install_frontend
install_test_tools
restore_dotnet
echo "install: done"
