using System.Collections.Concurrent;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Grpc.Core;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>The change feed over real gRPC on each provider: order, resume without gaps or duplicates, follow, concurrency.</summary>
public abstract class ChangeFeedFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string NewHoangPhu = "16999";

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

public sealed class ChangeFeedFactsOnPostgres(PostgresGrpcServer server) : ChangeFeedFacts<PostgresGrpcServer>(server);
