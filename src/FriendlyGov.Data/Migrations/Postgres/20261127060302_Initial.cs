using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "change_counter",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_counter", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "procedures",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processing_working_days = table.Column<int>(type: "integer", nullable: false),
                    online_capability = table.Column<int>(type: "integer", nullable: false),
                    civil_event = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rollup_marks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    from_quarter = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_marks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rollup_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: true),
                    period_key = table.Column<int>(type: "integer", nullable: true),
                    state = table.Column<int>(type: "integer", nullable: false),
                    units_done = table.Column<int>(type: "integer", nullable: false),
                    units_total = table.Column<int>(type: "integer", nullable: false),
                    queued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollup_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true),
                    path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_units_units_parent_id",
                        column: x => x.parent_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_clients",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key_hint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    scopes = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_clients", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_clients_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dialogues",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    host_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    participants = table.Column<int>(type: "integer", nullable: false),
                    topic = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    held_quarter = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dialogues", x => x.id);
                    table.ForeignKey(
                        name: "fk_dialogues_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dossiers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<int>(type: "integer", nullable: false),
                    online_level = table.Column<int>(type: "integer", nullable: false),
                    inter_agency = table.Column<bool>(type: "boolean", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    returned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    result_published = table.Column<bool>(type: "boolean", nullable: false),
                    result_issued_electronically = table.Column<bool>(type: "boolean", nullable: false),
                    digitised = table.Column<bool>(type: "boolean", nullable: false),
                    paid_online = table.Column<bool>(type: "boolean", nullable: false),
                    applicant_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    applicant_id_number = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    applicant_phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    change_sequence = table.Column<long>(type: "bigint", nullable: false),
                    received_quarter = table.Column<int>(type: "integer", nullable: false),
                    finished_quarter = table.Column<int>(type: "integer", nullable: true),
                    supplement_count = table.Column<int>(type: "integer", nullable: false),
                    effective_due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    supplements = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dossiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_dossiers_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_dossiers_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "indicator_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    period_key = table.Column<int>(type: "integer", nullable: false),
                    indicator_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    numerator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    denominator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    own_numerator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    own_denominator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    target = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    met = table.Column<bool>(type: "boolean", nullable: true),
                    computed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicator_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_indicator_snapshots_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "petitions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    subject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    jurisdiction = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    received_quarter = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_petitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_petitions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reception_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    host_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    host_role = table.Column<int>(type: "integer", nullable: false),
                    citizens_received = table.Column<int>(type: "integer", nullable: false),
                    topic = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    held_quarter = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_reception_sessions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    quarter = table.Column<int>(type: "integer", nullable: true),
                    value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    direction = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_targets", x => x.id);
                    table.ForeignKey(
                        name: "fk_targets_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "unit_successions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    predecessor_id = table.Column<int>(type: "integer", nullable: false),
                    successor_id = table.Column<int>(type: "integer", nullable: false),
                    effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    basis = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_successions", x => x.id);
                    table.ForeignKey(
                        name: "fk_unit_successions_units_predecessor_id",
                        column: x => x.predecessor_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_unit_successions_units_successor_id",
                        column: x => x.successor_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "personal_data_accesses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    client_id = table.Column<int>(type: "integer", nullable: false),
                    record_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    record_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    accessed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personal_data_accesses", x => x.id);
                    table.ForeignKey(
                        name: "fk_personal_data_accesses_api_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "api_clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dialogue_opinions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dialogue_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    follow_up = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    resolved = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dialogue_opinions", x => x.id);
                    table.ForeignKey(
                        name: "fk_dialogue_opinions_dialogues_dialogue_id",
                        column: x => x.dialogue_id,
                        principalTable: "dialogues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    dossier_id = table.Column<long>(type: "bigint", nullable: true),
                    recipient_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recipient_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    new_appointment_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    printed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    issued_quarter = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letters", x => x.id);
                    table.ForeignKey(
                        name: "fk_letters_dossiers_dossier_id",
                        column: x => x.dossier_id,
                        principalTable: "dossiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_letters_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    dossier_id = table.Column<long>(type: "bigint", nullable: true),
                    surveyed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<int>(type: "integer", nullable: false),
                    access_score = table.Column<int>(type: "integer", nullable: true),
                    procedure_score = table.Column<int>(type: "integer", nullable: true),
                    staff_attitude_score = table.Column<int>(type: "integer", nullable: true),
                    timeliness_score = table.Column<int>(type: "integer", nullable: true),
                    result_score = table.Column<int>(type: "integer", nullable: true),
                    feedback_handling_score = table.Column<int>(type: "integer", nullable: true),
                    satisfied = table.Column<bool>(type: "boolean", nullable: false),
                    comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    source_system = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    surveyed_quarter = table.Column<int>(type: "integer", nullable: false),
                    change_sequence = table.Column<long>(type: "bigint", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.ForeignKey(
                        name: "fk_surveys_dossiers_dossier_id",
                        column: x => x.dossier_id,
                        principalTable: "dossiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_surveys_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "change_counter",
                columns: new[] { "id", "last_sequence" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_api_clients_key_hash",
                table: "api_clients",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_clients_unit_id",
                table: "api_clients",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_dialogue_opinions_dialogue_id",
                table: "dialogue_opinions",
                column: "dialogue_id");

            migrationBuilder.CreateIndex(
                name: "ix_dialogues_unit_id_held_on",
                table: "dialogues",
                columns: new[] { "unit_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_change_sequence",
                table: "dossiers",
                column: "change_sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_code",
                table: "dossiers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_procedure_id",
                table: "dossiers",
                column: "procedure_id");

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_unit_id_finished_at",
                table: "dossiers",
                columns: new[] { "unit_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_unit_id_received_at",
                table: "dossiers",
                columns: new[] { "unit_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dossiers_unit_id_received_quarter",
                table: "dossiers",
                columns: new[] { "unit_id", "received_quarter" });

            migrationBuilder.CreateIndex(
                name: "ix_indicator_snapshots_unit_id_period_key_indicator_code",
                table: "indicator_snapshots",
                columns: new[] { "unit_id", "period_key", "indicator_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_letters_dossier_id_kind",
                table: "letters",
                columns: new[] { "dossier_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_letters_unit_id_issued_quarter",
                table: "letters",
                columns: new[] { "unit_id", "issued_quarter" });

            migrationBuilder.CreateIndex(
                name: "ix_personal_data_accesses_client_id_accessed_at",
                table: "personal_data_accesses",
                columns: new[] { "client_id", "accessed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_petitions_unit_id_received_on",
                table: "petitions",
                columns: new[] { "unit_id", "received_on" });

            migrationBuilder.CreateIndex(
                name: "ix_procedures_code",
                table: "procedures",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reception_sessions_unit_id_held_on",
                table: "reception_sessions",
                columns: new[] { "unit_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_change_sequence",
                table: "surveys",
                column: "change_sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_dossier_id",
                table: "surveys",
                column: "dossier_id");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_source_system_key",
                table: "surveys",
                columns: new[] { "source_system", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_unit_id_surveyed_at",
                table: "surveys",
                columns: new[] { "unit_id", "surveyed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_unit_id_surveyed_quarter",
                table: "surveys",
                columns: new[] { "unit_id", "surveyed_quarter" });

            migrationBuilder.CreateIndex(
                name: "ix_targets_indicator_code_unit_id_year_quarter",
                table: "targets",
                columns: new[] { "indicator_code", "unit_id", "year", "quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_targets_unit_id",
                table: "targets",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_successions_predecessor_id_successor_id",
                table: "unit_successions",
                columns: new[] { "predecessor_id", "successor_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_successions_successor_id",
                table: "unit_successions",
                column: "successor_id");

            migrationBuilder.CreateIndex(
                name: "ix_units_code",
                table: "units",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_units_parent_id",
                table: "units",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_units_path",
                table: "units",
                column: "path");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "change_counter");

            migrationBuilder.DropTable(
                name: "dialogue_opinions");

            migrationBuilder.DropTable(
                name: "indicator_snapshots");

            migrationBuilder.DropTable(
                name: "letters");

            migrationBuilder.DropTable(
                name: "personal_data_accesses");

            migrationBuilder.DropTable(
                name: "petitions");

            migrationBuilder.DropTable(
                name: "reception_sessions");

            migrationBuilder.DropTable(
                name: "rollup_marks");

            migrationBuilder.DropTable(
                name: "rollup_runs");

            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropTable(
                name: "targets");

            migrationBuilder.DropTable(
                name: "unit_successions");

            migrationBuilder.DropTable(
                name: "dialogues");

            migrationBuilder.DropTable(
                name: "api_clients");

            migrationBuilder.DropTable(
                name: "dossiers");

            migrationBuilder.DropTable(
                name: "procedures");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
