using System.Diagnostics;
using FriendlyGov.Data;
using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Surveys;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Sync;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Model = FriendlyGov.Domain.Dossiers;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Dossiers;

/// <summary>Dossiers (hồ sơ) synced with the provincial portal: upsert, bulk sync, get, list.</summary>
public sealed class DossierService(FriendlyGovDbContext db, FriendlyGovMetrics metrics) : Wire.DossierService.DossierServiceBase
{
    public const int MaxSyncResults = 10_000;
    private const string RecordType = "dossier";

    public override async Task<Wire.UpsertDossiersResponse> UpsertDossiers(Wire.UpsertDossiersRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var caller = Caller.Of(context);
        SyncBatch.CheckSize(request.Records.Count);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var batch = MapBatch(request.Records, codes, caller);
        batch.Violations.ThrowIfAny(request.Records.Count);

        var results = await RecordUpsert.ApplyAsync(db, new DossierTarget(), batch.Records, caller, codes, request.ValidateOnly, 0, context.CancellationToken);
        if (!request.ValidateOnly)
        {
            metrics.SyncBatch(RecordType, results, Stopwatch.GetElapsedTime(started));
        }

        RecordUpsert.ThrowIfRefused(results);
        var response = new Wire.UpsertDossiersResponse { Totals = new Wire.UpsertTotals() };
        response.Results.AddRange(results);
        RecordUpsert.Count(response.Totals, results);
        return response;
    }

    public override async Task<Wire.SyncDossiersResponse> SyncDossiers(IAsyncStreamReader<Wire.SyncDossiersRequest> requestStream, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var response = new Wire.SyncDossiersResponse { Totals = new Wire.UpsertTotals() };
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            SyncBatch.CheckSize(request.Records.Count);
            var results = await SyncBatch.ApplyAsync(response.BatchCount, async () =>
            {
                var batch = MapBatch(request.Records, codes, caller);
                return batch.Violations.Any
                    ? SyncBatch.Rejected(request.Records.Select(r => r.Code), batch.Violations, response.BatchCount)
                    : await RecordUpsert.ApplyAsync(db, new DossierTarget(), batch.Records, caller, codes, validateOnly: false, response.BatchCount, context.CancellationToken);
            });
            metrics.SyncBatch(RecordType, results, Stopwatch.GetElapsedTime(started));
            RecordUpsert.Count(response.Totals, results);
            response.ResultsTruncated |= SyncBatch.KeepReported(response.Results, results, MaxSyncResults);
            response.BatchCount++;
        }

