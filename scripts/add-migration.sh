#!/usr/bin/env bash
# Adds one EF Core migration to both providers' migration sets, so they never drift apart:
#   scripts/add-migration.sh AddLetters
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Postgres Sqlite; do
  dotnet ef migrations add "$name" \
    --project src/FriendlyGov.Data \
    --context "${provider}DbContext" \
    --output-dir "Migrations/$provider"
done
