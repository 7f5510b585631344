#!/usr/bin/env bash
# Checks that the .NET SDK this project needs is installed; says exactly what is missing and how to get it.
set -euo pipefail
need_major=10
if ! command -v dotnet >/dev/null 2>&1; then
  cat >&2 <<MSG
error: the .NET SDK is not installed (no 'dotnet' on PATH).
  This project needs the .NET SDK ${need_major}.0 (any 10.0.x feature band).
  Debian/Ubuntu: https://learn.microsoft.com/dotnet/core/install/linux  (package dotnet-sdk-${need_major}.0)
  Or, without root:  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel ${need_major}.0
                     then add \$HOME/.dotnet to PATH.
MSG
  exit 1
fi
sdks=$(dotnet --list-sdks 2>/dev/null || true)
if ! grep -qE "^${need_major}\." <<<"$sdks"; then
  echo "error: the .NET SDK ${need_major}.0 is missing. Installed SDKs:" >&2
  echo "${sdks:-  (none)}" | sed 's/^/  /' >&2
  echo "  Install dotnet-sdk-${need_major}.0 (https://learn.microsoft.com/dotnet/core/install/linux) and run this again." >&2
  exit 1
fi
