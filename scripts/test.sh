#!/usr/bin/env bash
# The whole test suite: what the README's test command and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

# Each step is announced with the wall-clock seconds since the start and the CPU seconds (user +
# system) that the steps before it used, so a slow step shows in the output of any run.
started=$SECONDS
cpu_file=$(mktemp)
trap 'rm -f "$cpu_file"' EXIT
step() {
	# `times` in this shell (not in a subshell) counts the CPU of every finished child.
	times >"$cpu_file"
	local cpu
	cpu=$(awk 'NR == 2 { gsub(/[ms]/, " "); printf "%.0f", $1 * 60 + $2 + $3 * 60 + $4 }' "$cpu_file")
	printf '\n== [%ss, %s CPU s] %s\n' "$((SECONDS - started))" "$cpu" "$1"
}

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
