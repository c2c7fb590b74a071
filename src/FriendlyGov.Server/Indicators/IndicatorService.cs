using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Sync;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Indicators;

/// <summary>Indicators against targets, read from the snapshots the rollups write; rollups on demand.</summary>
public sealed class IndicatorService(FriendlyGovDbContext db, IBackgroundJobClient jobs, TimeProvider clock) : Wire.IndicatorService.IndicatorServiceBase
{
    private const int MaxSeriesLength = 40;

    public override async Task<Wire.GetScorecardResponse> GetScorecard(Wire.GetScorecardRequest request, ServerCallContext context)
    {
        var unit = await UnitAsync(request.UnitCode, context);
        var period = PeriodOf(request.Period, "period");
        var snapshots = await SnapshotsAsync([unit.Id], [period.Key, period.Previous.Key], context.CancellationToken);
        var current = snapshots.Where(s => s.PeriodKey == period.Key).ToDictionary(s => s.IndicatorCode);
        if (current.Count == 0)
        {
            GrpcErrors.NotFound($"No rollup of {period} for unit {unit.Code} yet.");
        }

        var previous = snapshots.Where(s => s.PeriodKey == period.Previous.Key).ToDictionary(s => s.IndicatorCode);
        var response = new Wire.GetScorecardResponse { UnitCode = unit.Code, UnitName = unit.Name };
        response.Indicators.AddRange(IndicatorCatalogue.All.Where(i => current.ContainsKey(i.Code))
            .Select(i => ToWire(i, current[i.Code], previous.GetValueOrDefault(i.Code))));
        foreach (var group in Decision766Index.Score(current.ToDictionary(c => c.Key, c => c.Value.Value)))
        {
            var wire = new Wire.IndexGroup { Code = group.Code, NameVi = group.NameVi, NameEn = group.NameEn, MaxPoints = (double)group.MaxPoints, MissingCriteria = { group.Missing } };
            if (group.Points is { } points)
            {
                wire.Points = (double)points;
            }

            response.Decision766Groups.Add(wire);
        }

        return response;
    }

    public override async Task<Wire.GetSeriesResponse> GetSeries(Wire.GetSeriesRequest request, ServerCallContext context)
    {
        var unit = await UnitAsync(request.UnitCode, context);
        var indicator = IndicatorOf(request.IndicatorCode);
        var first = PeriodOf(request.FirstPeriod, "first_period");
        var last = PeriodOf(request.LastPeriod, "last_period");
        if (first.IsYear != last.IsYear || last.Key < first.Key)
        {
            GrpcErrors.InvalidArgument("last_period", "must be of the same kind as first_period and not before it");
        }

        var periods = new List<Period>();
        for (var p = first; p.Key <= last.Key && periods.Count <= MaxSeriesLength; p = p.Next)
        {
            periods.Add(p);
        }

        if (periods.Count > MaxSeriesLength)
        {
            GrpcErrors.InvalidArgument("last_period", $"a series holds at most {MaxSeriesLength} periods");
        }

        var predecessors = request.IncludePredecessors
            ? await db.UnitSuccessions.AsNoTracking().Where(s => s.SuccessorId == unit.Id).Select(s => s.PredecessorId).ToListAsync(context.CancellationToken)
            : [];
        var keys = periods.Select(p => p.Key).ToList();
        var snapshots = (await SnapshotsAsync([unit.Id, .. predecessors], keys, context.CancellationToken))
            .Where(s => s.IndicatorCode == indicator.Code).ToList();

        var response = new Wire.GetSeriesResponse();
        foreach (var period in periods)
        {
            var own = snapshots.SingleOrDefault(s => s.UnitId == unit.Id && s.PeriodKey == period.Key);
            var point = new Wire.SeriesPoint { Period = new Wire.Period { Year = period.Year, Quarter = period.Quarter }, TargetState = Wire.TargetState.NoTarget };
            if (own is not null && period.EndExclusive > unit.ValidFrom)
            {
                Fill(point, indicator, own.Numerator, own.Denominator, own.Target);
            }
            else if (predecessors.Count > 0)
            {
                // Before the unit existed: its predecessors' records, summed (Σ numerators / Σ denominators).
                var before = snapshots.Where(s => s.UnitId != unit.Id && s.PeriodKey == period.Key).ToList();
                if (before.Count > 0)
                {
                    Fill(point, indicator, before.Sum(s => s.Numerator), before.Sum(s => s.Denominator), own?.Target ?? before[0].Target);
                    point.FromPredecessors = true;
                }
            }

            response.Points.Add(point);
        }

        return response;
    }

    public override async Task<Wire.RankChildrenResponse> RankChildren(Wire.RankChildrenRequest request, ServerCallContext context)
    {
        var unit = await UnitAsync(request.UnitCode, context);
        var indicator = IndicatorOf(request.IndicatorCode);
        var period = PeriodOf(request.Period, "period");
        var children = await db.Units.AsNoTracking()
            .Where(u => u.ParentId == unit.Id && u.ValidFrom < period.EndExclusive && (u.ValidTo == null || u.ValidTo > period.FirstDay))
            .Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(context.CancellationToken);
        var ids = children.Select(c => c.Id).ToList();
        var snapshots = (await SnapshotsAsync(ids, [period.Key], context.CancellationToken))
            .Where(s => s.IndicatorCode == indicator.Code).ToDictionary(s => s.UnitId);

        var ranked = children
            .Select(c => (Child: c, Snapshot: snapshots.GetValueOrDefault(c.Id)))
            .OrderBy(c => c.Snapshot?.Value is null)
            .ThenBy(c => indicator.Better == Better.Lower ? c.Snapshot?.Value : -c.Snapshot?.Value)
            .ThenBy(c => c.Child.Code, StringComparer.Ordinal)
            .ToList();
        var response = new Wire.RankChildrenResponse();
        var withValue = ranked.Count(r => r.Snapshot?.Value is not null);
        for (var i = 0; i < ranked.Count; i++)
        {
            var (child, snapshot) = ranked[i];
            response.Units.Add(new Wire.RankedUnit
            {
                Rank = i < withValue ? i + 1 : withValue + 1,
                UnitCode = child.Code,
                UnitName = child.Name,
                Indicator = snapshot is null ? new Wire.IndicatorValue { IndicatorCode = indicator.Code, TargetState = Wire.TargetState.NoTarget } : ToWire(indicator, snapshot, null),
            });
        }

        return response;
    }

