using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
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
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "petitions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "complexity",
                table: "petitions",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_on",
                table: "petitions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "forwarded_on",
                table: "petitions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "forwarded_to",
                table: "petitions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "result",
                table: "petitions",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "answered_on",
                table: "dialogue_opinions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "dialogue_opinions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "promised_on",
                table: "dialogue_opinions",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    record_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<int>(type: "integer", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    changes = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    record_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    subtree_path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    file_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    rows_total = table.Column<int>(type: "integer", nullable: false),
                    rows_done = table.Column<int>(type: "integer", nullable: false),
                    records_written = table.Column<int>(type: "integer", nullable: false),
                    report = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reception_matters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    reception_session_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    handling = table.Column<int>(type: "integer", nullable: false),
                    result = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
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
