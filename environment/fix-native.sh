#!/usr/bin/env bash
# Makes TorchSharp's native library load on machines whose libstdc++ predates GCC 13 (Debian 12 and others).
#
# libLibTorchSharp.so (TorchSharp 0.107.0) requires the symbol version GLIBCXX_3.4.32 for exactly one symbol,
# std::ios_base_library_init(), which GCC 13's <iostream> references only to force a link dependency and never
# calls. Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the loader refuses the library. native-fix checks every
# copy of libLibTorchSharp.so in the NuGet cache against this machine's libraries; where one needs a version that
# is missing and is used only by that symbol, it writes a patched COPY (the requirement marked weak) under
# environment/.native/ and a manifest that the project's builds and notebook host use. The NuGet cache and the
# system are never changed; on a machine whose libstdc++ is new enough, nothing is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
store="$root/environment/.native"
[ "$(uname -s)" = Linux ] || exit 0

packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
mapfile -t libs < <(find "$packages/torchsharp" -path '*/runtimes/linux-*/native/libLibTorchSharp.so' 2>/dev/null | sort)
if [ ${#libs[@]} -eq 0 ]; then
  echo "note: TorchSharp is not restored yet (no libLibTorchSharp.so under $packages/torchsharp); run 'dotnet restore Course.sln' first." >&2
  exit 0
fi

tool="$root/environment/NativeFix/bin/Release/net10.0/native-fix.dll"
if [ ! -f "$tool" ] || [ -n "$(find "$root/environment/NativeFix" -name '*.cs' -newer "$tool" -print -quit)" ]; then
  dotnet build "$root/environment/NativeFix/NativeFix.csproj" -c Release -v q -nologo >/dev/null
fi

# Quiet when every copy loads as it is, or when the fix is already in place for every copy that needs it.
set +e
dotnet "$tool" check "${libs[@]}" >/dev/null
status=$?
set -e
case $status in
  0) rm -rf "$store"; exit 0 ;;   # nothing needs fixing here (a stale fix from another machine is removed)
  3) ;;
  *) dotnet "$tool" check "${libs[@]}"; exit 1 ;;
esac
dotnet "$tool" fix --store "$store" "${libs[@]}"
