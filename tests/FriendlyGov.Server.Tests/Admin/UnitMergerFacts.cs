using System.Net;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// /admin/units "add a merger" on the demo data: Hoằng Giang and Hoằng Phú (the 2025 reform's new communes) close on
/// 1 October 2026 and a new commune takes them over. The refusals write nothing; the merger writes the validity, the
/// successions, the audit and the successor's rollup mark together; the closed units' quarters stay as they were and
/// the successor's trend reaches back to them.
/// </summary>
public abstract class UnitMergerFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Successor = "99500";
    private static readonly DateOnly MergerDay = new(2026, 10, 1);
    private static readonly Period BeforeMerger = new(2026, 3);
    private static readonly string[] Merged = [DemoData.NewHoangGiangCode, DemoData.NewHoangPhuCode];

    [Fact]
    public async Task AMergerThatBreaksARuleIsRefusedBesideItsFieldThenAGoodOneKeepsEachUnitsHistory()
    {
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.NewHoangGiangCode);
        var page = await province.PageAsync("/admin/units");
        var before = await StateAsync();

        await RefusedAsync(province, page, "Merger_PredecessorCodes", "đã hết hiệu lực từ 01/07/2025", Merger([DemoData.HoangKimCode], successor: DemoData.NewHoangPhuCode));
        await RefusedAsync(province, page, "Merger_SuccessorCode", "không kế thừa chính nó", Merger(Merged, successor: DemoData.NewHoangPhuCode));
        await RefusedAsync(province, page, "Merger_SuccessorCode", "không hoạt động vào ngày 01/10/2026", Merger([DemoData.NewHoangGiangCode], successor: DemoData.HoangKimCode));
        await RefusedAsync(province, page, "Merger_EffectiveOn", "dd/MM/yyyy", Merger(Merged, day: "31/02/2026"));
        await RefusedAsync(province, page, "Merger_NewCode", $"Đã có đơn vị mã {DemoData.HoangKimCode}", Merger(Merged, newCode: DemoData.HoangKimCode));
        await RefusedAsync(province, page, "Merger_Basis", "Nhập căn cứ", Merger(Merged, basis: ""));

        // A commune admin: the other commune does not exist for them, as predecessor or successor.
        var own = await commune.PageAsync("/admin/units");
        await RefusedAsync(commune, own, "Merger_PredecessorCodes", "trong phạm vi của bạn", Merger([DemoData.NewHoangPhuCode], successor: DemoData.NewHoangGiangCode));
        await RefusedAsync(commune, own, "Merger_SuccessorCode", "trong phạm vi của bạn", Merger([DemoData.NewHoangGiangCode], successor: DemoData.NewHoangPhuCode));
        Assert.Equal(before, await StateAsync());

        // The good merger, after the quarter before it was rolled up.
        await server.RollUpAsync(BeforeMerger);
        var quarterBefore = await SnapshotsAsync(Merged);
        using (var merged = await province.PostAsync("/admin/units?handler=Merge", Form(page, Merger(Merged))))
        {
            Assert.True(merged.StatusCode == HttpStatusCode.Redirect, await merged.Content.ReadAsStringAsync());
        }

        await using (var db = server.CreateContext())
        {
            var units = await db.Units.AsNoTracking().Where(u => Merged.Contains(u.Code) || u.Code == Successor).ToDictionaryAsync(u => u.Code);
            Assert.All(Merged, code => Assert.Equal(MergerDay, units[code].ValidTo));
            Assert.Equal((MergerDay, (DateOnly?)null, $"/{DemoData.ProvinceCode}/{Successor}/"), (units[Successor].ValidFrom, units[Successor].ValidTo, units[Successor].Path));
            var successions = await db.UnitSuccessions.AsNoTracking().Where(s => s.SuccessorId == units[Successor].Id).ToListAsync();
            Assert.Equal(Merged.Select(c => units[c].Id).Order(), successions.Select(s => s.PredecessorId).Order());
            Assert.All(successions, s => Assert.Equal((MergerDay, "Nghị quyết thử nghiệm"), (s.EffectiveOn, s.Basis)));
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == "unit" && a.Source!.StartsWith("merger:")).ToListAsync();
            Assert.Equal(Merged.Select(c => units[c].Id).Append(units[Successor].Id).Order(), audit.Select(a => (int)a.RecordId).Order());
            Assert.Contains(await db.RollupMarks.AsNoTracking().ToListAsync(), m => m.UnitId == units[Successor].Id && m.FromQuarter == 20264);
        }

        // The next rollups: the successor gets its quarters; the merged units' quarter before the merger is unchanged.
        await using (var db = server.CreateContext())
        {
            await new RollupService(db, new FixedClock(new DateTimeOffset(DemoData.AsOfUtc))).IncrementalAsync(null, CancellationToken.None);
        }

        await server.RollUpAsync(BeforeMerger);
        Assert.Equal(quarterBefore, await SnapshotsAsync(Merged));

        await using (var db = server.CreateContext())
        {
            var successor = await db.Units.AsNoTracking().SingleAsync(u => u.Code == Successor);
            var series = (await new IndicatorReads(db).SeriesAsync(successor, [IndicatorCatalogue.Get(IndicatorCatalogue.DossiersReceived)], [BeforeMerger, BeforeMerger.Next], includePredecessors: true, CancellationToken.None))[IndicatorCatalogue.DossiersReceived];
            var received = quarterBefore.Where(s => s.Indicator == IndicatorCatalogue.DossiersReceived).Sum(s => s.Numerator);
            Assert.True(received > 0);
            Assert.Equal((received, true), (series[0].Numerator, series[0].FromPredecessors));
            Assert.False(series[1].FromPredecessors);
        }

        var tree = await province.PageAsync("/admin/units");
        Assert.Contains($"({Successor}) từ 01/10/2026", tree.QuerySelector($"tr[data-unit='{DemoData.NewHoangPhuCode}']")!.TextContent, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Merger(string[] predecessors, string successor = "", string day = "01/10/2026", string newCode = Successor, string basis = "Nghị quyết thử nghiệm") =>
    [
        .. predecessors.Select(p => KeyValuePair.Create("Merger.PredecessorCodes", p)),
        new("Merger.EffectiveOn", day),
        new("Merger.SuccessorCode", successor),
        new("Merger.NewCode", newCode),
        new("Merger.NewName", "Xã Hoằng Hợp Nhất"),
        new("Merger.NewLevel", "Commune"),
        new("Merger.NewParentCode", DemoData.ProvinceCode),
        new("Merger.Basis", basis),
    ];

    private static FormUrlEncodedContent Form(IDocument page, List<KeyValuePair<string, string>> fields) =>
        new([.. fields, new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]);

    private static async Task RefusedAsync(HttpClient client, IDocument page, string field, string message, List<KeyValuePair<string, string>> fields)
    {
        using var response = await client.PostAsync("/admin/units?handler=Merge", Form(page, fields));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html[..Math.Min(html.Length, 2000)]);
        Assert.Contains(message, AdminSite.Parse(html).QuerySelector($"#{field}-error")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>What a refused merger must not touch: the units' validity, the successions, the audit and the rollup marks.</summary>
    private async Task<string> StateAsync()
    {
        await using var db = server.CreateContext();
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Id).Select(u => $"{u.Code}:{u.ValidFrom}:{u.ValidTo}").ToListAsync();
        return $"{string.Join(',', units)}|{await db.UnitSuccessions.CountAsync()}|{await db.AuditEntries.CountAsync()}|{await db.RollupMarks.CountAsync()}";
    }

    private async Task<List<(string Unit, string Indicator, decimal Numerator, decimal Denominator, decimal? Value, decimal? Target, bool? Met)>> SnapshotsAsync(string[] codes)
    {
        await using var db = server.CreateContext();
        var rows = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.PeriodKey == BeforeMerger.Key)
            .Join(db.Units.Where(u => codes.Contains(u.Code)), s => s.UnitId, u => u.Id, (s, u) => new { u.Code, s.IndicatorCode, s.Numerator, s.Denominator, s.Value, s.Target, s.Met })
            .ToListAsync();
        return [.. rows.Select(r => (r.Code, r.IndicatorCode, r.Numerator, r.Denominator, r.Value, r.Target, r.Met)).OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.IndicatorCode, StringComparer.Ordinal)];
    }
}

public sealed class SqliteUnitMergerFacts(SqliteAdminServer server) : UnitMergerFacts<SqliteAdminServer>(server);

public sealed class PostgresUnitMergerFacts(PostgresAdminServer server) : UnitMergerFacts<PostgresAdminServer>(server);
