#!/usr/bin/env bash
# Runs every test project (unit, property, command-line and notebook-execution tests) after setting up if needed.
#   environment/test.sh [extra dotnet test arguments, e.g. --filter Category!=Notebook]
# The notebook tests take most of the time (each course notebook runs in its own process): their progress is shown
# live, one line as each notebook starts and ends, with its time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
environment/setup.sh
source environment/allocator.sh
export DDIM_PROFILE="${DDIM_PROFILE:-quick}"
log=$(mktemp)
export DDIM_TEST_PROGRESS
DDIM_TEST_PROGRESS=$(mktemp)
tail -n +1 -F "$DDIM_TEST_PROGRESS" 2>/dev/null &
tail_pid=$!
start=$(date +%s)
status=0
dotnet test Ddim.Teaching.sln --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
sleep 1
kill "$tail_pid" 2>/dev/null || true
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log" "$DDIM_TEST_PROGRESS"
echo "tests: $passed passed, $failed failed, $skipped skipped in $(( $(date +%s) - start )) s"
exit $status
