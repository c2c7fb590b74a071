using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRecordsWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Petitions kept before their complexity was recorded are ordinary cases.
            migrationBuilder.AddColumn<DateOnly>(
                name: "accepted_on",
                table: "petitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "petitions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "complexity",
                table: "petitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_on",
                table: "petitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "forwarded_on",
                table: "petitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "forwarded_to",
                table: "petitions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "result",
                table: "petitions",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "answered_on",
                table: "dialogue_opinions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "dialogue_opinions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "promised_on",
                table: "dialogue_opinions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    record_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<int>(type: "INTEGER", nullable: false),
                    action = table.Column<int>(type: "INTEGER", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    changes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    record_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    subtree_path = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_total = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_done = table.Column<int>(type: "INTEGER", nullable: false),
                    records_written = table.Column<int>(type: "INTEGER", nullable: false),
                    report = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reception_matters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    reception_session_id = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    handling = table.Column<int>(type: "INTEGER", nullable: false),
                    result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_matters", x => x.id);
                    table.ForeignKey(
                        name: "fk_reception_matters_reception_sessions_reception_session_id",
                        column: x => x.reception_session_id,
                        principalTable: "reception_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_type_record_id",
                table: "audit_entries",
                columns: new[] { "record_type", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_reception_matters_reception_session_id",
                table: "reception_matters",
                column: "reception_session_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "import_runs");

            migrationBuilder.DropTable(
                name: "reception_matters");

            migrationBuilder.DropColumn(
                name: "accepted_on",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "complexity",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "due_on",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "forwarded_on",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "forwarded_to",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "result",
                table: "petitions");

            migrationBuilder.DropColumn(
                name: "answered_on",
                table: "dialogue_opinions");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "dialogue_opinions");

            migrationBuilder.DropColumn(
                name: "promised_on",
                table: "dialogue_opinions");
        }
    }
}
