"""Oracle for the kernel install tests: jupyter_core's own data folders for a chosen OS layout.

usage: python3 jupyter_paths.py linux|darwin|nt
Prints {"user": jupyter_data_dir(), "path": jupyter_path()} as JSON, computed by Debian's jupyter_core with the
platform checks it makes (sys.platform, os.name) set to the chosen OS, and Python's user site folder left out.
"""
import json
import os
import posixpath
import site
import sys

site.ENABLE_USER_SITE = False
target = sys.argv[1]
if target == "darwin":
    sys.platform = "darwin"
elif target == "nt":
    os.name = "nt"  # before the import: jupyter_core picks its system folders (PROGRAMDATA) when imported
import jupyter_core.paths as paths  # noqa: E402

if target == "nt":
    os.name = "posix"  # only jupyter_core's checks saw Windows; pathlib cannot make Windows paths on Linux

    class _Path:
        def __init__(self, *parts):
            self.text = posixpath.join(*parts)

        def resolve(self):
            return self.text

    paths.Path = _Path
    paths.os.name = "nt"
print(json.dumps({"user": paths.jupyter_data_dir(), "path": paths.jupyter_path()}))
