using System.Diagnostics;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Sync;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Model = FriendlyGov.Domain.Surveys;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Surveys;

/// <summary>Satisfaction surveys (phiếu khảo sát) synced with the portal: upsert, bulk sync, get, list.</summary>
public sealed class SurveyService(FriendlyGovDbContext db, FriendlyGovMetrics metrics) : Wire.SurveyService.SurveyServiceBase
{
    private const string RecordType = "survey";

    public override async Task<Wire.UpsertSurveysResponse> UpsertSurveys(Wire.UpsertSurveysRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var caller = Caller.Of(context);
        SyncBatch.CheckSize(request.Records.Count);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var batch = await MapBatchAsync(request.Records, codes, caller, context.CancellationToken);
        batch.Violations.ThrowIfAny(request.Records.Count);

        var results = Named(await RecordUpsert.ApplyAsync(db, new SurveyTarget(), batch.Records, caller, codes, request.ValidateOnly, 0, context.CancellationToken), request.Records);
        if (!request.ValidateOnly)
        {
            metrics.SyncBatch(RecordType, results, Stopwatch.GetElapsedTime(started));
        }

        RecordUpsert.ThrowIfRefused(results);
        var response = new Wire.UpsertSurveysResponse { Totals = new Wire.UpsertTotals() };
        response.Results.AddRange(results);
        RecordUpsert.Count(response.Totals, results);
        return response;
    }

    public override async Task<Wire.SyncSurveysResponse> SyncSurveys(IAsyncStreamReader<Wire.SyncSurveysRequest> requestStream, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var response = new Wire.SyncSurveysResponse { Totals = new Wire.UpsertTotals() };
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            SyncBatch.CheckSize(request.Records.Count);
            var results = await SyncBatch.ApplyAsync(response.BatchCount, async () =>
            {
                var batch = await MapBatchAsync(request.Records, codes, caller, context.CancellationToken);
                return Named(batch.Violations.Any
                    ? SyncBatch.Rejected(request.Records.Select(r => r.Key), batch.Violations, response.BatchCount)
                    : await RecordUpsert.ApplyAsync(db, new SurveyTarget(), batch.Records, caller, codes, validateOnly: false, response.BatchCount, context.CancellationToken), request.Records);
            });
            metrics.SyncBatch(RecordType, results, Stopwatch.GetElapsedTime(started));
            RecordUpsert.Count(response.Totals, results);
            response.ResultsTruncated |= SyncBatch.KeepReported(response.Results, results, Dossiers.DossierService.MaxSyncResults);
            response.BatchCount++;
        }

