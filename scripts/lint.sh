#!/usr/bin/env bash
# The lint (npm run lint): strict types through svelte-check, ESLint and Prettier. The three are
# single-threaded and independent, so they run side by side; each one's output is printed whole
# when all have finished, and the lint fails if any failed. They read the compiled messages and
# SvelteKit's generated types: compiled and synced here first, unless the caller has just built
# the app, which makes both (--after-build, from scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --after-build ]; then
	npm run --silent i18n
	npx svelte-kit sync
fi

checks=(
	'svelte-check --tsconfig ./tsconfig.json --fail-on-warnings'
	'eslint .'
	'prettier --check .'
)
outputs=$(mktemp -d)
trap 'rm -rf "$outputs"' EXIT
pids=()
for index in "${!checks[@]}"; do
	# Word splitting of the command line is intended: none of its words has a space.
	# shellcheck disable=SC2086
	npx --no-install ${checks[$index]} >"$outputs/$index" 2>&1 &
	pids+=($!)
done
failed=0
for index in "${!checks[@]}"; do
	status=0
	wait "${pids[$index]}" || status=$?
	printf -- '-- %s (exit %d)\n' "${checks[$index]}" "$status"
	cat "$outputs/$index"
	[ "$status" -eq 0 ] || failed=1
done
exit "$failed"
