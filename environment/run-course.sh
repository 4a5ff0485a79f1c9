#!/usr/bin/env bash
# The main job: set up if needed, build, and execute every course notebook in order, headless, writing executed
# notebooks and offline HTML pages to out/course/ (index.html links them all).
#
#   environment/run-course.sh [--profile quick|full] [--out DIR] [notebooks/NN-name.ipynb ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

profile="${DDIM_PROFILE:-quick}"
out="out/course"
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:?--profile needs quick or full}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    -*) echo "run-course: unknown option '$1' (use --profile, --out, or notebook paths)" >&2; exit 2 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
case "$profile" in quick|full) ;; *) echo "run-course: unknown profile '$profile': use --profile quick (CPU-sized, default) or --profile full (GPU-sized)." >&2; exit 2 ;; esac
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/[0-9][0-9]-*.ipynb)

environment/setup.sh
source environment/allocator.sh
export DDIM_PROFILE="$profile"
start=$(date +%s)
dotnet lib/Ddim.Notebooks/bin/Debug/net10.0/ddim-notebooks.dll run --out "$out" --profile "$profile" "${notebooks[@]}"
echo "run-course: finished in $(( $(date +%s) - start )) s. Open $out/index.html"
