#!/usr/bin/env bash
# FriendlyGov: restore a backup made by scripts/backup-database.sh into a new database.
#
#   PGHOST=db.example PGUSER=postgres scripts/restore-database.sh FILE NEW_DATABASE [OWNER]
#
# Creates NEW_DATABASE (UTF8, from template0; owned by OWNER when given) on the server named by
# the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or ~/.pgpass) and restores FILE into it
# in one transaction: all of it, or nothing and an error. The objects belong to OWNER (or to the
# user restoring). Then point the servers at NEW_DATABASE (ConnectionStrings:FriendlyGov); no
# `migrate` is needed unless the release is newer than the backup.
set -euo pipefail

[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: PGHOST=… PGUSER=… $0 FILE NEW_DATABASE [OWNER]" >&2; exit 2; }
file=$1 database=$2 owner=${3:-}

# shellcheck source=scripts/pg-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-tool.sh"

[[ -f $file ]] || { echo "$0: no backup file $file" >&2; exit 1; }
"$(pg_tool createdb)" --encoding=UTF8 --template=template0 ${owner:+--owner="$owner"} "$database"
"$(pg_tool pg_restore)" --dbname="$database" --no-owner --no-privileges ${owner:+--role="$owner"} --single-transaction --exit-on-error "$file"
echo "restore-database: $file restored into $database"
