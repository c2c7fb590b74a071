using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SurveyDossierCodesAndProcedureLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "dossier_code",
                table: "surveys",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dossier_scope_path",
                table: "surveys",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "levels",
                table: "procedures",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Surveys stored so far were all linked on arrival: they keep the code of their dossier.
            migrationBuilder.Sql("UPDATE surveys SET dossier_code = (SELECT d.code FROM dossiers d WHERE d.id = surveys.dossier_id) WHERE dossier_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_dossier_code",
                table: "surveys",
                column: "dossier_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_surveys_dossier_code",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "dossier_code",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "dossier_scope_path",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "levels",
                table: "procedures");
        }
    }
}
