#!/usr/bin/env bash
# FriendlyGov: back up the PostgreSQL database of a running installation.
#
#   PGHOST=db.example PGUSER=friendlygov PGDATABASE=friendlygov scripts/backup-database.sh FILE
#
# pg_dump in its custom format (-Fc: compressed, restored with pg_restore, table by table if need
# be) of the database named by the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or
# ~/.pgpass, PGDATABASE). The servers keep running: pg_dump reads one consistent snapshot, so
# the records, the change feed's positions, the indicator snapshots, Hangfire's jobs and the
# data-protection keys in the file are of one instant. Records committed after that instant are
# not in the file.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: PGHOST=… PGUSER=… PGDATABASE=… $0 FILE" >&2; exit 2; }
file=$1

# shellcheck source=scripts/pg-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-tool.sh"

"$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$file.partial"
mv "$file.partial" "$file"
echo "backup-database: ${PGDATABASE:-(default database)} written to $file ($(du -h "$file" | cut -f1))"
