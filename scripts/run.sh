#!/usr/bin/env bash
# Runs Oversight: installs what is missing, builds the assets, then starts the server.
# Arguments are passed to `oversight serve` (e.g. scripts/run.sh --help).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
exec cargo run --release -- serve "$@"
