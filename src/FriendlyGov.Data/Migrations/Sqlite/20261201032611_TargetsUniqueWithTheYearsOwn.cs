using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TargetsUniqueWithTheYearsOwn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_targets_indicator_code_unit_id_year_quarter",
                table: "targets");

            migrationBuilder.AddColumn<int>(
                name: "quarter_key",
                table: "targets",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "coalesce(quarter, 0)",
                stored: false);

            // A year's own target written twice by concurrent admins (the old index let it through): the last write stays.
            migrationBuilder.Sql(
                "DELETE FROM targets WHERE quarter IS NULL AND id NOT IN (SELECT max(id) FROM targets WHERE quarter IS NULL GROUP BY indicator_code, unit_id, year);");

            migrationBuilder.CreateIndex(
                name: "ix_targets_indicator_code_unit_id_year_quarter_key",
                table: "targets",
                columns: new[] { "indicator_code", "unit_id", "year", "quarter_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_targets_indicator_code_unit_id_year_quarter_key",
                table: "targets");

            migrationBuilder.DropColumn(
                name: "quarter_key",
                table: "targets");

            migrationBuilder.CreateIndex(
                name: "ix_targets_indicator_code_unit_id_year_quarter",
                table: "targets",
                columns: new[] { "indicator_code", "unit_id", "year", "quarter" },
                unique: true);
        }
    }
}
