using FriendlyGov.Server.Reference;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Reference;

/// <summary>`reference import` as an operator runs it: what it prints and its exit code, on an empty database of each provider.</summary>
public abstract class ReferenceCommandFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    [Fact]
    public async Task BrokenRowsArePrintedByFileRowAndColumnAndTheCommandFailsWithoutWriting()
    {
        var units = ReferenceFiles.Text("units.csv", """
            Tỉnh Thành Phố,Mã TP,Phường Xã,Mã PX,Hiệu lực từ
            Tỉnh Nghệ An,40,,,01/01/2008
            Tỉnh Nghệ An,40,Xã Châu Tiến,17000,1/13/2008
            """);
        var procedures = ReferenceFiles.Text("procedures.csv", """
            Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Dịch vụ công trực tuyến
            1.0001,Thủ tục,Hộ tịch,1,Toàn trình
            """);

        var (code, output) = await RunAsync("import", "--units", units, "--procedures", procedures);

        Assert.Equal(1, code);
        Assert.Equal(
        [
            "units.csv: row 3, column Hiệu lực từ: '1/13/2008' is not a date (dd/MM/yyyy)",
            "procedures.csv: row 2, column Mã thủ tục: must be a national procedure code such as 1.001193",
            "2 problems; nothing was imported.",
        ], output);
        await using var db = database.CreateContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code == "40"));
    }

    [Fact]
    public async Task TheShippedSamplesImportAndTheCommandSaysWhatItAdded()
    {
        var (code, output) = await RunAsync("import", "--procedures", ReferenceFiles.Sample("procedures.csv"));
        var (missing, usage) = await RunAsync("import");

        Assert.Equal(0, code);
        Assert.Equal(["procedures.csv: 8 procedures (8 added, 0 changed, 0 unchanged)"], output);
        Assert.Equal(1, missing);
        Assert.StartsWith("usage: reference import --units FILE --procedures FILE", Assert.Single(usage), StringComparison.Ordinal);
    }

    private async Task<(int Code, List<string> Output)> RunAsync(params string[] args)
    {
        await using var db = database.CreateContext();
        var output = new StringWriter();
        var code = await ReferenceCommand.RunAsync(db, args, output);
        return (code, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList());
    }
}

public sealed class ReferenceCommandFactsOnSqlite(SqliteEmptyDatabase database) : ReferenceCommandFacts<SqliteEmptyDatabase>(database);

public sealed class ReferenceCommandFactsOnPostgres(PostgresEmptyDatabase database) : ReferenceCommandFacts<PostgresEmptyDatabase>(database);
