# Sourced by the CI checks in tools/: starts `shishi serve` on a fresh SQLite
# database (the bundled table loaded) in the background, and sets `url` to
# its address and `pid` to its process; the caller's EXIT trap stops it.
# Needs `root` (the repository) and `work` (a scratch folder) set.
bin="${SHISHI_BIN:-$root/target/debug/shishi}"
[ -x "$bin" ] || (cd "$root" && cargo build --quiet)
DATABASE_URL="sqlite://$work/shishi.db?mode=rwc" SHISHI_LISTEN=127.0.0.1:0 SHISHI_SYNC_INTERVAL=off \
  SHISHI_SYNC_SOURCES="$work/inbox" RUST_LOG=warn "$bin" serve > "$work/out" 2> "$work/err" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^shishi is listening on \(http[^ ]*\).*/\1/p' "$work/out")"
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { echo "the server did not start:"; cat "$work/err"; exit 1; }
