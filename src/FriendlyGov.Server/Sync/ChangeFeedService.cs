using System.Globalization;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Dossiers;
using FriendlyGov.Server.Surveys;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// The change feed: dossiers and surveys in change-sequence order (commit order, see
/// <see cref="ChangeFeedSequence"/>) after a resume token, then, when following, new changes as
/// they commit. Each record is sent once, at its latest change, as it is now.
/// </summary>
public sealed class ChangeFeedService(FriendlyGovDbContext db) : Wire.ChangeFeedService.ChangeFeedServiceBase
{
    public const int PageSize = 1000;
    private const int MaxResumeTokenLength = 256;
    private const string NotSentHere = "is not a token this change feed sent";
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinHeartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxHeartbeat = TimeSpan.FromMinutes(5);
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    public override async Task WatchChanges(Wire.WatchChangesRequest request, IServerStreamWriter<Wire.WatchChangesResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await StreamAsync(request, responseStream, context);
        }
        catch (Exception e) when (context.CancellationToken.IsCancellationRequested && e is OperationCanceledException or InvalidOperationException)
        {
            // The client went away (cancel, deadline, disconnect): an ordinary end of a stream, not a server error.
        }
    }

    private async Task StreamAsync(Wire.WatchChangesRequest request, IServerStreamWriter<Wire.WatchChangesResponse> responseStream, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var cancellationToken = context.CancellationToken;
        var (after, heartbeat) = CheckRequest(request);
        var (dossiers, surveys) = RecordTypes(request, caller);
        var codes = await ReferenceCodes.LoadAsync(db, cancellationToken);
        var path = SubtreeFilter.PathFor(caller, codes, request.UnitCode);
        var units = SubtreeUnits(codes, path);
        if (after > await db.ChangeCounters.AsNoTracking().Select(c => c.LastSequence).SingleAsync(cancellationToken))
        {
            GrpcErrors.InvalidArgument("resume_token", NotSentHere); // a position no commit has reached yet
        }

        var personal = caller.Has(ClientScopes.PersonalData);
        var lastHeartbeat = DateTime.MinValue;

        while (!cancellationToken.IsCancellationRequested)
        {
            // Everything up to the committed counter value is committed, and nothing can commit below it later.
            var committed = await db.ChangeCounters.AsNoTracking().Select(c => c.LastSequence).SingleAsync(cancellationToken);
            var page = await ReadPageAsync(after, committed, units, dossiers, surveys, cancellationToken);
            if (codes.UnitsById.Count != await db.Units.CountAsync(cancellationToken))
            {
                // A unit was created since the stream began: it may belong to the subtree.
                codes = await ReferenceCodes.LoadAsync(db, cancellationToken);
                units = SubtreeUnits(codes, path);
            }

            // Buffer a page's messages and flush once, at its last one.
            for (var i = 0; i < page.Count; i++)
            {
                var change = page[i];
                var message = new Wire.Change
                {
                    ResumeToken = ResumeToken(change.Sequence),
                    ChangeType = Wire.ChangeType.Upserted,
                    CommitTime = Timestamp.FromDateTime(change.UpdatedAt),
                };
                if (change.Dossier is { } dossier)
                {
                    message.Dossier = DossierMapping.ToWire(dossier, codes, personal);
                }
                else
                {
                    message.Survey = SurveyMapping.ToWire(change.Survey!, codes);
                }

                responseStream.WriteOptions = i < page.Count - 1 ? BufferedWrite : null;
                await responseStream.WriteAsync(new Wire.WatchChangesResponse { Change = message }, cancellationToken);
                after = change.Sequence;
            }

            if (personal)
            {
                PersonalData.LogReads(db, caller, "dossier", page.Where(c => c.Dossier is { } d && DossierMapping.HasPersonalData(d)).Select(c => c.Dossier!.Code), context.Method);
                await db.SaveChangesAsync(cancellationToken);
            }

            if (page.Count == PageSize)
            {
                continue;
            }

            // Caught up to the committed sequence: say so (with the token to resume from), then end or wait for new commits.
            after = Math.Max(after, committed);
            if (!request.Follow || DateTime.UtcNow - lastHeartbeat >= heartbeat)
            {
                await responseStream.WriteAsync(new Wire.WatchChangesResponse
                {
                    Heartbeat = new Wire.Heartbeat { ResumeToken = ResumeToken(after), CaughtUp = true, SendTime = Timestamp.FromDateTime(DateTime.UtcNow) },
                }, cancellationToken);
                lastHeartbeat = DateTime.UtcNow;
            }

            if (!request.Follow)
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public static string ResumeToken(long sequence) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("c1:" + sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position to resume after and the heartbeat interval, or INVALID_ARGUMENT naming every malformed field.</summary>
    private static (long After, TimeSpan Heartbeat) CheckRequest(Wire.WatchChangesRequest request)
    {
        var rules = new Rules()
            .Values(request.RecordTypes, "record_types")
            .UnitCode(request.UnitCode, "unit_code");
        var interval = ProtoTime.ToTimeSpan(request.HeartbeatInterval, "heartbeat_interval", rules);
        rules.Check(interval is null || interval >= TimeSpan.Zero, "heartbeat_interval", "must not be negative");
        var after = ParseResumeToken(request.ResumeToken);
        GrpcErrors.ThrowIfAny(rules.Check(after is not null, "resume_token", NotSentHere));
        return (after!.Value, interval is { } value ? Clamp(value) : DefaultHeartbeat);
    }

    /// <summary>
    /// The sequence in a token, or null when the token is not exactly one this feed sends: a
    /// sign, leading zeros, padding or a NUL byte (which .NET's number parsing ignores at the end)
    /// all make another token, refused rather than read as a nearby position.
    /// </summary>
    private static long? ParseResumeToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        if (token.Length > MaxResumeTokenLength)
        {
            return null;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (token.Length % 4)) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("c1:", StringComparison.Ordinal) && long.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                && ResumeToken(sequence) == token)
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
        }

        return null;
    }

    private static (bool Dossiers, bool Surveys) RecordTypes(Wire.WatchChangesRequest request, Caller caller)
    {
        var readsDossiers = caller.Has(ClientScopes.DossiersRead);
        var readsSurveys = caller.Has(ClientScopes.SurveysRead);
        if (request.RecordTypes.Count == 0)
        {
            if (!readsDossiers && !readsSurveys)
            {
                GrpcErrors.PermissionDenied("The change feed needs dossiers:read or surveys:read.");
            }

            return (readsDossiers, readsSurveys);
        }

        var dossiers = request.RecordTypes.Contains(Wire.RecordType.Dossier);
        var surveys = request.RecordTypes.Contains(Wire.RecordType.Survey);
        if ((dossiers && !readsDossiers) || (surveys && !readsSurveys))
        {
            GrpcErrors.PermissionDenied($"Client '{caller.Client.Name}' may not read every record type it asked for.");
        }

        return (dossiers, surveys);
    }

    private static TimeSpan Clamp(TimeSpan interval) => interval < MinHeartbeat ? MinHeartbeat : interval > MaxHeartbeat ? MaxHeartbeat : interval;

    /// <summary>The subtree as unit ids, resolved in memory: a filter on ids keeps the page query on the change-sequence index whatever the statistics say.</summary>
    private static List<int> SubtreeUnits(ReferenceCodes codes, string path) =>
        [.. codes.UnitsById.Values.Where(u => u.Path.StartsWith(path, StringComparison.Ordinal)).Select(u => u.Id)];

    private async Task<List<FeedItem>> ReadPageAsync(long after, long committed, List<int> units, bool dossiers, bool surveys, CancellationToken cancellationToken)
    {
        var items = new List<FeedItem>();
        if (dossiers)
        {
            items.AddRange((await db.Dossiers.AsNoTracking()
                    .Where(d => d.ChangeSequence > after && d.ChangeSequence <= committed && units.Contains(d.UnitId))
                    .OrderBy(d => d.ChangeSequence).Take(PageSize).ToListAsync(cancellationToken))
                .Select(d => new FeedItem(d.ChangeSequence, d.UpdatedAt, d, null)));
        }

        if (surveys)
        {
            items.AddRange((await db.Surveys.AsNoTracking()
                    .Where(s => s.ChangeSequence > after && s.ChangeSequence <= committed && units.Contains(s.UnitId))
                    .OrderBy(s => s.ChangeSequence).Take(PageSize).ToListAsync(cancellationToken))
                .Select(s => new FeedItem(s.ChangeSequence, s.UpdatedAt, null, s)));
        }

        // Both queries stop at the same committed sequence and each read up to a page in order:
        // merged, the first page's worth is in order with nothing skipped.
        return dossiers && surveys ? [.. items.OrderBy(i => i.Sequence).Take(PageSize)] : items;
    }

    private sealed record FeedItem(long Sequence, DateTime UpdatedAt, Domain.Dossiers.Dossier? Dossier, Domain.Surveys.SatisfactionSurvey? Survey);
}
