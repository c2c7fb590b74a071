# FriendlyGov: a throwaway PostgreSQL cluster on 127.0.0.1, sourced by test.sh and
# scripts/benchmark-sync.sh (not run on its own). The caller defines log and die first, then:
#
#   ensure_pg_bin                       # PG_BIN; installs PostgreSQL with apt-get when missing
#   trap_cluster_cleanup                # stop the cluster and delete its files on any exit
#   start_cluster NAME FIRST_PORT [SETTINGS]
#                                       # PG_PORT, PG_LOG, PG_VERSION; SETTINGS go into postgresql.conf
#   ensure_pgbouncer                    # PGBOUNCER; installs Debian's pgbouncer with apt-get when missing
#   start_pgbouncer FIRST_PORT          # PGB_PORT: PgBouncer in transaction pooling mode in front of the cluster
#   stop_cluster                        # stops PgBouncer too
#
# The cluster trusts the local socket and 127.0.0.1 only, and runs with fsync,
# synchronous_commit and full_page_writes off: its data is thrown away.

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

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

find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
    printf '%s\n' "$dir"
  fi
}

ensure_pg_bin() {
  PG_BIN="$(find_pg_bin)"
  if [[ -z $PG_BIN ]]; then
    apt_install PostgreSQL postgresql || die "PostgreSQL could not be installed"
    PG_BIN="$(find_pg_bin)"
    [[ -n $PG_BIN ]] || die "PostgreSQL binaries still not found under /usr/lib/postgresql/*/bin after installing"
  fi
}

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

PG_TMP=""
PG_DATA=""

stop_cluster() {
  [[ -n $PG_TMP ]] || return 0
  stop_pgbouncer
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

trap_cluster_cleanup() {
  trap _cluster_on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
}

_cluster_on_exit() {
  local rc=$?
  trap '' INT TERM HUP   # don't let a second Ctrl-C interrupt the cleanup
  stop_cluster
  exit "$rc"
}

_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_cluster NAME FIRST_PORT [SETTINGS]: initdb into a fresh temporary directory, then start
# on the first free port from FIRST_PORT (retrying when another process wins the port).
start_cluster() {
  local name=$1 first_port=$2 settings=${3:-}
  if [[ $IS_ROOT -eq 1 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (created by the Debian postgresql package)"
    PG_TMP="$(mktemp -d "/tmp/$name.XXXXXX")"
  else
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
  fi
  PG_DATA="$PG_TMP/data"
  local sock="$PG_TMP/sock"
  PG_LOG="$PG_TMP/postgres.log"
  mkdir -p "$sock"
  : >"$PG_LOG"
  [[ $IS_ROOT -eq 1 ]] && chown -R postgres:postgres "$PG_TMP"

  if ! (cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync) \
      >"$PG_TMP/initdb.log" 2>&1; then
    cat "$PG_TMP/initdb.log" >&2
    die "initdb failed"
  fi

  as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'CONF'
# Throwaway cluster: trust on the local socket and 127.0.0.1 only.
local all all              trust
host  all all 127.0.0.1/32 trust
CONF

  as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF

# --- scripts/pg-cluster.sh: throwaway cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
$settings
CONF

  PG_PORT=""
  local port=$first_port
  while [[ -z $PG_PORT ]]; do
    (( port < first_port + 200 )) || die "no free port found in $first_port..$((first_port + 199))"
    if _port_in_use "$port"; then
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
}

# --- PgBouncer in front of the cluster ----------------------------------------------

ensure_pgbouncer() {
  PGBOUNCER="$(command -v pgbouncer || true)"
  [[ -n $PGBOUNCER ]] || PGBOUNCER=/usr/sbin/pgbouncer
  if [[ ! -x $PGBOUNCER ]]; then
    apt_install PgBouncer pgbouncer || die "PgBouncer could not be installed"
    [[ -x $PGBOUNCER ]] || die "$PGBOUNCER still missing after installing pgbouncer"
  fi
}

# start_pgbouncer FIRST_PORT: PgBouncer on the first free port from FIRST_PORT, in transaction pooling
# mode, every database of the cluster behind it (the wildcard entry: each test's fresh database too).
# No server-side prepared statements: Debian 12's PgBouncer (1.18) has no max_prepared_statements.
start_pgbouncer() {
  local first_port=$1 dir="$PG_TMP/pgbouncer" port
  mkdir -p "$dir"
  printf '"postgres" ""\n' >"$dir/userlist.txt"
  [[ $IS_ROOT -eq 1 ]] && chown -R postgres:postgres "$dir"
  PGB_PORT=""
  port=$first_port
  while [[ -z $PGB_PORT ]]; do
    (( port < first_port + 200 )) || die "no free port for PgBouncer found in $first_port..$((first_port + 199))"
    if _port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    as_pg tee "$dir/pgbouncer.ini" >/dev/null <<CONF
[databases]
* = host=127.0.0.1 port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 40
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
tcp_keepalive = 1
tcp_keepidle = 20
tcp_keepintvl = 10
tcp_keepcnt = 3
CONF
    : >"$dir/pgbouncer.log"
    [[ $IS_ROOT -eq 1 ]] && chown postgres:postgres "$dir/pgbouncer.log"
    if (cd "$dir" && as_pg "$PGBOUNCER" -d "$dir/pgbouncer.ini") >>"$dir/pgbouncer.log" 2>&1 && _wait_for_port "$port"; then
      PGB_PORT=$port
    elif grep -qiE 'address already in use|could not bind' "$dir/pgbouncer.log"; then
      port=$((port + 1))
    else
      cat "$dir/pgbouncer.log" >&2
      die "PgBouncer failed to start"
    fi
  done
  PGB_DIR=$dir
  log "$("$PGBOUNCER" --version | head -n 1) started on 127.0.0.1:$PGB_PORT (transaction pooling, in front of port $PG_PORT)"
}

_wait_for_port() {
  local i
  for ((i = 0; i < 50; i++)); do
    _port_in_use "$1" && return 0
    sleep 0.1
  done
  return 1
}

PGB_DIR=""

stop_pgbouncer() {
  [[ -n $PGB_DIR && -f $PGB_DIR/pgbouncer.pid ]] || return 0
  local pid
  pid="$(head -n 1 "$PGB_DIR/pgbouncer.pid" 2>/dev/null || true)"
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local i=0
    while kill -0 "$pid" 2>/dev/null && ((i++ < 50)); do
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  PGB_DIR=""
}
