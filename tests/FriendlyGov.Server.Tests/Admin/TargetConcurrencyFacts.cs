using FriendlyGov.Data;
using FriendlyGov.Data.Demo;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Targets;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// One target per unit, indicator, year and quarter — the year's own (quarter empty) too, which a plain unique index
/// let through twice since it counts NULLs as distinct: the database refuses the second row, and admins saving the
/// same year target at once leave one row, the later write winning.
/// </summary>
public abstract class TargetConcurrencyFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Indicator = IndicatorCatalogue.SurveyCount;

    [Fact]
    public async Task TheDatabaseRefusesASecondRowForTheSameYearTarget()
    {
        await using var first = server.CreateContext();
        var unitId = await first.Units.Where(u => u.Code == DemoData.HoangKimCode).Select(u => u.Id).SingleAsync();
        first.Targets.Add(YearTarget(unitId, 2050, 10));
        await first.SaveChangesAsync();

        await using var second = server.CreateContext();
        second.Targets.Add(YearTarget(unitId, 2050, 11));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        Assert.True(DatabaseErrors.IsUniqueViolation(refused), refused.ToString());

        // A quarter's own target beside the year's is still a row of its own.
        second.ChangeTracker.Clear();
        second.Targets.Add(new Target { UnitId = unitId, IndicatorCode = Indicator, Year = 2050, Quarter = 1, Value = 3, Direction = TargetDirection.AtLeast });
        await second.SaveChangesAsync();
        Assert.Equal(2, await second.Targets.CountAsync(t => t.UnitId == unitId && t.Year == 2050));
    }

    [Fact]
    public async Task AdminsSettingTheSameYearTargetAtOnceLeaveOneRowAndEveryChangeInTheHistory()
    {
        const int Admins = 6;
        await Task.WhenAll(Enumerable.Range(0, Admins).Select(async i =>
        {
            await using var db = server.CreateContext();
            var scope = await RecordScope.LoadAsync(db, $"admin.{i}", DemoData.ProvinceCode, $"/{DemoData.ProvinceCode}/", canWrite: true, CancellationToken.None);
            await new TargetChanges(db, TimeProvider.System).SetAsync(scope.Find(DemoData.HoangKimCode)!, Indicator, 2051, null, 20 + i, TargetDirection.AtLeast, scope, CancellationToken.None);
        }));

        await using var check = server.CreateContext();
        var rows = await check.Targets.AsNoTracking().Where(t => t.Year == 2051 && t.IndicatorCode == Indicator).ToListAsync();
        var row = Assert.Single(rows);
        var history = await check.AuditEntries.AsNoTracking().Where(a => a.RecordType == TargetChanges.RecordType && a.RecordId == row.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(Admins, history.Count);
        Assert.Equal(Domain.Audit.AuditAction.Created, history[0].Action);
    }

    private static Target YearTarget(int unitId, int year, decimal value) =>
        new() { UnitId = unitId, IndicatorCode = Indicator, Year = year, Value = value, Direction = TargetDirection.AtLeast };
}

public sealed class SqliteTargetConcurrencyFacts(SqliteAdminServer server) : TargetConcurrencyFacts<SqliteAdminServer>(server);

public sealed class PostgresTargetConcurrencyFacts(PostgresAdminServer server) : TargetConcurrencyFacts<PostgresAdminServer>(server);
