#!/usr/bin/env bash
# The whole test suite: what the README's test command and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

# Each step is announced with the wall-clock seconds since the start and the CPU seconds (user +
# system) that the steps before it used, so a slow step shows in the output of any run.
started=$SECONDS
cpu_file=$(mktemp)
step() {
	# `times` in this shell (not in a subshell) counts the CPU of every finished child.
	times >"$cpu_file"
	local cpu
	cpu=$(awk 'NR == 2 { gsub(/[ms]/, " "); printf "%.0f", $1 * 60 + $2 + $3 * 60 + $4 }' "$cpu_file")
	printf '\n== [%ss, %s CPU s] %s\n' "$((SECONDS - started))" "$cpu" "$1"
}

# better-sqlite3's native module (.npmrc: npm ci builds nothing) compiles for about a minute, mostly
# one file on one core. Only the tests need it, so it builds beside the build and the lint, which
# yield to it (nice): the compile is the longer chain. It has a process group of its own (setsid),
# which a failed lint ends too, and it is built whatever DATABASE_URL says: the tests use SQLite.
sqlite_log=$(mktemp)
DATABASE_URL='' setsid --wait bash scripts/sqlite-module.sh >"$sqlite_log" 2>&1 &
sqlite_pid=$!
trap 'rm -f "$cpu_file" "$sqlite_log"; kill -- -"$sqlite_pid" 2>/dev/null || true' EXIT

# The build first: it compiles the messages and syncs SvelteKit's types, which the lint reads, so
# the lint need not make them a second time.
step 'build the app (better-sqlite3 builds beside it and the lint)'
nice -n 10 npm run --silent build >/dev/null

step 'lint: types, svelte-check, eslint, prettier'
nice -n 10 bash scripts/lint.sh --after-build

step 'wait for better-sqlite3'
if ! wait "$sqlite_pid"; then
	cat "$sqlite_log"
	exit 1
fi

step 'unit, server and interop tests (vitest)'
npx vitest run

step 'end-to-end tests in Chromium, and the pickup walk in Chromium, Firefox ESR and WebKitGTK (playwright)'
npx playwright test
