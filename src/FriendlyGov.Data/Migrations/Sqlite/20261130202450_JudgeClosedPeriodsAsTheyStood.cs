using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JudgeClosedPeriodsAsTheyStood : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "closed_at",
                table: "indicator_snapshots",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "corrected_at",
                table: "indicator_snapshots",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "derived_version",
                table: "dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "late_at",
                table: "dossiers",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "indicator_snapshots");

            migrationBuilder.DropColumn(
                name: "corrected_at",
                table: "indicator_snapshots");

            migrationBuilder.DropColumn(
                name: "derived_version",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "late_at",
                table: "dossiers");
        }
    }
}
