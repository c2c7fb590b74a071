using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Targets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Indicators;

/// <summary>Indicators against targets, read from the snapshots the rollups write; rollups on demand.</summary>
public sealed class IndicatorService(FriendlyGovDbContext db, IndicatorReads reads, IBackgroundJobClient jobs, TimeProvider clock) : Wire.IndicatorService.IndicatorServiceBase
{
    public override async Task<Wire.GetScorecardResponse> GetScorecard(Wire.GetScorecardRequest request, ServerCallContext context)
    {
        var period = PeriodOf(request.Period, "period");
        var unit = await UnitAsync(request.UnitCode, context);
        var scorecard = await reads.ScorecardAsync(unit.Id, period, context.CancellationToken);
        if (scorecard.Count == 0)
        {
            GrpcErrors.NotFound($"No rollup of {period} for unit {unit.Code} yet.");
        }

        var closing = ScorecardClosing.Of(scorecard);
        var dataTo = ScorecardSummary.DataToOf(scorecard, period);
        var metrics = await TargetMetrics.ReadAsync(db, unit, period, context.CancellationToken);
        var response = new Wire.GetScorecardResponse
        {
            UnitCode = unit.Code,
            UnitName = unit.Name,
            CloseTime = ProtoTime.ToTimestamp(closing.ClosedAt),
            CorrectTime = ProtoTime.ToTimestamp(closing.CorrectedAt),
            DataThroughDate = ProtoTime.ToDate(dataTo),
        };
        response.Indicators.AddRange(scorecard.Select(e => ToWire(e.Indicator, e.Current, e.Previous, MetricOf(e, period, dataTo, metrics))));
        foreach (var group in Decision766Index.Score(scorecard.ToDictionary(e => e.Indicator.Code, e => e.Current.Value)))
        {
            var wire = new Wire.IndexGroup { Code = group.Code, NameVi = group.NameVi, NameEn = group.NameEn, MaxPoints = (double)group.MaxPoints, MissingCriteria = { group.Missing.Select(m => m.NameEn) } };
            if (group.Points is { } points)
            {
                wire.Points = (double)points;
            }

            response.Decision766Groups.Add(wire);
        }

        return response;
    }

