using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Dossiers;
using FriendlyGov.Server.Operations;
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
public sealed class ChangeFeedService(FriendlyGovDbContext db, FriendlyGovMetrics metrics) : Wire.ChangeFeedService.ChangeFeedServiceBase
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
        var feed = new ChangeFeedReader(db, dossiers, surveys);
        feed.FilterUnits(SubtreeUnits(codes, path));
        var personal = caller.Has(ClientScopes.PersonalData);
        var lastHeartbeat = DateTime.MinValue;
        while (true)
        {
            // One pass: read the mark, then send everything up to it. The connection is held for the
            // pass only, so that a following stream gives it back to the pool while it waits.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var mark = await ChangeFeedSequence.ReadMarkAsync(db, cancellationToken);
                if (after > mark.Committed)
                {
                    GrpcErrors.InvalidArgument("resume_token", NotSentHere); // a position no commit has reached yet
                }

                if (codes.UnitsById.Count != mark.UnitCount)
                {
                    // A unit was created since the units were loaded: it may belong to the subtree.
                    codes = await ReferenceCodes.LoadAsync(db, cancellationToken);
                    feed.FilterUnits(SubtreeUnits(codes, path));
                }

                if (mark.Committed > after)
                {
                    await SendUpToAsync(feed, after, mark.Committed, codes, personal, caller, responseStream, context);
                    after = mark.Committed;
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            // Caught up to the committed sequence: say so (with the token to resume from), then end or wait for new commits.
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

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Sends the records after <paramref name="after"/> up to <paramref name="committed"/>, page by
    /// page on the open connection: the next page is read while the current one is written to the stream.
    /// </summary>
    private async Task SendUpToAsync(ChangeFeedReader feed, long after, long committed, ReferenceCodes codes, bool personal, Caller caller,
        IServerStreamWriter<Wire.WatchChangesResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        Task<List<FeedItem>>? next = null;
        try
        {
            next = feed.ReadPageAsync(after, committed, PageSize, cancellationToken);
            while (next is not null)
            {
                var page = await next;
                next = page.Count == PageSize ? feed.ReadPageAsync(page[^1].Sequence, committed, PageSize, cancellationToken) : null;
                await WritePageAsync(page, codes, personal, responseStream, cancellationToken);
                if (page.Count > 0)
                {
                    metrics.ChangeFeedPage(page[^1].UpdatedAt, DateTime.UtcNow);
                }

                if (personal)
                {
                    // The connection is the prefetch's until it is done.
                    if (next is not null)
                    {
                        await next;
                    }

                    PersonalData.LogReads(db, caller, "dossier", page.Where(c => c.Dossier is { } d && DossierMapping.HasPersonalData(d)).Select(c => c.Dossier!.Code), context.Method);
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                // The stream failed while a page was being read: let the read end before the connection closes.
                await next.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>A page's messages, buffered and flushed once, at its last one.</summary>
    private static async Task WritePageAsync(List<FeedItem> page, ReferenceCodes codes, bool personal,
        IServerStreamWriter<Wire.WatchChangesResponse> responseStream, CancellationToken cancellationToken)
    {
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
        }
    }

    /// <summary>"c1:" and the sequence, base64url without padding; built on the stack, one string per change.</summary>
    public static string ResumeToken(long sequence)
    {
        Span<byte> text = stackalloc byte[24];
        "c1:"u8.CopyTo(text);
        sequence.TryFormat(text[3..], out var digits, default, CultureInfo.InvariantCulture);
        return Base64Url.EncodeToString(text[..(3 + digits)]);
    }

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
}
