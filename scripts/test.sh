#!/usr/bin/env bash
# The whole test suite: what the README's test command and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

step() { printf '\n== %s\n' "$1"; }

step 'lint: types, svelte-check, eslint, prettier'
npm run --silent lint

step 'build the app'
npm run --silent build >/dev/null

step 'unit, server and interop tests (vitest)'
npx vitest run

step 'end-to-end tests in Chromium, and the pickup walk in Chromium, Firefox ESR and WebKitGTK (playwright)'
npx playwright test
