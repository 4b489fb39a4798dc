#!/usr/bin/env bash
# One clear line when the Python given to make cannot build Capaian's environment.
python="${1:-}"
if [ -z "$python" ] || ! command -v "$python" >/dev/null 2>&1; then
  echo "error: Python 3.11 not found: install it (python3.11) or run make PYTHON=/path/to/python3.11" >&2
  exit 1
fi
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
if [ "$version" != "3.11" ]; then
  echo "error: Capaian needs Python 3.11, but $python is $version: install python3.11 or run make PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "error: $python lacks venv/ensurepip: install the python3.11-venv package" >&2
  exit 1
fi