        return response;
    }

    public override async Task<Wire.GetSurveyResponse> GetSurvey(Wire.GetSurveyRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules().SourceSystem(request.SourceSystem).Identifier(request.Key, "key", Model.SatisfactionSurvey.MaxKeyLength));

        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var found = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.SourceSystem == request.SourceSystem && s.Key == request.Key, context.CancellationToken);
        if (found is null || !caller.SeesUnit(codes.UnitsById[found.UnitId].Path))
        {
            GrpcErrors.NotFound($"No survey {request.SourceSystem}/{request.Key} in the client's unit subtree.");
        }

        return new Wire.GetSurveyResponse { Survey = SurveyMapping.ToWire(found, codes) };
    }

    public override async Task<Wire.ListSurveysResponse> ListSurveys(Wire.ListSurveysRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var filters = new Rules()
            .UnitCode(request.UnitCode, "unit_code")
            .DossierCode(request.DossierCode, "dossier_code")
            .Values(request.Channels, "channels");
        GrpcErrors.ThrowIfAny(request.SourceSystem.Length == 0 ? filters : filters.SourceSystem(request.SourceSystem));
        var pageSize = PageToken.PageSize(request.PageSize);
        var after = PageToken.After(request.PageToken, request, parts: 3);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var path = SubtreeFilter.PathFor(caller, codes, request.UnitCode);

        // Oldest surveyed first, then by source system and key: keyset paging on those three.
        var query = db.Surveys.AsNoTracking().Where(s => s.Unit!.Path.StartsWith(path));
        if (after is not null)
        {
            var (time, system, key) = (PageToken.Time(after[0]), after[1], after[2]);
            query = query.Where(s => s.SurveyedAt > time || (s.SurveyedAt == time
                && (string.Compare(s.SourceSystem, system) > 0 || (s.SourceSystem == system && string.Compare(s.Key, key) > 0))));
        }

        if (request.Period is { } period)
        {
            var (first, last) = Periods.QuarterKeys(period, "period");
            query = query.Where(s => s.SurveyedQuarter >= first && s.SurveyedQuarter <= last);
        }
        else if (request.SurveyedTimeRange is { } range)
        {
            var (start, end) = Periods.Range(range, "surveyed_time_range");
            query = query.Where(s => s.SurveyedAt >= start && s.SurveyedAt < end);
        }

        if (request.Channels.Count > 0)
        {
            var channels = request.Channels.Select(c => (Model.SurveyChannel)c).ToList();
            query = query.Where(s => channels.Contains(s.Channel));
        }

        if (request.DossierCode.Length > 0)
        {
            query = query.Where(s => s.DossierCode == request.DossierCode);
        }

        if (request.SourceSystem.Length > 0)
        {
            query = query.Where(s => s.SourceSystem == request.SourceSystem);
        }

        var page = await query.OrderBy(s => s.SurveyedAt).ThenBy(s => s.SourceSystem).ThenBy(s => s.Key).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Wire.ListSurveysResponse();
        var shown = page.Take(pageSize).ToList();
        response.Surveys.AddRange(shown.Select(s => SurveyMapping.ToWire(s, codes)));
        if (page.Count > pageSize)
        {
            var last = shown[^1];
            response.NextPageToken = PageToken.Next(request, PageToken.Position(last.SurveyedAt), last.SourceSystem, last.Key);
        }

        return response;
    }

    /// <summary>A survey's key names it only with its source system: each result carries both.</summary>
    private static List<Wire.UpsertResult> Named(List<Wire.UpsertResult> results, Google.Protobuf.Collections.RepeatedField<Wire.Survey> records)
    {
        foreach (var result in results)
        {
            result.SourceSystem = SyncBatch.Echoed(records[result.Index].SourceSystem);
        }

        return results;
    }

    /// <summary>Maps and checks a batch of 1 to 1000 records: every broken rule of every record, counted, the first ones named by field path.</summary>
    private async Task<(List<IncomingRecord<Model.SatisfactionSurvey>> Records, BatchViolations Violations)> MapBatchAsync(
        Google.Protobuf.Collections.RepeatedField<Wire.Survey> records, ReferenceCodes codes, Caller caller, CancellationToken cancellationToken)
    {
        // Only codes that can be dossier codes reach the query; the others break the survey's rules.
        var dossierCodes = records.Select(r => r.DossierCode).Where(Domain.Dossiers.Dossier.IsWellFormedCode).Distinct().ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => dossierCodes.Contains(d.Code))
            .Select(d => new { d.Code, d.Id, d.UnitId }).ToListAsync(cancellationToken);
        var visible = dossiers.Where(d => caller.SeesUnit(codes.UnitsById[d.UnitId].Path)).ToDictionary(d => d.Code, d => d.Id, StringComparer.Ordinal);

        var violations = new BatchViolations();
        var mapped = new List<IncomingRecord<Model.SatisfactionSurvey>>(records.Count);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (!seen.Add((records[i].SourceSystem, records[i].Key)))
            {
                violations.Add(i, [new FieldError("key", "appears more than once in the batch for its source_system")]);
            }

            var (survey, errors) = SurveyMapping.ToDomain(records[i], codes, visible, caller, $"records[{i}].");
            violations.Add(i, errors);
            mapped.Add(new IncomingRecord<Model.SatisfactionSurvey>(i, records[i].Key, survey));
        }

        return (mapped, violations);
    }

    private sealed class SurveyTarget : IUpsertTarget<Model.SatisfactionSurvey>
    {
        public string MatchKey(Model.SatisfactionSurvey record) => record.SourceSystem + "\u001f" + record.Key;

        public Task LockAsync(FriendlyGovDbContext db, IReadOnlyList<Model.SatisfactionSurvey> records, CancellationToken cancellationToken) =>
            records.Any(WaitsForItsDossier) ? SurveyLinks.HoldForPendingSurveysAsync(db, cancellationToken) : Task.CompletedTask;

        public string KeyField => "key";

        public string KeyHeldOutsideSubtree => "the source_system and key belong to a record outside the client's unit subtree";

        public async Task<Dictionary<string, Model.SatisfactionSurvey>> LoadStoredAsync(FriendlyGovDbContext db, IReadOnlyList<Model.SatisfactionSurvey> records, CancellationToken cancellationToken)
        {
            var stored = new Dictionary<string, Model.SatisfactionSurvey>(StringComparer.Ordinal);

            // One query per source system (a batch usually has one), so the (source_system, key) index serves it.
            foreach (var group in records.GroupBy(r => r.SourceSystem))
            {
                var keys = group.Select(r => r.Key).ToArray();
                var matching = db.Provider == DatabaseProvider.PostgreSql
                    ? db.Surveys.FromSql($"SELECT * FROM surveys WHERE source_system = {group.Key} AND key = ANY({keys}) ORDER BY key FOR UPDATE")
                    : db.Surveys.Where(s => s.SourceSystem == group.Key && keys.Contains(s.Key));
                foreach (var survey in await matching.AsNoTracking().ToListAsync(cancellationToken))
                {
                    stored[MatchKey(survey)] = survey;
                }
            }

            return stored;
        }

        public void PrepareReplacement(Model.SatisfactionSurvey stored, Model.SatisfactionSurvey incoming) => incoming.Id = stored.Id;

        public async Task WriteAsync(FriendlyGovDbContext db, IReadOnlyList<Model.SatisfactionSurvey> created, IReadOnlyList<Model.SatisfactionSurvey> replaced, CancellationToken cancellationToken)
        {
            await RecordUpsert.WriteWithEntityFrameworkAsync(db, created, replaced, cancellationToken);
            await SurveyLinks.LinkAsync(db, [.. created.Concat(replaced).Where(WaitsForItsDossier).Select(s => s.DossierCode!).Distinct()], cancellationToken);
        }

        /// <summary>Names a dossier that was not found (or not in the sender's subtree) when the batch was mapped.</summary>
        private static bool WaitsForItsDossier(Model.SatisfactionSurvey survey) => survey.DossierId is null && survey.DossierCode is not null;
    }
}
