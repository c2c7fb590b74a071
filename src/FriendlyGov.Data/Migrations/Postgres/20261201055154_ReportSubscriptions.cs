using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_subscriptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    scorecard = table.Column<bool>(type: "boolean", nullable: false),
                    report = table.Column<bool>(type: "boolean", nullable: false),
                    monthly = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_report_subscriptions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_report_subscriptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "staff_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "subscription_mailings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subscription_id = table.Column<long>(type: "bigint", nullable: false),
                    edition = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    claimed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscription_mailings", x => x.id);
                    table.ForeignKey(
                        name: "fk_subscription_mailings_report_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "report_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_report_subscriptions_unit_id",
                table: "report_subscriptions",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_report_subscriptions_user_id_unit_id",
                table: "report_subscriptions",
                columns: new[] { "user_id", "unit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscription_mailings_subscription_id_edition",
                table: "subscription_mailings",
                columns: new[] { "subscription_id", "edition" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscription_mailings");

            migrationBuilder.DropTable(
                name: "report_subscriptions");
        }
    }
}