    public override async Task<Wire.ListCheckInsResponse> ListCheckIns(Wire.ListCheckInsRequest request, ServerCallContext context)
    {
        var indicator = IndicatorOf(request.IndicatorCode);
        var period = PeriodOf(request.Period, "period");
        var pageSize = PageToken.PageSize(request.PageSize);
        var after = PageToken.After(request.PageToken, request, parts: 2);
        var unit = await UnitAsync(request.UnitCode, context);

        // Oldest first: keyset paging on (written_at, id), the order of TargetMetrics.CheckInsOf.
        var query = TargetMetrics.CheckInsOf(db, unit.Id, period).Where(c => c.IndicatorCode == indicator.Code);
        if (after is not null)
        {
            var (time, id) = (PageToken.Time(after[0]), PageToken.Id(after[1]));
            query = query.Where(c => c.WrittenAt > time || (c.WrittenAt == time && c.Id > id));
        }

        var page = await query.Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(pageSize).ToList();
        var response = new Wire.ListCheckInsResponse();
        response.CheckIns.AddRange(shown.Select(c =>
        {
            var of = Period.FromKey(c.PeriodKey);
            var wire = new Wire.CheckIn
            {
                Period = new Wire.Period { Year = of.Year, Quarter = of.Quarter },
                Status = ToWire(c.Status),
                Note = c.Note,
                Author = c.WrittenBy,
                CreateTime = ProtoTime.ToTimestamp(c.WrittenAt),
            };
            if (c.Value is { } value)
            {
                wire.Value = (double)value;
            }

            return wire;
        }));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Next(request, PageToken.Position(shown[^1].WrittenAt), shown[^1].Id.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<Wire.GetSeriesResponse> GetSeries(Wire.GetSeriesRequest request, ServerCallContext context)
    {
        var indicator = IndicatorOf(request.IndicatorCode);
        var first = PeriodOf(request.FirstPeriod, "first_period");
        var last = PeriodOf(request.LastPeriod, "last_period");
        if (first.IsYear != last.IsYear || last.Key < first.Key)
        {
            GrpcErrors.InvalidArgument("last_period", "must be of the same kind as first_period and not before it");
        }

        var periods = new List<Period>();
        for (var p = first; p.Key <= last.Key && periods.Count <= IndicatorReads.MaxSeriesLength; p = p.Next)
        {
            periods.Add(p);
        }

        if (periods.Count > IndicatorReads.MaxSeriesLength)
        {
            GrpcErrors.InvalidArgument("last_period", $"a series holds at most {IndicatorReads.MaxSeriesLength} periods");
        }

        var unit = await UnitAsync(request.UnitCode, context);
        var series = await reads.SeriesAsync(unit, [indicator], periods, request.IncludePredecessors, context.CancellationToken);
        var response = new Wire.GetSeriesResponse();
        response.Points.AddRange(series[indicator.Code].Select(ToWire));
        return response;
    }

    public override async Task<Wire.RankChildrenResponse> RankChildren(Wire.RankChildrenRequest request, ServerCallContext context)
    {
        var indicator = IndicatorOf(request.IndicatorCode);
        var period = PeriodOf(request.Period, "period");
        var unit = await UnitAsync(request.UnitCode, context);
        var response = new Wire.RankChildrenResponse();
        response.Units.AddRange((await reads.RankChildrenAsync(unit, indicator, period, context.CancellationToken)).Select(r => new Wire.RankedUnit
        {
            Rank = r.Rank,
            UnitCode = r.UnitCode,
            UnitName = r.UnitName,
            Indicator = r.Snapshot is null ? new Wire.IndicatorValue { IndicatorCode = indicator.Code, TargetState = Wire.TargetState.NoTarget } : ToWire(indicator, r.Snapshot, null, null),
        }));
        return response;
    }

    public override async Task<Wire.StartRollupResponse> StartRollup(Wire.StartRollupRequest request, ServerCallContext context)
    {
        var period = PeriodOf(request.Period, "period");
        var unit = await UnitAsync(request.UnitCode, context);
        var run = await RollupJobs.EnqueueAsync(db, jobs, unit.Id, period, clock.GetUtcNow().UtcDateTime, context.CancellationToken);
        return new Wire.StartRollupResponse { RollupId = run.Id };
    }

    public override async Task<Wire.GetRollupResponse> GetRollup(Wire.GetRollupRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules().Check(request.RollupId > 0, "rollup_id", "must be the positive id StartRollup returned"));
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

    private static Wire.IndicatorValue ToWire(IndicatorDefinition indicator, IndicatorSnapshot snapshot, IndicatorSnapshot? previous, Wire.TargetMetric? metric)
    {
        var wire = new Wire.IndicatorValue
        {
            IndicatorCode = indicator.Code,
            NameVi = indicator.NameVi,
            NameEn = indicator.NameEn,
            Unit = (Wire.IndicatorUnit)((int)indicator.Unit + 1),
#pragma warning disable CS0612 // Deprecated in the contract for direction, and still filled for the clients that read it.
            LowerIsBetter = indicator.Better == Better.Lower,
#pragma warning restore CS0612
            Direction = indicator.Better switch
            {
                Better.Higher => Wire.IndicatorDirection.HigherIsBetter,
                Better.Lower => Wire.IndicatorDirection.LowerIsBetter,
                _ => Wire.IndicatorDirection.Neutral,
            },
            Numerator = (double)snapshot.Numerator,
            Denominator = (double)snapshot.Denominator,
            TargetState = snapshot.Met switch { true => Wire.TargetState.Met, false => Wire.TargetState.NotMet, null => Wire.TargetState.NoTarget },
            ComputeTime = Timestamp.FromDateTime(DateTime.SpecifyKind(snapshot.ComputedAt, DateTimeKind.Utc)),
            Metric = metric,
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

    /// <summary>A target as the dashboard's card shows it (<see cref="TargetMetrics"/>); null without a target.</summary>
    private static Wire.TargetMetric? MetricOf(ScorecardEntry entry, Period period, DateOnly? dataTo, TargetMetrics metrics)
    {
        if (entry.Current.Target is null)
        {
            return null;
        }

        var progress = metrics.ProgressOf(entry, period, dataTo);
        var metric = new Wire.TargetMetric
        {
            Status = progress is null ? Wire.TargetStatus.NoValue : ToWire(progress.Status),
            Comparison = metrics.DirectionOf(entry.Indicator) == TargetDirection.AtMost ? Wire.TargetComparison.AtMost : Wire.TargetComparison.AtLeast,
            Owner = metrics.OwnerOf(entry.Indicator.Code) ?? "",
            CheckInCount = metrics.CheckIns[entry.Indicator.Code].Count(),
        };
        if (progress?.Projected is { } projected)
        {
            metric.ProjectedValue = (double)projected;
            metric.ProjectionMethod = TargetProgress.GrowsWithDays(entry.Indicator) ? Wire.ProjectionMethod.LinearInDays : Wire.ProjectionMethod.ValueToDate;
        }

        return metric;
    }

    private static Wire.TargetStatus ToWire(TargetStatus status) => status switch
    {
        TargetStatus.Met => Wire.TargetStatus.Met,
        TargetStatus.OnTrack => Wire.TargetStatus.OnTrack,
        TargetStatus.AtRisk => Wire.TargetStatus.AtRisk,
        TargetStatus.Behind => Wire.TargetStatus.Behind,
        TargetStatus.NotMet => Wire.TargetStatus.NotMet,
        _ => Wire.TargetStatus.Unspecified,
    };

    private static Wire.SeriesPoint ToWire(SeriesPoint point)
    {
        var wire = new Wire.SeriesPoint
        {
            Period = new Wire.Period { Year = point.Period.Year, Quarter = point.Period.Quarter },
            TargetState = point.Met switch { true => Wire.TargetState.Met, false => Wire.TargetState.NotMet, null => Wire.TargetState.NoTarget },
            FromPredecessors = point.FromPredecessors,
        };
        if (point.Numerator is null)
        {
            return wire;
        }

        wire.Numerator = (double)point.Numerator;
        wire.Denominator = (double)point.Denominator!;
        if (point.Value is { } value)
        {
            wire.Value = (double)value;
        }

        if (point.Target is { } target)
        {
            wire.Target = (double)target;
        }

        return wire;
    }

    private async Task<Domain.Units.AdministrativeUnit> UnitAsync(string unitCode, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules().UnitCode(unitCode, "unit_code"));
        var code = unitCode.Length == 0 ? caller.Client.Unit!.Code : unitCode;
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, context.CancellationToken);
        if (unit is null)
        {
            GrpcErrors.InvalidArgument("unit_code", $"no unit has the code {code}");
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
            // The code is not echoed: it may be anything, of any length.
            GrpcErrors.InvalidArgument("indicator_code", "is not the code of an indicator of the catalogue, such as dossiers.on_time_share");
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
