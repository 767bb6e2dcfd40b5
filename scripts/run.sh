#!/usr/bin/env bash
# Installs prerequisites, builds (Release), and runs the whole system with the AppHost launcher.
# Arguments go to the launcher, e.g.  scripts/run.sh --renderers 2 --gateway-port 0
# It prints "ResumePair is ready: <gateway url>" once everything is healthy; Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh
# Building the AppHost builds every service it launches (it references them all), and nothing else: a broken
# test project does not stop the application from running.
dotnet build ResumePair.AppHost/ResumePair.AppHost.csproj -c Release --no-restore --nologo -v q -warnAsMessage:NU1603
exec dotnet ResumePair.AppHost/bin/Release/net10.0/ResumePair.AppHost.dll --configuration Release "$@"
