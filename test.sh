#!/usr/bin/env bash
# FriendlyGov: the project's one test command.
#
#   ./test.sh                  # run every test suite
#   ./test.sh --filter Name~X  # extra arguments are passed through to `dotnet test`
#
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 (installing PostgreSQL via
# apt-get when it is missing), exports FRIENDLYGOV_TEST_POSTGRES for the tests,
# runs `dotnet test`, and always stops the cluster and deletes its files on exit.
# The last line of output is "N passed, N failed[, N skipped]".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

SOLUTION="FriendlyGov.slnx"
RESULTS_ROOT="$ROOT/TestResults"   # each run gets its own fresh run-* dir; the newest few are kept
PG_FIRST_PORT=55432

export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

# --- PostgreSQL binaries ------------------------------------------------------

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

# initdb refuses to run as root: as root, the cluster runs as the `postgres` OS user.
as_pg() {
  if [[ $IS_ROOT -eq 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

# --- Throwaway cluster ------------------------------------------------------------

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
  trap '' INT TERM HUP   # don't let a second Ctrl-C interrupt the cleanup
  stop_cluster
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ $IS_ROOT -eq 1 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (created by the Debian postgresql package)"
  PG_TMP="$(mktemp -d /tmp/friendlygov-pg.XXXXXX)"
else
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/friendlygov-pg.XXXXXX")"
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
# Throwaway test cluster: trust on the local socket and 127.0.0.1 only.
local all all              trust
host  all all 127.0.0.1/32 trust
EOF

as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# --- test.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCK'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
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
    : >"$PG_LOG"   # lost a race for this port; try the next one
    port=$((port + 1))
  else
    cat "$PG_LOG" >&2
    die "PostgreSQL failed to start"
  fi
done

PG_VERSION="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'SHOW server_version' 2>/dev/null || "$PG_BIN/postgres" -V)"
log "PostgreSQL $PG_VERSION started on 127.0.0.1:$PG_PORT ($PG_BIN, data in $PG_DATA)"

export FRIENDLYGOV_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres"

# --- .NET tests -------------------------------------------------------------------

mkdir -p "$RESULTS_ROOT"
RESULTS_DIR="$(mktemp -d "$RESULTS_ROOT/run-$(date +%Y%m%d-%H%M%S).XXXXXX")"
# Prune all but the newest 5 result dirs (names sort by start time).
find "$RESULTS_ROOT" -mindepth 1 -maxdepth 1 -type d -name 'run-*' | sort | head -n -5 \
  | while IFS= read -r old; do rm -rf "$old"; done
log "test results (trx) go to $RESULTS_DIR"

dotnet_rc=0
dotnet test "$SOLUTION" -c Release \
  --logger "trx;LogFilePrefix=run" \
  --logger "console;verbosity=normal" \
  --results-directory "$RESULTS_DIR" \
  "$@" || dotnet_rc=$?

# --- Extra suites (hook) ------------------------------------------------------------
run_extra_suites() {
  # Later: npm-based suites (buf lint, Node interop, Chromium) go here.
  :
}

extra_rc=0
run_extra_suites || extra_rc=$?

stop_cluster

# --- Summary ------------------------------------------------------------------------
# Sum the <Counters .../> element of every trx file in the results dir
# (skipped tests are counted in total but not in executed).
passed=0 failed=0 skipped=0 trx_count=0
while IFS= read -r -d '' trx; do
  trx_count=$((trx_count + 1))
  read -r p f s < <(awk '
    {
      line = $0
      while (match(line, /<Counters[^>]*>/)) {
        el = substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
        n = split(el, parts, /[ \t\/>]+/)
        for (i = 1; i <= n; i++) {
          eq = index(parts[i], "=")
          if (eq == 0) continue
          key = substr(parts[i], 1, eq - 1)
          val = substr(parts[i], eq + 1)
          gsub(/"/, "", val)
          c[key] += val
        }
      }
    }
    END {
      printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] - c["executed"]
    }' "$trx")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done < <(find "$RESULTS_DIR" -type f -name '*.trx' -print0)

rc=0
if [[ $dotnet_rc -ne 0 ]]; then
  log "dotnet test exited with code $dotnet_rc"
  rc=1
fi
if [[ $extra_rc -ne 0 ]]; then
  log "extra suites exited with code $extra_rc"
  rc=1
fi
if [[ $trx_count -eq 0 ]]; then
  log "no trx results found in $RESULTS_DIR"
  rc=1
fi
if [[ $failed -gt 0 ]]; then
  rc=1
fi
if [[ $passed -eq 0 ]]; then
  log "zero tests passed"
  rc=1
fi

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
printf '%s\n' "$summary"
exit "$rc"
