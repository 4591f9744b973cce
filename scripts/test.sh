#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing (PostgreSQL, Chromium, Node packages, the
# S3 and SMTP servers some tests start), builds the assets, runs the Rust tests, then the
# browser tests.
# Arguments are passed to `cargo test` (e.g. scripts/test.sh workflow::).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh --browser --servers

# sqlx checks its queries at compile time against the committed offline data in .sqlx/
# (refresh it with scripts/prepare-sqlx.sh). DATABASE_URL, when set, is only where the tests
# create their databases.
export SQLX_OFFLINE=true

cargo test --workspace "$@"

# Browser tests (Playwright + axe-core, driving Debian's Chromium). The files are passed
# explicitly because `node --test <directory>` is read differently by Node 20 and Node 22+.
shopt -s nullglob
browser_tests=(browser-tests/*.test.mjs)
if ((${#browser_tests[@]} > 0)); then
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  node --test "${browser_tests[@]}"
fi
