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
        }
    }
}
