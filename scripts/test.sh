#!/usr/bin/env bash
# `npm test`: every test. Installs what the tests need, starts a throwaway PostgreSQL server,
# builds the UI, then runs the unit, database (PGlite and PostgreSQL) and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-packages.sh
npx vite build --logLevel warn
export HOSHIN_REQUIRE_POSTGRES=1
bash scripts/with-postgres.sh npx vitest run "$@"
