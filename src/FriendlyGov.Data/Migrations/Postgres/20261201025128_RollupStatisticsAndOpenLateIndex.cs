using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RollupStatisticsAndOpenLateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_indicator_snapshots_units_unit_id",
                table: "indicator_snapshots");

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_open_late_at",
                table: "dossiers",
                column: "late_at",
                filter: "finished_at IS NULL");

            // The rollups group by unit and quarter: told how many (unit, quarter) pairs there are, PostgreSQL sizes a
            // hash aggregate instead of guessing units × quarters and sorting to disk. ANALYZE builds them now.
            migrationBuilder.Sql("""
                CREATE STATISTICS dossiers_unit_received_quarter (ndistinct) ON unit_id, received_quarter FROM dossiers;
                CREATE STATISTICS dossiers_unit_finished_quarter (ndistinct) ON unit_id, finished_quarter FROM dossiers;
                CREATE STATISTICS surveys_unit_surveyed_quarter (ndistinct) ON unit_id, surveyed_quarter FROM surveys;
                CREATE STATISTICS letters_unit_issued_quarter (ndistinct) ON unit_id, issued_quarter FROM letters;
                ANALYZE dossiers, surveys, letters;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP STATISTICS dossiers_unit_received_quarter, dossiers_unit_finished_quarter, surveys_unit_surveyed_quarter, letters_unit_issued_quarter;
                """);

            migrationBuilder.DropIndex(
                name: "ix_dossiers_open_late_at",
                table: "dossiers");

            migrationBuilder.AddForeignKey(
                name: "fk_indicator_snapshots_units_unit_id",
                table: "indicator_snapshots",
                column: "unit_id",
                principalTable: "units",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
