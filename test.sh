#!/usr/bin/env bash
# FriendlyGov: the project's one test command.
#
#   ./test.sh                  # run every test suite
#   ./test.sh --filter Name~X  # extra arguments are passed through to `dotnet test`
#
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 (installing PostgreSQL via
# apt-get when it is missing), exports FRIENDLYGOV_TEST_POSTGRES for the tests,
# runs `dotnet test`, then the PostgreSQL facts of the gRPC API, rollups and replicas
# once more through PgBouncer (installed the same way), and always stops both and
# deletes their files on exit.
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

# shellcheck source=scripts/pg-cluster.sh
source "$ROOT/scripts/pg-cluster.sh"

ensure_pg_bin
trap_cluster_cleanup
start_cluster friendlygov-pg "$PG_FIRST_PORT"

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

# --- The PostgreSQL facts once more, through PgBouncer -------------------------------------
# PgBouncer (Debian's pgbouncer, installed with apt-get when missing) in transaction pooling mode
# beside the cluster; the server's PostgreSQL facts of the gRPC API and change feed, the rollups
# (a killed one included) and the replicas run again, already built, with FRIENDLYGOV_TEST_POSTGRES
# pointing at PgBouncer (with `No Reset On Close=true`, as README's PgBouncer section asks), so every
# connection of the tests and of the servers they start goes through it. With --filter, only the
# tests that match both filters run. FRIENDLYGOV_SKIP_PGBOUNCER=1 skips this pass.
PGBOUNCER_FIRST_PORT=57432   # the cluster starts at 55432, benchmark-sync.sh's at 56432
PGBOUNCER_FILTER='(FullyQualifiedName~FriendlyGov.Server.Tests.Sync.&FullyQualifiedName~OnPostgres)'
PGBOUNCER_FILTER+='|FullyQualifiedName~FriendlyGov.Server.Tests.Indicators.RollupFactsOnPostgres'
PGBOUNCER_FILTER+='|FullyQualifiedName~FriendlyGov.Server.Tests.Indicators.ClosedPeriodFactsOnPostgres'
PGBOUNCER_FILTER+='|FullyQualifiedName~FriendlyGov.Server.Tests.Indicators.RollupCrashFacts'
PGBOUNCER_FILTER+='|FullyQualifiedName~FriendlyGov.Server.Tests.Operations.Replica'

run_pgbouncer_pass() {
  if [[ ${FRIENDLYGOV_SKIP_PGBOUNCER:-0} == 1 ]]; then
    log "the pass through PgBouncer skipped (FRIENDLYGOV_SKIP_PGBOUNCER=1)"
    return 0
  fi
  local filter=$PGBOUNCER_FILTER given="" arg after_filter=0 rc=0
  for arg in "$@"; do
    if [[ $after_filter -eq 1 ]]; then
      given=$arg after_filter=0
    elif [[ $arg == --filter ]]; then
      after_filter=1
    elif [[ $arg == --filter=* ]]; then
      given=${arg#--filter=}
    fi
  done
  [[ -z $given ]] || filter="($given)&($filter)"

  ensure_pgbouncer
  start_pgbouncer "$PGBOUNCER_FIRST_PORT"
  log "the PostgreSQL facts once more through PgBouncer: --filter $filter"
  FRIENDLYGOV_TEST_POSTGRES="Host=127.0.0.1;Port=$PGB_PORT;Username=postgres;Password=unused;Database=postgres;No Reset On Close=true" \
    dotnet test tests/FriendlyGov.Server.Tests -c Release --no-build \
      --logger "trx;LogFilePrefix=pgbouncer" \
      --logger "console;verbosity=normal" \
      --results-directory "$RESULTS_DIR" \
      --filter "$filter" || rc=$?
  stop_pgbouncer
  return "$rc"
}

pgbouncer_rc=0
run_pgbouncer_pass "$@" || pgbouncer_rc=$?

# --- Extra suites (hook) ------------------------------------------------------------
# npm-based suites, run after `dotnet test` (which built the solution in Release):
#   - scripts/buf-check.sh (buf lint, format, breaking; `npm ci` at the root first): one test;
#   - tests/interop (`npm ci`, then `node --test`): a Node.js gRPC client against the real server
#     process on a database of the throwaway cluster; each node test counts.
#   - tests/browser (`npm ci`, then `node --test`): the admin pages in headless Chromium (Debian's
#     `chromium`, installed with apt-get when missing; driven by playwright-core, which never
#     downloads a browser) against the real server process; each node test counts.
#   - tests/deploy (`node --test`, Node built-ins only): README's "Deploying on PostgreSQL" run as
#     written on a fresh database, ending with the first admin signed in and the API key used.
# Each suite's counts go into the summary as a small trx file in $RESULTS_DIR (the summary sums
# the <Counters/> of every trx there). FRIENDLYGOV_SKIP_EXTRA_SUITES=1 skips them all.

NODE_MIN_MAJOR=18   # the interop suite is written for Node 20; 18 is the oldest it runs on

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

# tests/deploy needs no package: `npm ci` installs nothing and leaves no node_modules to hold its stamp.
run_deploy() {
  mkdir -p "$ROOT/tests/deploy/node_modules"
  run_node_suite deploy
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
  run_deploy || rc=1
  return "$rc"
}

# run_vulnerability_audit: `dotnet list package --vulnerable --include-transitive` over the solution
# (restored by `dotnet test` above), which asks NuGet for the advisories of every package, direct or
# transitive. One counted test: it fails on an advisory of High or Critical severity, or when NuGet
# could not be asked; Low and Moderate ones are listed in the log only. Skipped with the extra suites.
run_vulnerability_audit() {
  if [[ ${FRIENDLYGOV_SKIP_EXTRA_SUITES:-0} == 1 ]]; then
    return 0
  fi
  log "extra suite: dotnet list package --vulnerable --include-transitive"
  local report rc=0 severe
  report="$(dotnet list "$SOLUTION" package --vulnerable --include-transitive --format json 2>&1)" || rc=$?
  if [[ $rc -ne 0 ]] || ! grep -q '"projects"' <<<"$report"; then
    printf '%s\n' "$report" >&2
    log "error: the vulnerability audit could not ask NuGet (exit code $rc)"
    write_trx vulnerable-packages 0 1 0
    return 1
  fi
  # Each vulnerable package lists {"severity": "...", "advisoryurl": "..."}: name the severe ones by their package.
  severe="$(grep -Eo '"(id|severity)": *"[^"]*"' <<<"$report" \
    | awk -F'"' '$2 == "id" { id = $4 } $2 == "severity" && ($4 == "High" || $4 == "Critical") { print id " (" $4 ")" }' | sort -u)"
  if grep -q '"severity"' <<<"$report"; then
    log "vulnerable packages (all severities):"
    grep -Eo '"(id|resolvedVersion|severity|advisoryurl)": *"[^"]*"' <<<"$report" >&2
  fi
  if [[ -n $severe ]]; then
    log "error: packages with High or Critical advisories: $(tr '\n' ' ' <<<"$severe")"
    write_trx vulnerable-packages 0 1 0
    return 1
  fi
  log "no package with a High or Critical advisory"
  write_trx vulnerable-packages 1 0 0
}

extra_rc=0
run_extra_suites || extra_rc=$?
run_vulnerability_audit || extra_rc=1

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
if [[ $pgbouncer_rc -ne 0 ]]; then
  log "dotnet test through PgBouncer exited with code $pgbouncer_rc"
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

# The failed .NET tests by name, with the first lines of their messages, just above the summary:
# CI keeps only the end of the log, and a failure lost in the middle of it cannot be told.
if [[ $failed -gt 0 ]]; then
  log "failed tests:"
  find "$RESULTS_DIR" -type f -name '*.trx' -print0 | xargs -0 awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); gsub(/&quot;/, "\"", name); want = 1; lines = 0
      printf "  FAILED %s (%s)\n", name, FILENAME
    }
    want && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    want && inmsg {
      end = sub(/<\/Message>.*/, "")
      if (lines < 4) { gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&quot;/, "\""); gsub(/&amp;/, "\\&"); printf "    %s\n", $0; lines++ }
      if (end) { inmsg = 0; want = 0 }
    }' >&2 || true
fi

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
printf '%s\n' "$summary"
exit "$rc"
