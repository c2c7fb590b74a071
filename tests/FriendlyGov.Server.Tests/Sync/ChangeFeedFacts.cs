using System.Collections.Concurrent;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>The change feed over real gRPC on each provider: order, resume without gaps or duplicates, follow, concurrency.</summary>
public abstract class ChangeFeedFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string NewHoangPhu = "16999";

    protected TServer Server => server;

    [Fact]
    public async Task AFullReadEndsCaughtUpAndResumingFromAnyTokenSkipsAndRepeatsNothing()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead | ClientScopes.SurveysRead);
        var (all, caughtUp) = await ReadAllAsync(feed, "");
        var middle = all[all.Count / 2];

        var (rest, _) = await ReadAllAsync(feed, middle.ResumeToken);

        Assert.True(all.Count > 20_000, $"the demo records, got {all.Count}");
        Assert.Equal(all.Count, all.Select(Key).Distinct().Count());
        Assert.Contains(all, c => c.Survey is not null);
        Assert.Equal(all.Skip((all.Count / 2) + 1).Select(Key), rest.Select(Key));
        Assert.Empty((await ReadAllAsync(feed, caughtUp)).Changes);
    }

    [Fact]
    public async Task ACaughtUpTokenYieldsExactlyTheChangesCommittedSince()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);
        var writer = await DossiersAsync();
        var (_, token) = await ReadAllAsync(feed, "");
        var records = Enumerable.Range(1, 5).Select(i => WireDossiers.New(NewHoangPhu, "31", i)).ToList();
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { records } }, deadline: DateTime.UtcNow.AddSeconds(30));
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { records } }, deadline: DateTime.UtcNow.AddSeconds(30));

        var (changes, _) = await ReadAllAsync(feed, token);

        Assert.Equal(records.Select(r => r.Code), changes.Select(c => c.Dossier.Code));
    }

    [Fact]
    public async Task AFollowingStreamDeliversNewCommitsLive()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);
        var writer = await DossiersAsync();
        var (_, token) = await ReadAllAsync(feed, "");
        using var call = feed.WatchChanges(new WatchChangesRequest { ResumeToken = token, Follow = true }, deadline: DateTime.UtcNow.AddSeconds(60));
        var record = WireDossiers.New(NewHoangPhu, "32", 1);

        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: DateTime.UtcNow.AddSeconds(30));
        Change? received = null;
        while (received is null && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            received = call.ResponseStream.Current.Change;
        }

        Assert.Equal(record.Code, received?.Dossier.Code);
    }

    [Fact]
    public async Task AMalformedResumeTokenIsInvalid()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(feed, "not-a-token"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task TheFeedNeedsTheReadScopeOfEachRecordType()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = feed.WatchChanges(new WatchChangesRequest { RecordTypes = { RecordType.Survey } }, deadline: DateTime.UtcNow.AddSeconds(30));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    /// <summary>
    /// The classic gap: with concurrent writers a sequence can become visible out of order, and a
    /// reader that moved past it never sees it. Writers commit batches concurrently while a reader
    /// keeps resuming from its last token; in the end it has every record exactly once.
    /// </summary>
    [Fact]
    public async Task ConcurrentWritersAndAResumingReaderMeetWithNoGapAndNoDuplicate()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);
        var (_, start) = await ReadAllAsync(feed, "");
        const int writers = 4;
        const int batches = 10;
        const int perBatch = 25;
        var seen = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();

        var reader = Task.Run(async () =>
        {
            var token = start;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var (changes, next) = await ReadAllAsync(feed, token);
                foreach (var change in changes)
                {
                    seen.Add(change.Dossier.Code);
                }

                token = next;
                if (finished)
                {
                    return;
                }
            }
        });
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var client = await DossiersAsync();
            for (var b = 0; b < batches; b++)
            {
                var records = Enumerable.Range(1, perBatch).Select(i => WireDossiers.New(NewHoangPhu, $"4{w}", (b * perBatch) + i));
                await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { records } }, deadline: DateTime.UtcNow.AddSeconds(60));
            }
        })).ToList();
        await Task.WhenAll(writing);
        await done.CancelAsync();
        await reader;

        var codes = seen.ToList();
        Assert.Equal(writers * batches * perBatch, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    /// <summary>The feed reads rows itself (no EF Core entities): each change must still be the record exactly as the Get calls return it.</summary>
    [Fact]
    public async Task EachChangeCarriesTheRecordExactlyAsGetDossierAndGetSurveyReturnIt()
    {
        var writer = await DossiersAsync();
        var personalChannel = await server.ChannelForAsync("38", ClientScopes.DossiersRead | ClientScopes.SurveysRead | ClientScopes.PersonalData);
        var maskedChannel = await server.ChannelForAsync("38", ClientScopes.DossiersRead | ClientScopes.SurveysRead);
        var personal = new ChangeFeedService.ChangeFeedServiceClient(personalChannel);
        var masked = new ChangeFeedService.ChangeFeedServiceClient(maskedChannel);
        var (_, token) = await ReadAllAsync(personal, "");
        var resumed = WireDossiers.New(NewHoangPhu, "51", 1);
        var received = resumed.ReceivedTime.ToDateTime();
        resumed.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(received.AddHours(1)), ResumedTime = Timestamp.FromDateTime(received.AddHours(30)) });
        resumed.Applicant = new Applicant { Name = "Lê Thị Hoa", IdNumber = "038123456789", Phone = "0912345678" };
        var waiting = WireDossiers.New(NewHoangPhu, "51", 2);
        waiting.Status = DossierStatus.SupplementRequested;
        waiting.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(waiting.ReceivedTime.ToDateTime().AddMinutes(90)) });
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { resumed, waiting } }, deadline: DateTime.UtcNow.AddSeconds(30));

        var (fresh, _) = await ReadAllAsync(personal, token);
        var (freshMasked, _) = await ReadAllAsync(masked, token);
        var (all, _) = await ReadAllAsync(personal, "");

        Assert.Equal([resumed.Code, waiting.Code], fresh.Select(c => c.Dossier.Code));
        Assert.Single(fresh[0].Dossier.Supplements);
        Assert.False(fresh[0].Dossier.Applicant.Masked);
        Assert.True(freshMasked[0].Dossier.Applicant.Masked);
        await using (var db = server.CreateContext())
        {
            Assert.True(await db.PersonalDataAccesses.AnyAsync(a => a.RecordKey == resumed.Code && a.Method.EndsWith("/WatchChanges")), "the unmasked read is audited");
        }

        foreach (var (changes, channel) in new[] { (fresh, personalChannel), (freshMasked, maskedChannel) })
        {
            var dossiers = new DossierService.DossierServiceClient(channel);
            foreach (var change in changes)
            {
                Assert.Equal((await dossiers.GetDossierAsync(new GetDossierRequest { Code = change.Dossier.Code }, deadline: DateTime.UtcNow.AddSeconds(30))).Dossier, change.Dossier);
            }
        }

        // A sample of the demo records: applicants, supplements, surveys with and without scores and comments.
        var surveys = new SurveyService.SurveyServiceClient(personalChannel);
        var dossierClient = new DossierService.DossierServiceClient(personalChannel);
        foreach (var change in all.Where((_, i) => i % 97 == 0))
        {
            if (change.Dossier is { } dossier)
            {
                Assert.Equal((await dossierClient.GetDossierAsync(new GetDossierRequest { Code = dossier.Code }, deadline: DateTime.UtcNow.AddSeconds(30))).Dossier, dossier);
            }
            else
            {
                var request = new GetSurveyRequest { SourceSystem = change.Survey.SourceSystem, Key = change.Survey.Key };
                Assert.Equal((await surveys.GetSurveyAsync(request, deadline: DateTime.UtcNow.AddSeconds(30))).Survey, change.Survey);
            }
        }

        Assert.Contains(all, c => c.Dossier?.Supplements.Count > 0);
        Assert.Contains(all, c => c.Dossier?.Applicant is not null);
    }

    /// <summary>
    /// One stream following live while eight sync streams commit concurrently: it sends every
    /// record exactly once, at positions that only increase, and the caught-up position it ends
    /// on covers them all.
    /// </summary>
    [Fact]
    public async Task AFollowingStreamUnderEightConcurrentSyncStreamsSendsEveryRecordOnceInOrder()
    {
        var feed = await FeedAsync(ClientScopes.DossiersRead);
        var (_, start) = await ReadAllAsync(feed, "");
        const int streams = 8;
        const int batches = 5;
        const int perBatch = 20;
        using var call = feed.WatchChanges(new WatchChangesRequest { ResumeToken = start, Follow = true }, deadline: DateTime.UtcNow.AddSeconds(120));
        var expected = new HashSet<string>();
        var syncing = Enumerable.Range(0, streams).Select(s => Task.Run(async () =>
        {
            var client = await DossiersAsync();
            using var sync = client.SyncDossiers(deadline: DateTime.UtcNow.AddSeconds(90));
            for (var b = 0; b < batches; b++)
            {
                var records = Enumerable.Range(1, perBatch).Select(i => WireDossiers.New(NewHoangPhu, $"6{s}", (b * perBatch) + i)).ToList();
                lock (expected)
                {
                    expected.UnionWith(records.Select(r => r.Code));
                }

                await sync.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { records } });
            }

            await sync.RequestStream.CompleteAsync();
            return (await sync.ResponseAsync).Totals.AppliedCount;
        })).ToList();

        var received = new List<(long Position, string Code)>();
        while (received.Count < streams * batches * perBatch && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Change is { } change)
            {
                received.Add((Position(change.ResumeToken), change.Dossier.Code));
            }
        }

        Assert.All(await Task.WhenAll(syncing), applied => Assert.Equal(batches * perBatch, applied));
        Assert.Equal(expected.Order(), received.Select(r => r.Code).Order());
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions strictly increase");
    }

    /// <summary>The sequence inside a token: white-box, to check the order the contract promises (clients must not parse tokens).</summary>
    internal static long Position(string token) =>
        long.Parse(System.Text.Encoding.ASCII.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token))["c1:".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static string Key(Change change) => change.Dossier?.Code ?? $"{change.Survey.SourceSystem}/{change.Survey.Key}";

    private static async Task<(List<Change> Changes, string Token)> ReadAllAsync(ChangeFeedService.ChangeFeedServiceClient feed, string token)
    {
        var changes = new List<Change>();
        using var call = feed.WatchChanges(new WatchChangesRequest { ResumeToken = token }, deadline: DateTime.UtcNow.AddSeconds(120));
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            if (response.Change is { } change)
            {
                changes.Add(change);
            }
            else
            {
                Assert.True(response.Heartbeat.CaughtUp);
                return (changes, response.Heartbeat.ResumeToken);
            }
        }

        throw new InvalidOperationException("The feed ended without a caught-up heartbeat.");
    }

    private async Task<ChangeFeedService.ChangeFeedServiceClient> FeedAsync(ClientScopes scopes) => new(await server.ChannelForAsync("38", scopes));

    private async Task<DossierService.DossierServiceClient> DossiersAsync() => new(await server.ChannelForAsync("38", ClientScopes.All));
}

