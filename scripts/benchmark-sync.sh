#!/usr/bin/env bash
# FriendlyGov: bulk-sync benchmark on a real PostgreSQL (not a test; ./test.sh never runs it).
#
#   scripts/benchmark-sync.sh                 # 1,000,000 dossiers (the default)
#   scripts/benchmark-sync.sh --rows 20000    # a quick run
#   scripts/benchmark-sync.sh --rows 100000 --streams 2 --copy-repeats 1
#   scripts/benchmark-sync.sh --rollup --rows 200000  # full and incremental rollups; ends with a `result groupby_s=…` line
#   scripts/benchmark-sync.sh --dashboard     # rollups of 1,000,000 dossiers, then the dashboard load
#   scripts/benchmark-sync.sh --workspace     # 1,000,000 dossiers: the record pages (lists, worklist) and a 10,000-row import
#
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 with scripts/pg-cluster.sh, as ./test.sh
# does (trust auth on loopback, fsync/synchronous_commit/full_page_writes off), plus a few
# bulk-load settings (below), builds the server and tests/FriendlyGov.Benchmarks in Release, runs the
# benchmark with the cluster's admin connection string, and always stops the cluster and deletes
# its files on exit. Every argument goes to the benchmark (`--help` lists them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BENCH_PROJECT="tests/FriendlyGov.Benchmarks/FriendlyGov.Benchmarks.csproj"
BENCH_DLL="$ROOT/tests/FriendlyGov.Benchmarks/bin/Release/net10.0/FriendlyGov.Benchmarks.dll"
SERVER_DLL="$ROOT/src/FriendlyGov.Server/bin/Release/net10.0/FriendlyGov.Server.dll"
PG_FIRST_PORT=56432   # test.sh starts at 55432; a different range keeps a parallel ./test.sh out of the way

export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

log() { printf 'benchmark-sync.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    echo
    echo "Benchmark options (after a Release build):"
    dotnet build "$BENCH_PROJECT" -c Release -v quiet -nologo >/dev/null && dotnet "$BENCH_DLL" --help
    exit 0
  fi
done

# shellcheck source=pg-cluster.sh
source "$ROOT/scripts/pg-cluster.sh"
ensure_pg_bin

# --- Build first, so that a broken build never leaves a cluster behind ----------

log "building the server and the benchmark (Release)"
dotnet build "$BENCH_PROJECT" -c Release -v quiet -nologo >&2 || die "Release build failed"
[[ -f $SERVER_DLL ]] || die "the Release build did not produce $SERVER_DLL"
[[ -f $BENCH_DLL ]] || die "the Release build did not produce $BENCH_DLL"

# --- Throwaway cluster (as test.sh's, plus bulk-load settings) -------------------

# They favour both measured writers (the server's sync and the COPY baseline) equally; the
# benchmark prints them with its results.
trap_cluster_cleanup
start_cluster friendlygov-bench-pg "$PG_FIRST_PORT" "# --- bulk load ---
shared_buffers = 512MB
max_wal_size = 8GB
checkpoint_timeout = 30min"

ADMIN_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres"

# --- The benchmark ------------------------------------------------------------------

# The server is measured as built from the work tree: say from which commit, and whether it had local changes.
BUILD_NOTE="commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$ROOT" diff --quiet HEAD -- src protos 2>/dev/null \
    || [[ -n "$(git -C "$ROOT" ls-files --others --exclude-standard -- src protos 2>/dev/null)" ]]; then
  BUILD_NOTE+=" + uncommitted changes in src/ or protos/"
fi

bench_rc=0
dotnet "$BENCH_DLL" --connection "$ADMIN_CONNECTION" --server-dll "$SERVER_DLL" --build-note "$BUILD_NOTE" \
  --cluster-note "throwaway cluster tuned for bulk load: fsync=off, synchronous_commit=off, full_page_writes=off (as test.sh), shared_buffers=512MB, max_wal_size=8GB, checkpoint_timeout=30min; autovacuum on" \
  "$@" || bench_rc=$?

if [[ $bench_rc -ne 0 ]]; then
  log "the benchmark exited with code $bench_rc; last lines of the PostgreSQL log:"
  tail -n 20 "$PG_LOG" >&2 || true
fi

stop_cluster
exit "$bench_rc"
