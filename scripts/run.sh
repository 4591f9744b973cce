#!/usr/bin/env bash
# Runs Oversight: installs what is missing, builds the assets, then starts the server.
# Arguments are passed to `oversight serve` (e.g. scripts/run.sh --help).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
# Queries are checked at compile time against the committed offline data in .sqlx/.
export SQLX_OFFLINE=true
exec cargo run --release -- serve "$@"
