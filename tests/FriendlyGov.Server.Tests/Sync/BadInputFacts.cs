using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Sync;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// Bad input over real HTTP/2 (Kestrel on a loopback port) on each provider: every case of
/// <see cref="BadInputCorpus"/> gets its status and field path and writes nothing, and the worst
/// batches get a status small enough for a client that takes 8 KiB of trailers.
/// </summary>
public abstract class BadInputFacts<TServer>(TServer server, ITestOutputHelper output)
    where TServer : GrpcServer
{
    private const string Unit = "16999";

    [Fact]
    public async Task EveryCaseOfTheCorpusIsRefusedWithItsStatusAndFieldAndWritesNothing()
    {
        var calls = new Calls(await ProvinceChannelAsync());
        var failures = new List<string>();
        var before = await CountAsync();
        foreach (var badInput in BadInputCorpus.Cases)
        {
            var mismatch = badInput.Mismatch(await Answer.Of(() => badInput.Send(calls)));
            var after = await CountAsync();
            if (after != before)
            {
                mismatch = $"{mismatch} wrote: before {before}, after {after}".TrimStart();
                before = after;
            }

            if (mismatch is not null)
            {
                failures.Add($"{badInput}: {mismatch}");
            }
        }

        output.WriteLine($"{BadInputCorpus.Cases.Count} cases on {server.Database.Provider}, {failures.Count} failed");
        Assert.True(BadInputCorpus.Cases.Count >= 300, $"the corpus holds {BadInputCorpus.Cases.Count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {BadInputCorpus.Cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task AThousandRecordsEachBreakingManyRulesGetAStatusThatFitsEightKiBOfTrailers()
    {
        var strict = new DossierService.DossierServiceClient(await ProvinceChannelAsync(maxResponseHeadersKiB: 8));
        var request = new UpsertDossiersRequest();
        request.Records.AddRange(Enumerable.Range(1, 1000).Select(i =>
        {
            var record = WireDossiers.New(Unit, "93", i);
            record.Code = record.Code.Replace('0', '\u0660') + "\n";
            record.ProcedureCode = "1.0011930";
            record.Status = DossierStatus.Unspecified;
            record.DueTime = new Timestamp { Seconds = long.MaxValue };
            record.SourceSystem = "PORTAL\0" + new string('x', 1000);
            record.Applicant = new Applicant { Name = "Lê\u0007", IdNumber = "০৩৮১২৩৪৫৬৭৮৯", Phone = "0912345678\n" };
            record.Supplements.Add(new Supplement { RequestedTime = new Timestamp { Nanos = -1 } });
            return record;
        }));
        var before = await CountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => strict.UpsertDossiersAsync(request, deadline: Calls.Deadline).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.InRange(violations.Count, 30, GrpcErrors.MaxListedViolations);
        Assert.All(violations, v => Assert.InRange(v.Description.Length, 1, GrpcErrors.MaxTextLength));
        Assert.Contains("1000 of 1000 records break", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"The first {violations.Count} of ", error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(TrailerBytes(error), 1, 8 * 1024);
        Assert.Equal(before, await CountAsync());
        await AssertTheConnectionStillServesAsync(strict);
    }

    [Fact]
    public async Task OneRecordWithTwoThousandSupplementRequestsIsRefusedOnItsSupplements()
    {
        var client = new DossierService.DossierServiceClient(await ProvinceChannelAsync(maxResponseHeadersKiB: 8));
        var record = WireDossiers.New(Unit, "94", 1);
        var received = record.ReceivedTime.ToDateTime();
        record.Supplements.AddRange(Enumerable.Range(0, 2000).Select(i => new Supplement { RequestedTime = Timestamp.FromDateTime(received.AddMinutes(-i)) }));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Calls.Deadline).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("records[0].supplements", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        await AssertTheConnectionStillServesAsync(client);
    }

    [Fact]
    public async Task OneRecordWithAHundredBrokenSupplementRequestsListsTheFirstViolationsAndCountsThemAll()
    {
        var client = new DossierService.DossierServiceClient(await ProvinceChannelAsync(maxResponseHeadersKiB: 8));
        var record = WireDossiers.New(Unit, "95", 1);
        var received = record.ReceivedTime.ToDateTime();
        record.Supplements.AddRange(Enumerable.Range(0, 100).Select(i => new Supplement
        {
            RequestedTime = Timestamp.FromDateTime(received.AddDays(-1 - i)),
            ResumedTime = Timestamp.FromDateTime(received.AddDays(-2 - i)),
        }));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Calls.Deadline).ResponseAsync);

        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("records[0].supplements[0].requested_time", violations[0].Field);
        Assert.Contains($"The first {violations.Count} of ", error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(TrailerBytes(error), 1, 8 * 1024);
    }

    [Fact]
    public async Task ASyncStreamOfBadBatchesReportsEachRejectedRecordWithinBoundsAndGoesOn()
    {
        var client = new DossierService.DossierServiceClient(await ProvinceChannelAsync());
        using var call = client.SyncDossiers(deadline: Calls.Deadline.AddSeconds(60));
        for (var batch = 0; batch < 3; batch++)
        {
            var request = new SyncDossiersRequest();
            request.Records.AddRange(Enumerable.Range(1, 1000).Select(i =>
            {
                var record = WireDossiers.New(Unit, "9" + (6 + batch), i);
                record.SourceSystem = "PORTAL\n";
                record.Channel = DossierChannel.Unspecified;
                return record;
            }));
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(3, response.BatchCount);
        Assert.Equal(3000, response.Totals.RejectedCount);
        Assert.Equal(3000, response.Results.Count);
        Assert.All(response.Results, r => Assert.Equal(UpsertOutcome.Rejected, r.Outcome));
        Assert.Equal(3 * GrpcErrors.MaxListedViolations, response.Results.Sum(r => r.FieldViolations.Count));
        Assert.Contains("first 100 violations", response.Results[^1].Reason, StringComparison.Ordinal);
        Assert.Equal("records[0].channel", response.Results[0].FieldViolations[0].Field);
    }

    /// <summary>Bytes of the trailers as HTTP/2 counts a header list: name, value as sent (binary values in base64), 32 per entry.</summary>
    private static int TrailerBytes(RpcException error) =>
        error.Trailers.Sum(t => t.Key.Length + (t.IsBinary ? ((t.ValueBytes.Length + 2) / 3 * 4) : Uri.EscapeDataString(t.Value).Length) + 32)
        + "grpc-status".Length + 1 + 32 + "grpc-message".Length + Uri.EscapeDataString(error.Status.Detail).Length + 32;

    private static async Task AssertTheConnectionStillServesAsync(DossierService.DossierServiceClient client)
    {
        var page = await client.ListDossiersAsync(new ListDossiersRequest { UnitCode = Unit, PageSize = 1 }, deadline: Calls.Deadline);
        Assert.Single(page.Dossiers);
    }

    private Task<GrpcChannel> ProvinceChannelAsync(int maxResponseHeadersKiB = 64) =>
        server.ChannelForAsync("38", ClientScopes.All, maxResponseHeadersKiB: maxResponseHeadersKiB);

    /// <summary>
    /// Rows of every table a request could write, and the change feed's position. Rollup runs and
    /// snapshots are left out: the server's own start-up rollup writes them while the tests run.
    /// </summary>
    private async Task<Counts> CountAsync()
    {
        await using var db = server.CreateContext();
        return new Counts(
            await db.Dossiers.CountAsync(),
            await db.Surveys.CountAsync(),
            await db.Letters.CountAsync(),
            await db.ReceptionSessions.CountAsync(),
            await db.Dialogues.CountAsync(),
            await db.Set<DialogueOpinion>().CountAsync(),
            await db.Petitions.CountAsync(),
            await db.Units.CountAsync(),
            await db.Procedures.CountAsync(),
            await db.Targets.CountAsync(),
            await db.PersonalDataAccesses.CountAsync(),
            await ChangeFeedSequence.LastReservedAsync(db, CancellationToken.None));
    }

    private sealed record Counts(int Dossiers, int Surveys, int Letters, int Receptions, int Dialogues, int Opinions, int Petitions, int Units, int Procedures, int Targets,
        int PersonalDataAccesses, long ChangeFeedPosition);
}

[Collection(SqliteSocketServer.Collection)]
public sealed class BadInputFactsOnSqlite(SqliteSocketServer server, ITestOutputHelper output) : BadInputFacts<SqliteSocketServer>(server, output);

[Collection(PostgresSocketServer.Collection)]
public sealed class BadInputFactsOnPostgres(PostgresSocketServer server, ITestOutputHelper output) : BadInputFacts<PostgresSocketServer>(server, output);
