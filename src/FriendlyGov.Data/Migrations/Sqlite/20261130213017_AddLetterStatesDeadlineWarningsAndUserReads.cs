using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddLetterStatesDeadlineWarningsAndUserReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "client_id",
                table: "personal_data_accesses",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "user_name",
                table: "personal_data_accesses",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "issued_by",
                table: "letters",
                type: "TEXT",
                maxLength: 256,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<DateTime>(
                name: "issued_at",
                table: "letters",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "TEXT");

            migrationBuilder.AddColumn<int>(
                name: "delivery",
                table: "letters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "dismissed_reason",
                table: "letters",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "message",
                table: "letters",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "number",
                table: "letters",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "proposed_at",
                table: "letters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "proposed_by",
                table: "letters",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reason",
                table: "letters",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signer_name",
                table: "letters",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signer_title",
                table: "letters",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "state",
                table: "letters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Every letter stored before letters had a state was recorded as issued (printed when it has a printed time).
            migrationBuilder.Sql("UPDATE letters SET state = 2, delivery = CASE WHEN printed_at IS NULL THEN 2 ELSE 1 END");

            migrationBuilder.CreateTable(
                name: "deadline_warnings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    dossier_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<int>(type: "INTEGER", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deadline_warnings", x => x.id);
                    table.ForeignKey(
                        name: "fk_deadline_warnings_dossiers_dossier_id",
                        column: x => x.dossier_id,
                        principalTable: "dossiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_surveyed_at_id",
                table: "surveys",
                columns: new[] { "surveyed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_accesses_user_name_accessed_at",
                table: "personal_data_accesses",
                columns: new[] { "user_name", "accessed_at" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_personal_data_accesses_reader",
                table: "personal_data_accesses",
                sql: "(client_id IS NULL) <> (user_name IS NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_letters_unit_id_state",
                table: "letters",
                columns: new[] { "unit_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_finished_at",
                table: "dossiers",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_open_unit_id_effective_due_at",
                table: "dossiers",
                columns: new[] { "unit_id", "effective_due_at" },
                filter: "finished_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_received_at_id",
                table: "dossiers",
                columns: new[] { "received_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_deadline_warnings_dossier_id",
                table: "deadline_warnings",
                column: "dossier_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_deadline_warnings_unit_id_outcome",
                table: "deadline_warnings",
                columns: new[] { "unit_id", "outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deadline_warnings");

            migrationBuilder.DropIndex(
                name: "ix_surveys_surveyed_at_id",
                table: "surveys");

            migrationBuilder.DropIndex(
                name: "ix_personal_data_accesses_user_name_accessed_at",
                table: "personal_data_accesses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_personal_data_accesses_reader",
                table: "personal_data_accesses");

            migrationBuilder.DropIndex(
                name: "ix_letters_unit_id_state",
                table: "letters");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_finished_at",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_open_unit_id_effective_due_at",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "ix_dossiers_received_at_id",
                table: "dossiers");

            migrationBuilder.DropColumn(
                name: "user_name",
                table: "personal_data_accesses");

            migrationBuilder.DropColumn(
                name: "delivery",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "dismissed_reason",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "message",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "number",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "proposed_at",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "proposed_by",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "reason",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "signer_name",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "signer_title",
                table: "letters");

            migrationBuilder.DropColumn(
                name: "state",
                table: "letters");

            migrationBuilder.AlterColumn<int>(
                name: "client_id",
                table: "personal_data_accesses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "issued_by",
                table: "letters",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 256,
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTime>(
                name: "issued_at",
                table: "letters",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
