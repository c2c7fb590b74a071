using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RollupCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_indicator_snapshots_period_key_indicator_code",
                table: "indicator_snapshots",
                columns: new[] { "period_key", "indicator_code" });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_finished_quarter_counts",
                table: "dossiers",
                columns: new[] { "finished_quarter", "unit_id", "finished_at", "effective_due_at", "supplement_count", "result_published", "digitised", "result_issued_electronically", "status" },
                filter: "status IN (6, 7)");

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_received_quarter_counts",
                table: "dossiers",
                columns: new[] { "received_quarter", "unit_id", "channel", "online_level", "inter_agency", "paid_online" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_indicator_snapshots_period_key_indicator_code",
                table: "indicator_snapshots");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_finished_quarter_counts",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_received_quarter_counts",
                table: "dossiers");
        }
    }
}
