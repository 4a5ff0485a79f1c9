#!/usr/bin/env bash
# Runs every test project (unit, property, command-line and notebook-execution tests) after setting up if needed.
#   environment/test.sh [extra dotnet test arguments, e.g. --filter Category!=Notebook]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
environment/setup.sh
source environment/allocator.sh
export DDIM_PROFILE="${DDIM_PROFILE:-quick}"
log=$(mktemp)
status=0
dotnet test Ddim.Teaching.sln --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
