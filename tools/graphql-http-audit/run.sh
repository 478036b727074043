#!/usr/bin/env bash
# Starts `shishi serve` on a fresh SQLite database and runs the graphql-http
# audit suite against it. Needs Node.js and npm; exits non-zero on any MUST
# or SHOULD failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$here" && npm ci --silent --no-audit --no-fund)
. "$root/tools/start-server.sh"
node "$here/audit.mjs" "$url/graphql"
