#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start the server with its
# defaults (tafel.db, the templates in sessions/, the app in web/). Extra arguments go to
# `tafel serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/tafel serve "$@"
