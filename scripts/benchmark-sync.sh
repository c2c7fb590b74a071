#!/usr/bin/env bash
# FriendlyGov: bulk-sync benchmark on a real PostgreSQL (not a test; ./test.sh never runs it).
#
#   scripts/benchmark-sync.sh                 # 1,000,000 dossiers (the default)
#   scripts/benchmark-sync.sh --rows 20000    # a quick run
#   scripts/benchmark-sync.sh --rows 100000 --streams 2 --copy-repeats 1
#   scripts/benchmark-sync.sh --dashboard     # rollups of 1,000,000 dossiers, then the dashboard load
#
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 exactly as ./test.sh does (same initdb,
# trust auth on loopback, fsync/synchronous_commit/full_page_writes off) plus a few bulk-load
# settings (below), builds the server and tests/FriendlyGov.Benchmarks in Release, runs the
# benchmark with the cluster's admin connection string, and always stops the cluster and deletes
# its files on exit. Every argument goes to the benchmark (`--help` lists them).
#
# The cluster logic is a copy of test.sh's (test.sh has no helper that can be sourced without
# running the tests); keep the two in step.
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
    sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    echo
    echo "Benchmark options (after a Release build):"
    dotnet build "$BENCH_PROJECT" -c Release -v quiet -nologo >/dev/null && dotnet "$BENCH_DLL" --help
    exit 0
  fi
done

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

# --- PostgreSQL binaries (as test.sh) -------------------------------------------

find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
    printf '%s\n' "$dir"
  fi
}

install_postgres() {
  local sudo=()
  if [[ $IS_ROOT -eq 0 ]]; then
    command -v sudo >/dev/null 2>&1 \
      || die "PostgreSQL is not installed and sudo is not available; install it with: apt-get install postgresql"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "PostgreSQL is not installed and apt-get is not available; install PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin"
  log "PostgreSQL not found; installing it with apt-get"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
}

PG_BIN="$(find_pg_bin)"
if [[ -z $PG_BIN ]]; then
  install_postgres
  PG_BIN="$(find_pg_bin)"
  [[ -n $PG_BIN ]] || die "PostgreSQL binaries still not found under /usr/lib/postgresql/*/bin after installing"
fi

as_pg() {
  if [[ $IS_ROOT -eq 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

# --- Build first, so that a broken build never leaves a cluster behind ----------

log "building the server and the benchmark (Release)"
dotnet build "$BENCH_PROJECT" -c Release -v quiet -nologo >&2 || die "Release build failed"
[[ -f $SERVER_DLL ]] || die "the Release build did not produce $SERVER_DLL"
[[ -f $BENCH_DLL ]] || die "the Release build did not produce $BENCH_DLL"

# --- Throwaway cluster (as test.sh, plus bulk-load settings) --------------------

PG_TMP=""
PG_DATA=""

stop_cluster() {
  [[ -n $PG_TMP ]] || return 0
  if [[ -f $PG_DATA/postmaster.pid ]]; then
    local pid
    pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
    if ! (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop) >/dev/null 2>&1; then
      if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
      fi
    fi
  fi
  rm -rf "$PG_TMP"
  PG_TMP=""
}

on_exit() {
  local rc=$?
  trap '' INT TERM HUP
  stop_cluster
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ $IS_ROOT -eq 1 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (created by the Debian postgresql package)"
  PG_TMP="$(mktemp -d /tmp/friendlygov-bench-pg.XXXXXX)"
else
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/friendlygov-bench-pg.XXXXXX")"
fi
PG_DATA="$PG_TMP/data"
PG_SOCK="$PG_TMP/sock"
PG_LOG="$PG_TMP/postgres.log"
mkdir -p "$PG_SOCK"
: >"$PG_LOG"
[[ $IS_ROOT -eq 1 ]] && chown -R postgres:postgres "$PG_TMP"

if ! (cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync) \
    >"$PG_TMP/initdb.log" 2>&1; then
  cat "$PG_TMP/initdb.log" >&2
  die "initdb failed"
fi

as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'EOF'
# Throwaway benchmark cluster: trust on the local socket and 127.0.0.1 only.
local all all              trust
host  all all 127.0.0.1/32 trust
EOF

# test.sh's settings, then bulk-load ones. They favour both measured writers (the server's sync
# and the COPY baseline) equally; the benchmark prints them with its results.
as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# --- benchmark-sync.sh: throwaway benchmark cluster (test.sh's settings) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCK'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
# --- bulk load ---
shared_buffers = 512MB
max_wal_size = 8GB
checkpoint_timeout = 30min
EOF

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PG_PORT=""
port=$PG_FIRST_PORT
while [[ -z $PG_PORT ]]; do
  (( port < PG_FIRST_PORT + 200 )) || die "no free port found in $PG_FIRST_PORT..$((PG_FIRST_PORT + 199))"
  if port_in_use "$port"; then
    port=$((port + 1))
    continue
  fi
  if (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $port" -w -t 60 start) >/dev/null 2>&1; then
    PG_PORT=$port
  elif grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$PG_LOG"; then
    : >"$PG_LOG"
    port=$((port + 1))
  else
    cat "$PG_LOG" >&2
    die "PostgreSQL failed to start"
  fi
done

PG_VERSION="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'SHOW server_version' 2>/dev/null || "$PG_BIN/postgres" -V)"
log "PostgreSQL $PG_VERSION started on 127.0.0.1:$PG_PORT ($PG_BIN, data in $PG_DATA)"

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
