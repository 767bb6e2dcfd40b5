#!/usr/bin/env bash
# Installs what is missing, builds (Release) and starts the Aspire AppHost on plain http: no dev certificate, no
# browser, nothing listening beyond 127.0.0.1/localhost. Arguments go to the AppHost as configuration, e.g.
#   scripts/run.sh --Replicas:pdf-renderer=2 --Gateway:Port=8081
# It prints the dashboard's login URL, then "ResumePair is ready: <gateway url>" once everything is healthy.
# Ctrl+C or SIGTERM stops everything it started (DCP stops every process; nothing is left running).
# Dashboard ports: RESUMEPAIR_DASHBOARD_PORT (default 18888; OTLP on +1, resource service on +2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh
# Building the AppHost builds every service it starts (it references them all), and nothing else. Skipped when no file
# of the repository is newer than the AppHost's build (an up-to-date build still costs 15–60 s on a busy 2-core
# machine).
apphost=ResumePair.AppHost/bin/Release/net10.0/ResumePair.AppHost.dll
if [[ ! -f "$apphost" || -n "$(find . \( -name .git -o -name .data -o -name bin -o -name obj -o -name node_modules \
      -o -name TestResults \) -prune -o -type f -newer "$apphost" -print -quit)" ]]; then
  dotnet build ResumePair.AppHost/ResumePair.AppHost.csproj -c Release --no-restore --nologo -v q -warnAsMessage:NU1603
  touch "$apphost" # an up-to-date project is not rewritten: mark the check's reference as current
fi

port="${RESUMEPAIR_DASHBOARD_PORT:-18888}"
token="${ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
export ASPNETCORE_URLS="http://127.0.0.1:$port"                                  # the dashboard
export ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$((port + 1))"  # services send telemetry here
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$((port + 2))"
export ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN="$token"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_VERSION_CHECK_DISABLED=true
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
echo "Dashboard: http://127.0.0.1:$port/login?t=$token"
# exec: Ctrl+C and SIGTERM reach the AppHost itself, which stops every resource before it exits. The content root
# is where its appsettings.json is (by default it is the current directory, which `dotnet run` would have made the
# project's): a command-line setting, so the services DCP starts do not inherit it as DOTNET_CONTENTROOT would be.
exec dotnet "$apphost" --contentRoot "$PWD/ResumePair.AppHost" "$@"
