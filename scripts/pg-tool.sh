# FriendlyGov: sourced by the backup scripts (not run on its own).
# pg_tool NAME: the path of a PostgreSQL client program, from PATH or else the newest
# /usr/lib/postgresql/*/bin (Debian's server packages put only a wrapper on PATH).
pg_tool() {
  local tool=$1 dir
  if command -v "$tool" >/dev/null 2>&1; then
    command -v "$tool"
    return
  fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n $dir && -x $dir/$tool ]] || { echo "$tool not found (install the postgresql-client package)" >&2; exit 1; }
  printf '%s\n' "$dir/$tool"
}
