#!/usr/bin/env bash
# The whole test suite: what the README's test command and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

step() { printf '\n== %s\n' "$1"; }

# The build first: it compiles the messages and syncs SvelteKit's types, which the lint reads, so
# the lint need not make them a second time.
step 'build the app'
npm run --silent build >/dev/null

step 'lint: types, svelte-check, eslint, prettier'
bash scripts/lint.sh --after-build

step 'unit, server and interop tests (vitest)'
npx vitest run

step 'end-to-end tests in Chromium, and the pickup walk in Chromium, Firefox ESR and WebKitGTK (playwright)'
npx playwright test
