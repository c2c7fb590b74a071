using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FriendlyGov.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChangePositionsSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Writers draw change positions from a sequence instead of the one locked counter row (see
            // ChangeFeedSequence); it goes on where the counter stopped, so resume tokens stay valid. The
            // row stays in the shared model for SQLite and is no longer read or written here.
            migrationBuilder.Sql("""
                CREATE SEQUENCE change_positions AS bigint;
                SELECT setval('change_positions', greatest(last_sequence, 1), last_sequence > 0) FROM change_counter WHERE id = 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE change_counter SET last_sequence = (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_positions) WHERE id = 1;
                DROP SEQUENCE change_positions;
                """);
        }
    }
}
