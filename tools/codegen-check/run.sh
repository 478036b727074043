#!/usr/bin/env bash
# Starts `shishi serve` on a fresh SQLite database with the bundled table,
# runs GraphQL Code Generator against its live introspection and the
# README's screen queries, and type-checks the result with tsc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$here" && npm ci --silent --no-audit --no-fund)
. "$root/tools/start-server.sh"
cd "$here"
rm -rf documents generated
node extract.mjs
SHISHI_GRAPHQL_URL="$url/graphql" npx graphql-codegen --config codegen.ts
npx tsc -p tsconfig.json
echo "codegen: types generated from $url/graphql and the README's queries; tsc accepts them"