public sealed class ChangeFeedFactsOnSqlite(SqliteGrpcServer server) : ChangeFeedFacts<SqliteGrpcServer>(server);

/// <summary>
/// PostgreSQL's writers do not wait for each other (positions from a sequence, the rows they write locked): a
/// slow writer holds back neither other writers nor, below its position, the feed's order.
/// </summary>
public sealed class ChangeFeedFactsOnPostgres(PostgresGrpcServer server) : ChangeFeedFacts<PostgresGrpcServer>(server)
{
    private const string Unit = "16999";

    [Fact]
    public async Task AFollowingStreamWaitsForASlowWriterAndSkipsNothingBelowIt()
    {
        var feed = new ChangeFeedService.ChangeFeedServiceClient(await Server.ChannelForAsync("38", ClientScopes.DossiersRead));
        var writer = new DossierService.DossierServiceClient(await Server.ChannelForAsync("38", ClientScopes.All));
        var first = WireDossiers.New(Unit, "71", 1);
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { first } }, deadline: DateTime.UtcNow.AddSeconds(30));
        var start = await CaughtUpTokenAsync(feed);

        // A writer draws its position and stays open; others commit above it without waiting.
        await using var slow = Server.CreateContext();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        var held = await slow.Dossiers.SingleAsync(d => d.Code == first.Code);
        held.SourceVersion++;
        await slow.SaveChangesAsync();
        var later = Enumerable.Range(2, 10).Select(i => WireDossiers.New(Unit, "71", i)).ToList();
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { later } }, deadline: DateTime.UtcNow.AddSeconds(30));

        using var call = feed.WatchChanges(new WatchChangesRequest { ResumeToken = start, Follow = true }, deadline: DateTime.UtcNow.AddSeconds(60));
        var next = call.ResponseStream.MoveNext(CancellationToken.None);
        var whileOpen = await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.True(whileOpen != next || call.ResponseStream.Current.Change is null, "no change is sent while a lower position is in flight");
        await transaction.CommitAsync();

        var received = new List<(long Position, string Code)>();
        while (received.Count < 11 && await next)
        {
            if (call.ResponseStream.Current.Change is { } change)
            {
                received.Add((Position(change.ResumeToken), change.Dossier.Code));
            }

            next = call.ResponseStream.MoveNext(CancellationToken.None);
        }

        Assert.Equal([first.Code, .. later.Select(r => r.Code)], received.Select(r => r.Code));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions strictly increase");
    }

    [Fact]
    public async Task AWriterOfTheSameDossierWaitsForTheSlowOneAndDecidesOnWhatItCommitted()
    {
        var writer = new DossierService.DossierServiceClient(await Server.ChannelForAsync("38", ClientScopes.All));
        var dossier = WireDossiers.New(Unit, "72", 1);
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { dossier } }, deadline: DateTime.UtcNow.AddSeconds(30));

        await using var slow = Server.CreateContext();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        var held = await slow.Dossiers.SingleAsync(d => d.Code == dossier.Code);
        held.SourceVersion = 3;
        await slow.SaveChangesAsync();
        var second = dossier.Clone();
        second.SourceVersion = 2;
        var waiting = writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { second } }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync;

        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500))));
        await transaction.CommitAsync();
        var result = Assert.Single((await waiting).Results);

        Assert.Equal(UpsertOutcome.SkippedStale, result.Outcome);
        Assert.Equal(3, result.StoredSourceVersion);
    }

    private static async Task<string> CaughtUpTokenAsync(ChangeFeedService.ChangeFeedServiceClient feed)
    {
        using var call = feed.WatchChanges(new WatchChangesRequest(), deadline: DateTime.UtcNow.AddSeconds(120));
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            if (response.Heartbeat is { CaughtUp: true } heartbeat)
            {
                return heartbeat.ResumeToken;
            }
        }

        throw new InvalidOperationException("The feed ended without a caught-up heartbeat.");
    }
}