        return response;
    }

    public override async Task<Wire.GetDossierResponse> GetDossier(Wire.GetDossierRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules().Check(request.Code.Length > 0, "code", "is required").DossierCode(request.Code, "code"));

        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == request.Code, context.CancellationToken);

        // Outside the subtree is NOT_FOUND too: a read never reveals that another unit's record exists.
        if (dossier is null || !caller.SeesUnit(codes.UnitsById[dossier.UnitId].Path))
        {
            GrpcErrors.NotFound($"No dossier {request.Code} in the client's unit subtree.");
        }

        await LogPersonalDataAsync(caller, [dossier], context);
        return new Wire.GetDossierResponse { Dossier = DossierMapping.ToWire(dossier, codes, caller.Has(ClientScopes.PersonalData)) };
    }

    public override async Task<Wire.ListDossiersResponse> ListDossiers(Wire.ListDossiersRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        GrpcErrors.ThrowIfAny(new Rules()
            .UnitCode(request.UnitCode, "unit_code")
            .ProcedureCode(request.ProcedureCode, "procedure_code")
            .Values(request.Statuses, "statuses")
            .Values(request.Channels, "channels"));
        var pageSize = PageToken.PageSize(request.PageSize);
        var after = PageToken.After(request.PageToken, request, parts: 2);
        var codes = await ReferenceCodes.LoadAsync(db, context.CancellationToken);
        var path = SubtreeFilter.PathFor(caller, codes, request.UnitCode);

        // Oldest received first, then by code: keyset paging on (received_at, code).
        var query = db.Dossiers.AsNoTracking().Where(d => d.Unit!.Path.StartsWith(path));
        if (after is not null)
        {
            var (time, code) = (PageToken.Time(after[0]), after[1]);
            query = query.Where(d => d.ReceivedAt > time || (d.ReceivedAt == time && string.Compare(d.Code, code) > 0));
        }

        if (request.Period is { } period)
        {
            var (first, last) = Periods.QuarterKeys(period, "period");
            query = query.Where(d => d.ReceivedQuarter >= first && d.ReceivedQuarter <= last);
        }
        else if (request.ReceivedTimeRange is { } range)
        {
            var (start, end) = Periods.Range(range, "received_time_range");
            query = query.Where(d => d.ReceivedAt >= start && d.ReceivedAt < end);
        }

        if (request.Statuses.Count > 0)
        {
            var statuses = request.Statuses.Select(s => (Model.DossierStatus)s).ToList();
            query = query.Where(d => statuses.Contains(d.Status));
        }

        if (request.Channels.Count > 0)
        {
            var channels = request.Channels.Select(c => (Model.DossierChannel)c).ToList();
            query = query.Where(d => channels.Contains(d.Channel));
        }

        if (request.ProcedureCode.Length > 0)
        {
            if (!codes.ProceduresByCode.TryGetValue(request.ProcedureCode, out var procedure))
            {
                GrpcErrors.InvalidArgument("procedure_code", $"no procedure has the code {request.ProcedureCode}");
            }

            query = query.Where(d => d.ProcedureId == procedure.Id);
        }

        var page = await query.OrderBy(d => d.ReceivedAt).ThenBy(d => d.Code).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Wire.ListDossiersResponse();
        var shown = page.Take(pageSize).ToList();
        response.Dossiers.AddRange(shown.Select(d => DossierMapping.ToWire(d, codes, caller.Has(ClientScopes.PersonalData))));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Next(request, PageToken.Position(shown[^1].ReceivedAt), shown[^1].Code);
        }

        await LogPersonalDataAsync(caller, shown, context);
        return response;
    }

    /// <summary>Maps and checks a batch of 1 to 1000 records: every broken rule of every record, counted, the first ones named by field path.</summary>
    public static (List<IncomingRecord<Model.Dossier>> Records, BatchViolations Violations) MapBatch(IList<Wire.Dossier> records, ReferenceCodes codes, Caller caller)
    {
        var violations = new BatchViolations();
        var mapped = new List<IncomingRecord<Model.Dossier>>(records.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (!seen.Add(records[i].Code))
            {
                violations.Add(i, [new FieldError("code", "appears more than once in the batch")]);
            }

            var (dossier, errors) = DossierMapping.ToDomain(records[i], codes, caller, $"records[{i}].");
            violations.Add(i, errors);
            mapped.Add(new IncomingRecord<Model.Dossier>(i, records[i].Code, dossier));
        }

        return (mapped, violations);
    }

    private async Task LogPersonalDataAsync(Caller caller, IReadOnlyCollection<Model.Dossier> dossiers, ServerCallContext context)
    {
        if (caller.Has(ClientScopes.PersonalData))
        {
            PersonalData.LogReads(db, caller, RecordType, dossiers.Where(DossierMapping.HasPersonalData).Select(d => d.Code), context.Method);
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }

    private sealed class DossierTarget : IUpsertTarget<Model.Dossier>
    {
        public string MatchKey(Model.Dossier record) => record.Code;

        public Task LockAsync(FriendlyGovDbContext db, IReadOnlyList<Model.Dossier> records, CancellationToken cancellationToken) =>
            SurveyLinks.HoldForDossiersAsync(db, cancellationToken);

        public string KeyField => "code";

        public string KeyHeldOutsideSubtree => "the code belongs to a record outside the client's unit subtree";

        public Task<Dictionary<string, Model.Dossier>> LoadStoredAsync(FriendlyGovDbContext db, IReadOnlyList<Model.Dossier> records, CancellationToken cancellationToken)
        {
            var codes = records.Select(r => r.Code).ToArray();
            var stored = db.Provider == DatabaseProvider.PostgreSql
                ? db.Dossiers.FromSql($"SELECT * FROM dossiers WHERE code = ANY({codes}) ORDER BY code FOR UPDATE")
                : db.Dossiers.Where(d => codes.Contains(d.Code));
            return stored.AsNoTracking().ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);
        }

        public void PrepareReplacement(Model.Dossier stored, Model.Dossier incoming)
        {
            incoming.Id = stored.Id;
            if (!DossierMapping.HasPersonalData(incoming))
            {
                incoming.Applicant = stored.Applicant;
            }
        }

        public async Task WriteAsync(FriendlyGovDbContext db, IReadOnlyList<Model.Dossier> created, IReadOnlyList<Model.Dossier> replaced, CancellationToken cancellationToken)
        {
            await (db.Provider == DatabaseProvider.PostgreSql
                ? DossierBulkWriter.UpsertAsync(db, created, replaced, cancellationToken)
                : RecordUpsert.WriteWithEntityFrameworkAsync(db, created, replaced, cancellationToken));
            await SurveyLinks.LinkAsync(db, [.. created.Concat(replaced).Select(d => d.Code)], cancellationToken);
        }
    }
}
