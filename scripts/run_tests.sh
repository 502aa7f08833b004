#!/usr/bin/env bash
# Run the whole test suite; pytest's "no tests collected" (exit 5) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
code=$?
if [ "$code" -eq 5 ]; then
  echo "run_tests: pytest samlede ingen tests op — det tæller som fejl" >&2
  exit 1
fi
exit "$code"
