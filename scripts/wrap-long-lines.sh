#!/usr/bin/env bash
# Usage: scripts/wrap-long-lines.sh [--width 120] [--steps lists,code,comments,strings] DIR_OR_FILE...
# Wraps the over-long lines of the tracked .cs files under the given paths (CSharpier hunks for code, reflow for
# comments, `+` splits for plain strings) and leaves every other line as it is; lists what is left for a hand fix.
# Needs the repo's local tool manifest (dotnet-tools.json: CSharpier), restored here. See wrap_long_lines.py.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && dotnet tool restore >/dev/null)
exec python3 "$root/scripts/wrap_long_lines.py" "$@"
