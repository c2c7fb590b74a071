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
# npm-based suites, run after `dotnet test` (which built the solution in Release):
#   - scripts/buf-check.sh (buf lint, format, breaking; `npm ci` at the root first): one test;
#   - tests/interop (`npm ci`, then `node --test`): a Node.js gRPC client against the real server
#     process on a database of the throwaway cluster; each node test counts.
#   - tests/browser (`npm ci`, then `node --test`): the admin pages in headless Chromium (Debian's
#     `chromium`, installed with apt-get when missing; driven by playwright-core, which never
#     downloads a browser) against the real server process; each node test counts.
# Each suite's counts go into the summary as a small trx file in $RESULTS_DIR (the summary sums
# the <Counters/> of every trx there). FRIENDLYGOV_SKIP_EXTRA_SUITES=1 skips them all.

NODE_MIN_MAJOR=18   # the interop suite is written for Node 20; 18 is the oldest it runs on

# apt_install WHAT PACKAGE...: installs Debian packages for a missing tool (as root, else with sudo).
apt_install() {
  local what=$1 sudo=()
  shift
  if [[ $IS_ROOT -eq 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "error: $what is not installed and sudo is not available; install it with: apt-get install $*"; return 1; }
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 || { log "error: $what is not installed and apt-get is not available; install the Debian packages $*"; return 1; }
  log "$what not found; installing $* with apt-get"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install Node.js nodejs npm || return 1
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if (( major < NODE_MIN_MAJOR )); then
    log "error: Node.js $(node --version 2>/dev/null) is too old; the npm suites need Node.js $NODE_MIN_MAJOR or later (20 recommended)"
    return 1
  fi
}

# The browser suite's Chromium: FRIENDLYGOV_CHROMIUM, else Debian's /usr/bin/chromium (with a font
# that has Vietnamese letters), installed when missing. playwright-core drives it; nothing downloads a browser.
CHROMIUM="${FRIENDLYGOV_CHROMIUM:-/usr/bin/chromium}"

ensure_chromium() {
  if [[ ! -x $CHROMIUM ]]; then
    [[ -z ${FRIENDLYGOV_CHROMIUM:-} ]] || { log "error: FRIENDLYGOV_CHROMIUM=$CHROMIUM is not an executable"; return 1; }
    apt_install Chromium chromium fonts-liberation || return 1
    [[ -x $CHROMIUM ]] || { log "error: $CHROMIUM still missing after installing chromium"; return 1; }
  fi
  log "Chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM (version unknown)")"
}

# npm ci in $1, skipped when node_modules was installed from the same package-lock.json.
npm_ci_in() {
  local dir=$1 stamp sum
  stamp="$dir/node_modules/.friendlygov-lock.sha256"
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$sum" ]]; then
    return 0
  fi
  log "npm ci in ${dir#"$ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund) >&2 || return 1
  printf '%s\n' "$sum" >"$stamp"
}

# write_trx NAME PASSED FAILED SKIPPED: a trx file the summary counts like dotnet test's.
write_trx() {
  local name=$1 passed=$2 failed=$3 skipped=$4 outcome=Completed
  local total=$((passed + failed + skipped)) executed=$((passed + failed))
  [[ $failed -gt 0 ]] && outcome=Failed
  cat >"$RESULTS_DIR/extra-$name.trx" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<TestRun id="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo 00000000-0000-0000-0000-000000000000)" name="$name" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="$outcome">
    <Counters total="$total" executed="$executed" passed="$passed" failed="$failed" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="$skipped" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
EOF
}

run_buf_check() {
  log "extra suite: scripts/buf-check.sh"
  if npm_ci_in "$ROOT" && "$ROOT/scripts/buf-check.sh"; then
    write_trx buf-check 1 0 0
    return 0
  fi
  log "buf-check failed"
  write_trx buf-check 0 1 0
  return 1
}

# stop_leftover_server NAME PIDFILE: a node suite stops its server itself; should node have died
# first, this stops what it left behind (the server runs in its own process group).
stop_leftover_server() {
  local name=$1 pidfile=$2 pid
  [[ -f $pidfile ]] || return 0
  pid="$(head -n 1 "$pidfile")"
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping the $name server left running (pid $pid)"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# count_tap NAME TAP RC: writes the trx of a `node --test` run from its tap file and exit code;
# returns 0 when the run passed.
count_tap() {
  local name=$1 tap=$2 rc=$3
  # node's closing lines: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
  local pass fail cancelled skipped todo
  pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  cancelled="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  skipped="$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  todo="$(sed -n 's/^# todo \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n 1)"
  pass=${pass:-0} fail=$(( ${fail:-0} + ${cancelled:-0} )) skipped=$(( ${skipped:-0} + ${todo:-0} ))
  if [[ $rc -ne 0 && $fail -eq 0 ]]; then
    log "node --test exited with code $rc without reporting a failed test"
    fail=1
  fi
  write_trx "$name" "$pass" "$fail" "$skipped"
  [[ $rc -eq 0 && $fail -eq 0 ]]
}

# run_node_suite NAME [VAR=VALUE...]: `node --test` in tests/NAME against the Release server, with
# FRIENDLYGOV_SERVER_DLL, PSQL, FRIENDLYGOV_<NAME>_PIDFILE and the given variables set.
run_node_suite() {
  local name=$1
  shift
  local dir="$ROOT/tests/$name" dll="$ROOT/src/FriendlyGov.Server/bin/Release/net10.0/FriendlyGov.Server.dll"
  local tap="$RESULTS_DIR/$name.tap" pidfile="$RESULTS_DIR/$name-server.pid" rc=0
  log "extra suite: tests/$name (node --test)"
  if [[ ! -f $dll ]]; then
    log "error: $dll is missing (the Release build failed?)"
    write_trx "$name" 0 1 0
    return 1
  fi
  if ! npm_ci_in "$dir"; then
    write_trx "$name" 0 1 0
    return 1
  fi
  # No `timeout` wrapper (it would take node out of the terminal's foreground group, away from
  # Ctrl-C): every test and every call of the suite has its own timeout.
  (cd "$dir" && exec env FRIENDLYGOV_SERVER_DLL="$dll" PSQL="$PG_BIN/psql" "FRIENDLYGOV_${name^^}_PIDFILE=$pidfile" "$@" \
    node --test \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tap") || rc=$?

  stop_leftover_server "$name" "$pidfile"
  count_tap "$name" "$tap" "$rc"
}

run_interop() {
  run_node_suite interop
}

run_browser() {
  if ! ensure_chromium; then
    write_trx browser 0 1 0
    return 1
  fi
  run_node_suite browser FRIENDLYGOV_CHROMIUM="$CHROMIUM" FRIENDLYGOV_BROWSER_RESULTS="$RESULTS_DIR"
}

run_extra_suites() {
  if [[ ${FRIENDLYGOV_SKIP_EXTRA_SUITES:-0} == 1 ]]; then
    log "extra suites skipped (FRIENDLYGOV_SKIP_EXTRA_SUITES=1)"
    return 0
  fi
  if ! ensure_node; then
    write_trx buf-check 0 1 0
    write_trx interop 0 1 0
    write_trx browser 0 1 0
    return 1
  fi
  local rc=0
  run_buf_check || rc=1
  run_interop || rc=1
  run_browser || rc=1
  return "$rc"
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
