using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// Sixteen clients at once over real HTTP/2 sockets: readers of personal data (each read writes
/// its access row) and writers of dossier batches. None may fail, and every unmasked read is logged.
/// </summary>
public abstract class ConcurrencyFacts<TServer>(TServer server)
    where TServer : GrpcServer
{
    protected const string NewHoangPhu = "16999";
    private const int Clients = 16;
    private const int CallsEach = 12;
    private const int BatchSize = 50;

    protected TServer Server => server;

    [Fact]
    public async Task SixteenConcurrentReadersAndWritersAllSucceedAndEveryUnmaskedReadIsLogged()
    {
        var setup = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var withApplicants = Enumerable.Range(1, 8).Select(i =>
        {
            var dossier = WireDossiers.New(NewHoangPhu, "81", i);
            dossier.Applicant = new Applicant { Name = "Nguyễn Văn Bình", IdNumber = $"0380000000{i:00}", Phone = "0912345678" };
            return dossier;
        }).ToList();
        await setup.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { withApplicants } }, deadline: Soon());
        var readerName = $"concurrent-reader-{Guid.NewGuid():N}";
        var readerKey = await server.KeyForAsync("38", ClientScopes.All, readerName);
        var writerKey = await server.KeyForAsync("38", ClientScopes.All);
        var start = new TaskCompletionSource();

        var calls = Enumerable.Range(0, Clients).Select(async client =>
        {
            // Each client its own HTTP/2 connection (over sockets), all let go at once.
            using var channel = server.ChannelWithKey(client % 2 == 0 ? readerKey : writerKey);
            var dossiers = new DossierService.DossierServiceClient(channel);
            await start.Task;
            var failures = new List<string>();
            for (var call = 0; call < CallsEach; call++)
            {
                try
                {
                    if (client % 2 == 0)
                    {
                        var code = withApplicants[(client + call) % withApplicants.Count].Code;
                        var read = await dossiers.GetDossierAsync(new GetDossierRequest { Code = code }, deadline: Soon());
                        Assert.False(read.Dossier.Applicant.Masked);
                    }
                    else
                    {
                        var batch = Enumerable.Range(1, BatchSize).Select(i => WireDossiers.New(NewHoangPhu, "82", (client * 1000) + i, version: call + 1));
                        var written = await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { batch } }, deadline: Soon());
                        Assert.Equal(BatchSize, written.Totals.AppliedCount);
                    }
                }
                catch (RpcException e)
                {
                    failures.Add($"client {client}, call {call}: {e.StatusCode} {e.Status.Detail}");
                }
            }

            return failures;
        }).ToList();
        start.SetResult();
        var failed = (await Task.WhenAll(calls)).SelectMany(f => f).ToList();

        Assert.Empty(failed);
        await using var db = server.CreateContext();
        var reader = await db.ApiClients.SingleAsync(c => c.Name == readerName);
        Assert.Equal(Clients / 2 * CallsEach, await db.PersonalDataAccesses.CountAsync(a => a.ClientId == reader.Id && a.Method.EndsWith("GetDossier")));
    }

    /// <summary>
    /// Two writers send the same new dossiers at the same moment, one of them a newer version: both
    /// calls succeed, and what is stored is the newer version, whichever committed first.
    /// </summary>
    [Fact]
    public async Task TwoWritersOfTheSameNewDossiersAtOnceBothSucceedAndTheNewerVersionIsKept()
    {
        var key = await server.KeyForAsync("38", ClientScopes.All);
        for (var round = 0; round < 5; round++)
        {
            var start = new TaskCompletionSource();
            var writes = Enumerable.Range(1, 2).Select(async version =>
            {
                using var channel = server.ChannelWithKey(key);
                var dossiers = new DossierService.DossierServiceClient(channel);
                var batch = Enumerable.Range(1, 200).Select(i => WireDossiers.New(NewHoangPhu, "84", (round * 1000) + i, version: version)).ToList();
                await start.Task;
                return await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { batch } }, deadline: Soon());
            }).ToList();
            start.SetResult();
            var (older, newer) = (await writes[0], await writes[1]);

            Assert.Equal(200, newer.Totals.AppliedCount);
            Assert.Equal(200, older.Totals.AppliedCount + older.Totals.SkippedStaleCount);
            await using var db = server.CreateContext();
            var prefix = WireDossiers.New(NewHoangPhu, "84", round * 1000).Code[..^3];
            var stored = await db.Dossiers.Where(d => d.Code.StartsWith(prefix)).Select(d => d.SourceVersion).ToListAsync();
            Assert.Equal(200, stored.Count);
            Assert.All(stored, version => Assert.Equal(2, version));
        }
    }

    protected static DateTime Soon() => DateTime.UtcNow.AddSeconds(60);
}

[Collection(SqliteSocketServer.Collection)]
public sealed class ConcurrencyFactsOnSqlite(SqliteSocketServer server) : ConcurrencyFacts<SqliteSocketServer>(server);

[Collection(PostgresSocketServer.Collection)]
public sealed class ConcurrencyFactsOnPostgres(PostgresSocketServer server) : ConcurrencyFacts<PostgresSocketServer>(server)
{
    /// <summary>
    /// Thirty-two writers each send a full batch of a thousand new dossiers at once: every record is
    /// applied, none waits for another. (A lock per record held 32,000 locks at once, more than
    /// PostgreSQL's lock table holds with 200 connections: "out of shared memory".) PostgreSQL only: on
    /// SQLite writers take turns, and so many at once wait past the busy timeout (UNAVAILABLE, retry after).
    /// </summary>
    [Fact]
    public async Task ThirtyTwoFullBatchesSentAtOnceAreAllApplied()
    {
        var key = await Server.KeyForAsync("38", ClientScopes.All);
        var start = new TaskCompletionSource();
        var writes = Enumerable.Range(0, 32).Select(async client =>
        {
            using var channel = Server.ChannelWithKey(key);
            var dossiers = new DossierService.DossierServiceClient(channel);
            var batch = Enumerable.Range(1, 1000).Select(i => WireDossiers.New(NewHoangPhu, "83", (client * 1000) + i)).ToList();
            await start.Task;
            return (await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { batch } }, deadline: DateTime.UtcNow.AddMinutes(3))).Totals.AppliedCount;
        }).ToList();
        start.SetResult();

        Assert.All(await Task.WhenAll(writes), applied => Assert.Equal(1000, applied));
    }
}

