#!/usr/bin/env bash
# Development helper: build and run Playwright specs while holding a lock, so several people
# working in one checkout never build .next at the same time. Usage: scripts/e2e-local.sh [spec…]
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/baton-e2e.lock bash -c 'npx next build > /tmp/baton-next-build.log 2>&1 || { tail -40 /tmp/baton-next-build.log; exit 1; }; npx playwright test "$@"' _ "$@"
