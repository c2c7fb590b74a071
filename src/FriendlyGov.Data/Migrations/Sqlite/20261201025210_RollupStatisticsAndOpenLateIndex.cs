using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
