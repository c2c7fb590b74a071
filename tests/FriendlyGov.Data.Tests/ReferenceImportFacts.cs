using System.Text;
using FriendlyGov.Data.Reference;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data.Tests;

/// <summary>`reference import` on an empty, freshly migrated database of each provider. Each test uses its own province codes.</summary>
public abstract class ReferenceImportFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    private const string UnitHeader = "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh,Hiệu lực từ,Hiệu lực đến,Mã đơn vị kế thừa,Căn cứ";
    private const string ProcedureHeader = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Dịch vụ công trực tuyến,Sự kiện hộ tịch";

    [Fact]
    public async Task TheShippedSamplesImportIntoAnEmptyDatabaseAndASecondImportChangesNothing()
    {
        var first = await ImportAsync(ReferenceFiles.Sample("units.csv"), ReferenceFiles.Sample("procedures.csv"));
        var second = await ImportAsync(ReferenceFiles.Sample("units.csv"), ReferenceFiles.Sample("procedures.csv"));

        Assert.Empty(first.Errors);
        Assert.Equal(["units.csv: 12 units (12 added, 0 changed, 0 unchanged); successions 8 added, 0 changed, 0 removed", "procedures.csv: 8 procedures (8 added, 0 changed, 0 unchanged)"], first.Summary);
        Assert.Equal(["units.csv: 12 units (0 added, 0 changed, 12 unchanged)", "procedures.csv: 8 procedures (0 added, 0 changed, 8 unchanged)"], second.Summary);
        await using var db = database.CreateContext();
        var hoangKim = await db.Units.SingleAsync(u => u.Code == "15958");
        Assert.Equal(("/38/388/15958/", UnitLevel.Commune, new DateOnly(2025, 7, 1)), (hoangKim.Path, hoangKim.Level, hoangKim.ValidTo));
        Assert.Equal(["16999"], await db.UnitSuccessions.Where(s => s.Predecessor!.Code == "15958").Select(s => s.Successor!.Code).ToListAsync());
        Assert.Equal("/38/16999/", (await db.Units.SingleAsync(u => u.Code == "16999")).Path);
        var birth = await db.Procedures.SingleAsync(p => p.Code == "1.001193");
        Assert.Equal((CivilEvent.Birth, OnlineCapability.FullyOnline, ProcedureLevels.Commune), (birth.CivilEvent, birth.OnlineCapability, birth.Levels));
        Assert.Equal(ProcedureLevels.District | ProcedureLevels.Commune, (await db.Procedures.SingleAsync(p => p.Code == "2.000815")).Levels);
    }

    [Fact]
    public async Task AnXlsxWorkbookWithCodesStoredAsNumbersAndDateCellsImportsLikeACsvFile()
    {
        var units = ReferenceFiles.Xlsx("don-vi.xlsx",
            ["Tỉnh / Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp", "Hiệu lực từ"],
            ["Thành phố Hà Nội", 1, "", "", "", "", "Thành phố Trung ương", new DateOnly(2008, 8, 1)],
            ["Thành phố Hà Nội", 1, "Quận Ba Đình", 1, "", "", "Quận", new DateOnly(2008, 8, 1)],
            ["Thành phố Hà Nội", 1, "Quận Ba Đình", 1, "Phường Phúc Xá", 1, "Phường", new DateOnly(2008, 8, 1)]);
        var procedures = ReferenceFiles.Xlsx("thu-tuc.xlsx",
            ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Dịch vụ công trực tuyến"],
            ["1.001022", "Đăng ký thường trú", "Đăng ký, quản lý cư trú", "Cấp Xã", "07 ngày làm việc", "Mức độ 4"]);

        var result = await ImportAsync(units, procedures);

        Assert.Empty(result.Errors);
        await using var db = database.CreateContext();
        var phucXa = await db.Units.SingleAsync(u => u.Code == "00001");
        Assert.Equal(("/01/001/00001/", "Phường Phúc Xá", new DateOnly(2008, 8, 1)), (phucXa.Path, phucXa.Name, phucXa.ValidFrom));
        var residence = await db.Procedures.SingleAsync(p => p.Code == "1.001022");
        Assert.Equal((7, OnlineCapability.FullyOnline, CivilEvent.None), (residence.ProcessingWorkingDays, residence.OnlineCapability, residence.CivilEvent));
    }

    [Fact]
    public async Task TheStatisticsOfficeListWithOneRowPerCommuneImpliesItsProvinceAndDistrict()
    {
        // Semicolon-separated with a byte-order mark, as a spreadsheet saves "CSV UTF-8" in a Vietnamese locale.
        var file = ReferenceFiles.Text("danh-sach-cap-xa.csv", """
            Tỉnh Thành Phố;Mã TP;Quận Huyện;Mã QH;Phường Xã;Mã PX;Cấp;Tên Tiếng Anh;Hiệu lực từ
            Tỉnh Cao Bằng;04;Thành phố Cao Bằng;040;Phường Sông Hiến;01264;Phường;;01/01/2012
            Tỉnh Cao Bằng;04;Thành phố Cao Bằng;040;Phường Sông Bằng;01267;Phường;;01/01/2010
            """, bom: true);

        var result = await ImportAsync(file, null);

        Assert.Empty(result.Errors);
        await using var db = database.CreateContext();
        var city = await db.Units.Include(u => u.Parent).SingleAsync(u => u.Code == "040");
        Assert.Equal(("Thành phố Cao Bằng", UnitLevel.District, "04", new DateOnly(2010, 1, 1), (DateOnly?)null), (city.Name, city.Level, city.Parent!.Code, city.ValidFrom, city.ValidTo));
        Assert.Equal("Tỉnh Cao Bằng", city.Parent.Name);
        Assert.Equal("/04/040/01264/", (await db.Units.SingleAsync(u => u.Code == "01264")).Path);
    }

    [Fact]
    public async Task AChangedNameUpdatesTheUnitAndTheProcedureInPlace()
    {
        var before = ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Hà Giang,02,,,,,Tỉnh,,01/01/2008,,,
            Tỉnh Hà Giang,02,,,Xã Lũng Cú,00700,Xã,,01/01/2008,,,
            """);
        var after = ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Hà Giang,02,,,,,Tỉnh,,01/01/2008,,,
            Tỉnh Hà Giang,02,,,Xã Lũng Cú mới,00700,Xã,,01/01/2008,,,
            """);
        var procedure = ReferenceFiles.Text("procedures.csv", $"""
            {ProcedureHeader}
            1.003583,Cấp bản sao từ sổ gốc,Chứng thực,Cấp Xã,Trong ngày,Một phần,
            """);
        var renamedProcedure = ReferenceFiles.Text("procedures.csv", $"""
            {ProcedureHeader}
            1.003583,Cấp bản sao từ sổ gốc (sửa đổi),Chứng thực,Cấp Xã,Trong ngày,Một phần,
            """);

        await ImportAsync(before, procedure);
        await using var db = database.CreateContext();
        var id = (await db.Units.SingleAsync(u => u.Code == "00700")).Id;
        var result = await ImportAsync(after, renamedProcedure);

        Assert.Equal(["units.csv: 2 units (0 added, 1 changed, 1 unchanged)", "procedures.csv: 1 procedures (0 added, 1 changed, 0 unchanged)"], result.Summary);
        var renamed = await db.Units.AsNoTracking().SingleAsync(u => u.Code == "00700");
        Assert.Equal((id, "Xã Lũng Cú mới"), (renamed.Id, renamed.Name));
        Assert.Equal("Cấp bản sao từ sổ gốc (sửa đổi)", (await db.Procedures.AsNoTracking().SingleAsync(p => p.Code == "1.003583")).Name);
    }

    [Fact]
    public async Task AUnitPlacedUnderAnotherParentIsRefusedAndNothingOfTheFileIsWritten()
    {
        await ImportAsync(ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Tuyên Quang,08,,,,,Tỉnh,,01/01/2008,,,
            Tỉnh Tuyên Quang,08,Huyện Lâm Bình,071,,,Huyện,,01/01/2008,,,
            Tỉnh Tuyên Quang,08,Huyện Lâm Bình,071,Xã Thượng Lâm,02213,Xã,,01/01/2008,,,
            """), null);

        var moved = await ImportAsync(ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Tuyên Quang,08,Huyện Na Hang,072,,,Huyện,,01/01/2008,,,
            Tỉnh Tuyên Quang,08,Huyện Na Hang,072,Xã Thượng Lâm,02213,Xã,,01/01/2008,,,
            Tỉnh Tuyên Quang,08,Huyện Na Hang,072,Xã Khuôn Hà,02216,Xã,,01/01/2008,,,
            """), null);

        var error = Assert.Single(moved.Errors);
        Assert.Equal(("units.csv", 3, "Mã QH"), (error.File, error.Row, error.Column));
        Assert.Contains("stored under 071, not 072: a unit never moves", error.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code == "072" || u.Code == "02216"));
        Assert.Equal("/08/071/02213/", (await db.Units.SingleAsync(u => u.Code == "02213")).Path);
    }

    [Fact]
    public async Task EveryBrokenRuleOfBothFilesIsReportedByFileRowAndColumnAndNothingIsWritten()
    {
        var units = ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Lào Cai,10,,,,,Tỉnh,,01/01/2008,,,
            Tỉnh Lào Cai,10,,,Xã Y Tý,02900,Xã,,31/02/2008,,,
            Tỉnh Lào Cai,10,,,Xã A Mú Sung,02903,Xã,,01/01/2008,,02999,
            Tỉnh Lào Cai,10,,,,02906,Xã,,01/01/2008,01/01/2007,,
            Tỉnh Lào Cai,10,,,Xã Trịnh Tường,02909,Huyện,,01/01/2008,,,
            """);
        var procedures = ReferenceFiles.Text("procedures.csv", $"""
            {ProcedureHeader}
            1.23,Thủ tục sai mã,Hộ tịch,Cấp Xã,1,Toàn trình,
            1.000001,Thủ tục hai lần,Hộ tịch,Cấp Xã,1,Toàn trình,
            1.000001,Thủ tục hai lần,Hộ tịch,Cấp Xã,mười ngày,Mức 9,Ly hôn
            """);

        var result = await ImportAsync(units, procedures);

        var found = result.Errors.Select(e => (e.File, e.Row, e.Column)).ToList();
        Assert.Contains(("units.csv", 3, "Hiệu lực từ"), found);
        Assert.Contains(("units.csv", 4, "Mã đơn vị kế thừa"), found);
        Assert.Contains(("units.csv", 5, "Phường Xã"), found);
        Assert.Contains(("units.csv", 5, "Hiệu lực đến"), found);
        Assert.Contains(("units.csv", 6, "Cấp"), found);
        Assert.Contains(("procedures.csv", 2, "Mã thủ tục"), found);
        Assert.Contains(("procedures.csv", 4, "Mã thủ tục"), found);
        Assert.Contains(("procedures.csv", 4, "Thời hạn giải quyết"), found);
        Assert.Contains(("procedures.csv", 4, "Dịch vụ công trực tuyến"), found);
        Assert.Contains(("procedures.csv", 4, "Sự kiện hộ tịch"), found);
        Assert.Equal("units.csv: row 3, column Hiệu lực từ: '31/02/2008' is not a date (dd/MM/yyyy)", result.Errors.First(e => e.Row == 3).ToString());
        await using var db = database.CreateContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code == "10"));
        Assert.False(await db.Procedures.AnyAsync(p => p.Code == "1.000001"));
    }

    [Fact]
    public async Task ASuccessorMustExistOnTheDayItTakesOverAndAUnitMustLieWithinItsParentsValidity()
    {
        var result = await ImportAsync(ReferenceFiles.Text("units.csv", $"""
            {UnitHeader}
            Tỉnh Điện Biên,11,,,,,Tỉnh,,01/01/2008,,,
            Tỉnh Điện Biên,11,Huyện Mường Nhé,096,,,Huyện,,01/01/2008,01/07/2025,,
            Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Sín Thầu,03151,Xã,,01/01/2008,,,
            Tỉnh Điện Biên,11,Huyện Mường Nhé,096,Xã Chung Chải,03154,Xã,,01/01/2008,01/07/2025,03199,Nghị quyết
            Tỉnh Điện Biên,11,,,Xã Mường Nhé,03199,Xã,,01/08/2025,,,
            """), null);

        Assert.Contains(result.Errors, e => (e.Row, e.Column) == (4, "Hiệu lực từ") && e.Message.Contains("outside its parent 096", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => (e.Row, e.Column) == (5, "Mã đơn vị kế thừa") && e.Message.Contains("does not exist on 01/07/2025", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileThatIsNotUtf8OrNotASpreadsheetIsOneClearError()
    {
        var latin = Path.Combine(Path.GetTempPath(), $"fg-ref-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(latin, [.. Encoding.UTF8.GetBytes("Mã TP,Tỉnh Thành Phố\n38,T"), 0xEC, 0x6E, 0x68, 0x0A]);
        var text = Path.Combine(Path.GetTempPath(), $"fg-ref-{Guid.NewGuid():N}.txt");
        File.WriteAllText(text, "38");

        Assert.Contains("is not UTF-8 text", ReferenceTable.Read(latin).Error!.Message, StringComparison.Ordinal);
        Assert.Contains("must be a .csv (UTF-8) or .xlsx file", ReferenceTable.Read(text).Error!.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", ReferenceTable.Read("/nonexistent/units.csv").Error!.Message, StringComparison.Ordinal);
    }

    private async Task<ReferenceImportResult> ImportAsync(string? units, string? procedures)
    {
        await using var db = database.CreateContext();
        return await ReferenceImport.ImportAsync(db, Table(units), Table(procedures));
    }

    private static ReferenceTable? Table(string? path) => path is null ? null : ReferenceTable.Read(path).Table ?? throw new InvalidOperationException(ReferenceTable.Read(path).Error!.ToString());
}

public sealed class ReferenceImportFactsOnSqlite(SqliteEmptyDatabase database) : ReferenceImportFacts<SqliteEmptyDatabase>(database);

public sealed class ReferenceImportFactsOnPostgres(PostgresEmptyDatabase database) : ReferenceImportFacts<PostgresEmptyDatabase>(database);

/// <summary>The sample files and the demo data seeded from them agree: importing the samples into the demo database changes nothing.</summary>
public abstract class ReferenceSampleFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    [Fact]
    public async Task ImportingTheShippedSamplesIntoTheSeededDemoDatabaseChangesNothing()
    {
        await using var db = database.CreateContext();
        var units = ReferenceTable.Read(ReferenceFiles.Sample("units.csv")).Table;
        var procedures = ReferenceTable.Read(ReferenceFiles.Sample("procedures.csv")).Table;

        var result = await ReferenceImport.ImportAsync(db, units, procedures);

        Assert.Empty(result.Errors);
        Assert.Equal(["units.csv: 12 units (0 added, 0 changed, 12 unchanged)", "procedures.csv: 8 procedures (0 added, 0 changed, 8 unchanged)"], result.Summary);
    }
}

public sealed class ReferenceSampleFactsOnSqlite(SqliteDemoDatabase database) : ReferenceSampleFacts<SqliteDemoDatabase>(database);

public sealed class ReferenceSampleFactsOnPostgres(PostgresDemoDatabase database) : ReferenceSampleFacts<PostgresDemoDatabase>(database);
