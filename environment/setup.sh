#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine (with the .NET 10 SDK) for the course. Idempotent: each step checks first and
# says in one line what it did. Run from anywhere; needs root (or sudo) only when Debian packages are missing.
#
#   environment/setup.sh            all steps
#   DDIM_SKIP_JUPYTER=1 ...         skip the Jupyter kernel (the course runs headless without it)
#   DDIM_TORCH_BACKEND=cuda ...     build with the CUDA packages (see README, "GPU")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# 1. The .NET SDK pinned by global.json.
command -v dotnet >/dev/null || die "the .NET SDK is not installed. Install the .NET 10 SDK (https://dot.net), then rerun environment/setup.sh."
dotnet --version >/dev/null 2>&1 || die "the installed .NET SDK does not satisfy global.json ($(tr -d '\n ' < global.json)). Install .NET SDK 10.0.4xx."

# 2. Debian packages: chromium (HTML report tests), libjemalloc2 (training allocator), Jupyter's nbconvert (Jupyter route).
packages=(chromium libjemalloc2)
command -v npm >/dev/null || packages+=(nodejs npm)
[ "${DDIM_SKIP_JUPYTER:-0}" = 1 ] || packages+=(jupyter-nbconvert python3-nbclient jupyter-client)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq || die "apt-get update failed: the Debian package mirror is unreachable. Check the network or apt sources, then rerun."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get could not install: ${missing[*]}. Install them by hand (apt-get install ${missing[*]}) and rerun."
else
  say "Debian packages present (${packages[*]})"
fi

# 3. Report assets (KaTeX, plotly.js) from npm, pinned by environment/package-lock.json.
stamp="environment/node_modules/.ddim-lock"
if [ ! -f "$stamp" ] || ! cmp -s environment/package-lock.json "$stamp"; then
  say "installing report assets from npm (katex, plotly.js-dist-min)"
  (cd environment && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci failed in environment/: the npm registry is unreachable or the lock file is damaged. Check the network and rerun."
  cp environment/package-lock.json "$stamp"
else
  say "report assets present (environment/node_modules)"
fi

# 4. Build (restores NuGet packages: TorchSharp, libtorch, Plotly.NET, .NET Interactive).
backend="${DDIM_TORCH_BACKEND:-cpu}"
say "building Ddim.Teaching.sln (torch backend: $backend)"
dotnet build Ddim.Teaching.sln -v quiet -nologo -p:DdimTorchBackend="$backend" 2>&1 | grep -E "error|Warn.*error" && die "the build failed (see errors above)." || true
[ -f lib/Ddim.Cli/bin/Debug/net10.0/ddim.dll ] || die "the build produced no lib/Ddim.Cli/bin/Debug/net10.0/ddim.dll: run 'dotnet build Ddim.Teaching.sln' to see why."

# 5. TorchSharp's native libraries: the library's own set-up makes them loadable (GLIBCXX need, system libtorch).
#    Running the command line once applies it to the build output and the NuGet cache and prints what it changed.
dotnet lib/Ddim.Cli/bin/Debug/net10.0/ddim.dll info | sed 's/^/setup: /'

# 6. Fashion-MNIST under data/ (verified).
if [ -x environment/get-data.sh ]; then environment/get-data.sh; fi

# 7. Jupyter: the .NET kernel (local tool), with FSharp.Core 10.1 so that Plotly.NET charts load in it.
if [ "${DDIM_SKIP_JUPYTER:-0}" != 1 ]; then
  dotnet tool restore >/dev/null || die "dotnet tool restore failed (microsoft.dotnet-interactive from .config/dotnet-tools.json): is NuGet reachable?"
  nuget_root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  tool_fsharp=$(ls "$nuget_root"/microsoft.dotnet-interactive/*/tools/net*/any/FSharp.Core.dll 2>/dev/null | head -1)
  wanted="$nuget_root/fsharp.core/10.1.403/lib/netstandard2.1/FSharp.Core.dll"
  [ -f "$wanted" ] || die "FSharp.Core 10.1.403 is not in the NuGet cache ($wanted); the build step should have restored it."
  if [ -n "$tool_fsharp" ] && ! cmp -s "$tool_fsharp" "$wanted"; then
    cp "$wanted" "$tool_fsharp"
    say "replaced the dotnet-interactive tool's FSharp.Core (10.0) with 10.1.403 so Plotly.NET 6 loads in Jupyter"
  fi
  if ! jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp'; then
    dotnet tool run dotnet-interactive -- jupyter install >/dev/null || die "'dotnet interactive jupyter install' failed: is jupyter on PATH (apt-get install jupyter-client)?"
    say "installed the .NET Jupyter kernels (.net-csharp)"
  else
    say "Jupyter .NET kernel present"
  fi
fi
say "done"
