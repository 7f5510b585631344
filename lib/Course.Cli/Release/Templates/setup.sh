#!/usr/bin/env bash
# The one set-up command of this course's labs (written by `labs release`). Run it once, from anywhere:
#   bash setup.sh
# It checks the .NET SDK (and says how to get it), installs the `labs` tool and its Jupyter kernel "C# (labs)",
# restores the labs' helper library and TorchSharp from NuGet (about 500 MB the first time), applies the TorchSharp
# native fix where this machine needs it, fetches the data sets into your cache folder, and says how to open the
# first lab. Idempotent: running it again only checks. Linux and macOS; on Windows run it in Git Bash or WSL.
#
# Environment: LABS_DATA  a folder for the data sets instead of the per-user cache
#              LABS_TOOL_PATH  install `labs` there instead of as a global .NET tool (~/.dotnet/tools)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=@VERSION@
first_lab=@FIRST_LAB@
step() { printf '\n[%s] %s\n' "$1" "$2"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step 1/5 "the .NET SDK"
bash "$here/environment/check-dotnet.sh"
dotnet --version

step 2/5 "the labs tool and its Jupyter kernel"
if [ -n "${LABS_TOOL_PATH:-}" ]; then where=(--tool-path "$LABS_TOOL_PATH"); tools=$LABS_TOOL_PATH
else where=(--global); tools=$HOME/.dotnet/tools; fi
log=$(mktemp)
if ! dotnet tool update "${where[@]}" Course.Labs.Cli --version "$version" --add-source "$here/packages" >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"
  echo "error: could not install the labs tool from $here/packages (see above)." >&2
  exit 1
fi
rm -f "$log"
labs=$tools/labs
"$labs" kernel install --user

step 3/5 "the helper library and TorchSharp (NuGet; about 500 MB the first time)"
"$labs" restore "$here/notebooks"

step 4/5 "the TorchSharp native fix (only where this machine's C++ runtime needs it)"
bash "$here/environment/fix-native.sh"

step 5/5 "the data sets"
case "$(uname -s)" in
  Darwin) cache=$HOME/Library/Caches/labs/data ;;
  MINGW*|MSYS*|CYGWIN*) cache=${LOCALAPPDATA:-$HOME/AppData/Local}/labs/data ;;
  *) cache=${XDG_CACHE_HOME:-$HOME/.cache}/labs/data ;;
esac
data=${LABS_DATA:-$cache}
LABS_DATA=$data bash "$here/environment/fetch-data.sh"
echo "data sets in $data"

cat <<DONE

Ready. Open the first lab, $first_lab:
  VS Code (with the Jupyter extension):  code "$here"   then open notebooks/$first_lab
  JupyterLab:                            jupyter lab "$here/notebooks/$first_lab"
The notebook chooses its kernel, "C# (labs)", by itself. Without a notebook front end:
  labs run "$here/notebooks/$first_lab" --profile quick
DONE
case ":$PATH:" in *":$tools:"*) ;; *) echo "(labs is in $tools: add that folder to your PATH to type just 'labs'.)" ;; esac
