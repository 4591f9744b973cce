#!/usr/bin/env bash
# Measures what the outbox costs: logging a complaint with its message against logging one
# without (the ratio of the medians; the target is under 1.10), and the delivery worker's
# rate to .eml files and to a local SMTP server (aiosmtpd). Release build; ROUNDS pairs of
# loggings (300 here; the test suite runs 40).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --servers
ROUNDS="${ROUNDS:-300}" SQLX_OFFLINE=true cargo test --release --test integration outbox_cost_per_step -- --nocapture
