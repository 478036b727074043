#!/usr/bin/env bash
# Starts `shishi serve` on a fresh SQLite database with the bundled table,
# runs GraphQL Code Generator against its live introspection and the
# README's screen queries, and type-checks the result with tsc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${SHISHI_BIN:-$root/target/debug/shishi}"
[ -x "$bin" ] || (cd "$root" && cargo build --quiet)
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$here" && npm ci --silent --no-audit --no-fund)
DATABASE_URL="sqlite://$work/codegen.db?mode=rwc" SHISHI_LISTEN=127.0.0.1:0 SHISHI_SYNC_INTERVAL=off \
  SHISHI_SYNC_SOURCES="$work/inbox" RUST_LOG=warn "$bin" serve > "$work/out" 2> "$work/err" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^shishi is listening on \(http[^ ]*\).*/\1/p' "$work/out")"
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { echo "the server did not start:"; cat "$work/err"; exit 1; }
cd "$here"
rm -rf documents generated
node extract.mjs
SHISHI_GRAPHQL_URL="$url/graphql" npx graphql-codegen --config codegen.ts
npx tsc -p tsconfig.json
echo "codegen: types generated from $url/graphql and the README's queries; tsc accepts them"
