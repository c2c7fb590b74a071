using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexDossiersLateWhileOpen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dossiers_late_while_open",
                table: "dossiers",
                column: "late_at",
                filter: "late_at < finished_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_dossiers_late_while_open",
                table: "dossiers");
        }
    }
}
