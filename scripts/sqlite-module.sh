#!/usr/bin/env bash
# Builds better-sqlite3's native module, which the embedded SQLite store needs, unless one that
# loads in this Node is there already. npm ci runs no dependency's install script (.npmrc), so it
# is built here: prebuild-install's download where GitHub is reachable, else compiled from source
# (about a minute on two cores). npm start, npm run server and the CLI run this first; npm test
# runs it beside the build and the lint. With DATABASE_URL the store is PostgreSQL, which needs no
# SQLite: a server on PostgreSQL needs no compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${DATABASE_URL:-}" ]; then
	exit 0
fi

loads() {
	node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null
}

if loads; then
	exit 0
fi
echo "Building better-sqlite3's native module for Node $(node --version) (once)..." >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# JOBS: node-gyp compiles SQLite and the binding side by side.
if ! JOBS=max npm rebuild better-sqlite3 --ignore-scripts=false >"$log" 2>&1 || ! loads; then
	tail -n 40 "$log" >&2
	echo "better-sqlite3's native module was not built (npm's output above); compiling it needs" \
		"make, g++ and python3." >&2
	exit 1
fi
