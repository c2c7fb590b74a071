using System.Collections.Concurrent;
using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Data.Imports;
using FriendlyGov.Domain;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Workspace;

/// <summary>Rows done of the imports this server is working on, for the progress bar (the state itself is in the database).</summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<long, (int Done, int Total)> _runs = new();

    public void Report(long id, int done, int total) => _runs[id] = (done, total);

    public void Forget(long id) => _runs.TryRemove(id, out _);

    public (int Done, int Total)? Of(long id) => _runs.TryGetValue(id, out var progress) ? progress : null;
}

/// <summary>
/// The background half of an import: the check (every row read and checked, the report stored)
/// and, once the user has confirmed the preview, the write: every record of the file in one
/// transaction with its audit entry and rollup mark, or nothing. Both read the stored file again,
/// so the records written are exactly those of the preview.
/// </summary>
public sealed class ImportJobs(FriendlyGovDbContext db, IEnumerable<IRecordImporter> importers, ImportProgress progress, TimeProvider clock, ILogger<ImportJobs> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [AutomaticRetry(Attempts = 0)]
    public async Task CheckAsync(long id, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.SingleAsync(r => r.Id == id, cancellationToken);
        try
        {
            var (report, _) = await CheckRunAsync(run, cancellationToken);
            run.State = report.Problems.Count > 0 ? ImportState.Invalid : ImportState.Checked;
            run.RowsTotal = report.Preview.Count > 0 ? report.Preview.Count : run.RowsTotal;
            run.Report = JsonSerializer.Serialize(report, Json);
            if (run.State == ImportState.Invalid)
            {
                run.Content = [];
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Import {Id} could not be checked", id);
            run.State = ImportState.Failed;
            run.Content = [];
        }

        run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        progress.Forget(id);
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task WriteAsync(long id, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.SingleAsync(r => r.Id == id, cancellationToken);
        if (run.State != ImportState.Writing)
        {
            return;
        }

        var (report, records) = await CheckRunAsync(run, cancellationToken);
        try
        {
            if (report.Problems.Count > 0)
            {
                run.State = ImportState.Invalid;
                run.Report = JsonSerializer.Serialize(report, Json);
            }
            else
            {
                // The run is marked done in the records' own transaction: never written twice, never done without them.
                var scope = await ScopeAsync(run, cancellationToken);
                run.State = ImportState.Done;
                run.RecordsWritten = records.Count;
                run.Content = [];
                run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
                await ImporterOf(run).WriteAsync(db, [.. records.Select(r => r.Record)], run.UserName, $"import: {run.FileName}", scope.CodeOf, clock, cancellationToken);
                progress.Forget(id);
                return;
            }
        }
        catch (DomainValidationException e)
        {
            logger.LogWarning(e, "Import {Id} was refused on save", id);
            db.ChangeTracker.Clear();
            run = await db.ImportRuns.SingleAsync(r => r.Id == id, cancellationToken);
            run.State = ImportState.Failed;
        }

        run.Content = [];
        run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        progress.Forget(id);
    }

    private async Task<(ImportReport Report, IReadOnlyList<BuiltRecord> Records)> CheckRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var importer = ImporterOf(run);
        var scope = await ScopeAsync(run, cancellationToken);
        var calendar = await HolidayTable.LoadAsync(db, cancellationToken);
        return RecordImport.Check(importer, run.FileName, run.Content, scope, calendar, (done, total) => progress.Report(run.Id, done, total));
    }

    private IRecordImporter ImporterOf(ImportRun run) => importers.Single(i => i.RecordType == run.RecordType);

    private async Task<RecordScope> ScopeAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var ownCode = run.SubtreePath.TrimEnd('/')[(run.SubtreePath.TrimEnd('/').LastIndexOf('/') + 1)..];
        return await RecordScope.LoadAsync(db, run.UserName, ownCode, run.SubtreePath, canWrite: true, cancellationToken);
    }
}
