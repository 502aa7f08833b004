#!/usr/bin/env bash
# Set up the locked Python environment (.venv) from uv.lock, starting from a bare
# Debian machine with python3 (3.11). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.8"
TOOLS=".tools"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT=".venv"
# Trust the machine's own certificate store (corporate proxies, mirrors), not only the bundled roots.
export UV_SYSTEM_CERTS=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "bootstrap: '$*' kræver root; kør det som root og prøv igen" >&2; exit 1; fi
}

uv_bin=""
if command -v uv >/dev/null && [ "$(uv --version | awk '{print $2}')" = "$UV_VERSION" ]; then
  uv_bin="$(command -v uv)"
elif [ -x "$TOOLS/bin/uv" ] && [ "$("$TOOLS/bin/uv" --version | awk '{print $2}')" = "$UV_VERSION" ]; then
  uv_bin="$TOOLS/bin/uv"
else
  if ! python3 -m venv "$TOOLS" >/dev/null 2>&1; then
    # Debian ships venv support separately.
    rm -rf "$TOOLS"
    echo "bootstrap: installerer python3-venv" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$TOOLS"
  fi
  "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  uv_bin="$TOOLS/bin/uv"
fi

"$uv_bin" sync --locked --quiet --python "$(command -v python3)"