    public override async Task<Wire.StartRollupResponse> StartRollup(Wire.StartRollupRequest request, ServerCallContext context)
    {
        var unit = await UnitAsync(request.UnitCode, context);
        var period = PeriodOf(request.Period, "period");
        var run = await RollupJobs.EnqueueAsync(db, jobs, unit.Id, period, clock.GetUtcNow().UtcDateTime, context.CancellationToken);
        return new Wire.StartRollupResponse { RollupId = run.Id };
    }

    public override async Task<Wire.GetRollupResponse> GetRollup(Wire.GetRollupRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var run = await db.RollupRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.RollupId, context.CancellationToken);
        var unitPath = run?.UnitId is { } unitId ? await db.Units.Where(u => u.Id == unitId).Select(u => u.Path).SingleAsync(context.CancellationToken) : null;
        if (run is null || (unitPath is not null && !caller.SeesUnit(unitPath)))
        {
            GrpcErrors.NotFound($"No rollup {request.RollupId} in the client's unit subtree.");
        }

        return new Wire.GetRollupResponse
        {
            State = (Wire.RollupState)run.State,
            UnitsDone = run.UnitsDone,
            UnitsTotal = run.UnitsTotal,
            QueueTime = ProtoTime.ToTimestamp(run.QueuedAt),
            StartTime = ProtoTime.ToTimestamp(run.StartedAt),
            FinishTime = ProtoTime.ToTimestamp(run.FinishedAt),
            Error = run.Error ?? "",
        };
    }

    private static Wire.IndicatorValue ToWire(IndicatorDefinition indicator, IndicatorSnapshot snapshot, IndicatorSnapshot? previous)
    {
        var wire = new Wire.IndicatorValue
        {
            IndicatorCode = indicator.Code,
            NameVi = indicator.NameVi,
            NameEn = indicator.NameEn,
            Unit = (Wire.IndicatorUnit)((int)indicator.Unit + 1),
            LowerIsBetter = indicator.Better == Better.Lower,
            Numerator = (double)snapshot.Numerator,
            Denominator = (double)snapshot.Denominator,
            TargetState = snapshot.Met switch { true => Wire.TargetState.Met, false => Wire.TargetState.NotMet, null => Wire.TargetState.NoTarget },
            ComputeTime = Timestamp.FromDateTime(DateTime.SpecifyKind(snapshot.ComputedAt, DateTimeKind.Utc)),
        };
        if (snapshot.Value is { } value)
        {
            wire.Value = (double)value;
        }

        if (snapshot.Target is { } target)
        {
            wire.Target = (double)target;
        }

        if (previous?.Value is { } before)
        {
            wire.PreviousValue = (double)before;
        }

        return wire;
    }

    private static void Fill(Wire.SeriesPoint point, IndicatorDefinition indicator, decimal numerator, decimal denominator, decimal? target)
    {
        point.Numerator = (double)numerator;
        point.Denominator = (double)denominator;
        var value = indicator.ValueOf(numerator, denominator);
        if (value is not null)
        {
            point.Value = (double)value;
        }

        if (target is not null)
        {
            point.Target = (double)target;
            var met = indicator.Better == Better.Lower ? value <= target : value >= target;
            point.TargetState = value is null ? Wire.TargetState.NoTarget : met ? Wire.TargetState.Met : Wire.TargetState.NotMet;
        }
    }

    private Task<List<IndicatorSnapshot>> SnapshotsAsync(IReadOnlyCollection<int> units, IReadOnlyCollection<int> periodKeys, CancellationToken cancellationToken) =>
        db.IndicatorSnapshots.AsNoTracking().Where(s => units.Contains(s.UnitId) && periodKeys.Contains(s.PeriodKey)).ToListAsync(cancellationToken);

    private async Task<Domain.Units.AdministrativeUnit> UnitAsync(string unitCode, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var code = unitCode.Length == 0 ? caller.Client.Unit!.Code : unitCode;
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, context.CancellationToken);
        if (unit is null)
        {
            GrpcErrors.InvalidArgument("unit_code", $"no unit has the code '{code}'");
        }

        if (!caller.SeesUnit(unit.Path))
        {
            GrpcErrors.PermissionDenied($"Unit {code} is outside the client's unit subtree.");
        }

        return unit;
    }

    private static IndicatorDefinition IndicatorOf(string code)
    {
        if (!IndicatorCatalogue.TryGet(code, out var indicator))
        {
            GrpcErrors.InvalidArgument("indicator_code", $"no indicator has the code '{code}'");
        }

        return indicator;
    }

    private static Period PeriodOf(Wire.Period? period, string field)
    {
        if (period is null)
        {
            GrpcErrors.InvalidArgument(field, "is required");
        }

        Periods.QuarterKeys(period, field);
        return new Period(period.Year, period.Quarter);
    }
}
