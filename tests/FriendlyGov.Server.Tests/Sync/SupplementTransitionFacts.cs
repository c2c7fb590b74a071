using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// A newer version of a dossier replaces the stored one whatever happens to its supplement
/// requests (yêu cầu bổ sung), through UpsertDossiers and SyncDossiers alike, read back with GetDossier.
/// </summary>
public abstract class SupplementTransitionFacts<TServer>(TServer server)
    where TServer : GrpcServer
{
    private const string NewHoangPhu = "16999";

    [Theory]
    [MemberData(nameof(SupplementShapes.Transitions), MemberType = typeof(SupplementShapes))]
    public async Task AnUpsertReplacesTheSupplementRequests(string from, string to)
    {
        var client = await ClientAsync();
        var (before, after) = Versions(from, to, "71", SequenceOf(from, to));

        var first = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { before } }, deadline: Soon());
        var storedBefore = (await client.GetDossierAsync(new GetDossierRequest { Code = before.Code }, deadline: Soon())).Dossier;
        var second = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { after } }, deadline: Soon());
        var storedAfter = (await client.GetDossierAsync(new GetDossierRequest { Code = after.Code }, deadline: Soon())).Dossier;

        Assert.Equal(UpsertOutcome.Applied, Assert.Single(first.Results).Outcome);
        Assert.Equal(before.Supplements, storedBefore.Supplements);
        Assert.Equal(UpsertOutcome.Applied, Assert.Single(second.Results).Outcome);
        AssertStored(after, storedAfter);
    }

    [Theory]
    [MemberData(nameof(SupplementShapes.Transitions), MemberType = typeof(SupplementShapes))]
    public async Task ASyncStreamReplacesTheSupplementRequests(string from, string to)
    {
        var client = await ClientAsync();
        var (before, after) = Versions(from, to, "72", SequenceOf(from, to));
        var (alreadyStored, replacement) = Versions(from, to, "73", SequenceOf(from, to));
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { alreadyStored } }, deadline: Soon());

        using var call = client.SyncDossiers(deadline: Soon());
        await call.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { before } });
        await call.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { after, replacement } });
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(3, response.Totals.AppliedCount);
        Assert.Empty(response.Results);
        AssertStored(after, (await client.GetDossierAsync(new GetDossierRequest { Code = after.Code }, deadline: Soon())).Dossier);
        AssertStored(replacement, (await client.GetDossierAsync(new GetDossierRequest { Code = replacement.Code }, deadline: Soon())).Dossier);
    }

    private static void AssertStored(Dossier sent, Dossier stored)
    {
        Assert.Equal(sent.Supplements, stored.Supplements);
        Assert.Equal(sent.Status, stored.Status);
        Assert.Equal(sent.SourceVersion, stored.SourceVersion);
    }

    /// <summary>Version 1 with the first shape of requests and version 2 with the second, other times each.</summary>
    private static (Dossier Before, Dossier After) Versions(string from, string to, string agency, int sequence)
    {
        var before = WireDossiers.New(NewHoangPhu, agency, sequence, version: 1);
        var after = before.Clone();
        after.SourceVersion = 2;
        WithSupplements(before, from, firstHour: 1);
        WithSupplements(after, to, firstHour: 2);
        return (before, after);
    }

    private static void WithSupplements(Dossier dossier, string shape, int firstHour)
    {
        var received = dossier.ReceivedTime.ToDateTime();
        var answered = int.Parse(shape.Split('+')[0], System.Globalization.CultureInfo.InvariantCulture);
        dossier.Supplements.Clear();
        for (var i = 0; i < answered; i++)
        {
            var requested = received.AddHours(firstHour + (4 * i));
            dossier.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(requested), ResumedTime = Timestamp.FromDateTime(requested.AddHours(3)) });
        }

        var open = shape.EndsWith("+open", StringComparison.Ordinal);
        if (open)
        {
            dossier.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(received.AddHours(firstHour + (4 * answered))) });
        }

        dossier.Status = open ? DossierStatus.SupplementRequested : DossierStatus.InProgress;
    }

    /// <summary>Each transition its own dossier codes.</summary>
    private static int SequenceOf(string from, string to) =>
        SupplementShapes.Transitions.Select(t => ((string)t[0], (string)t[1])).ToList().IndexOf((from, to)) + 1;

    private async Task<DossierService.DossierServiceClient> ClientAsync() => new(await server.ChannelForAsync("38", ClientScopes.All));

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}

[Collection(SqliteSocketServer.Collection)]
public sealed class SupplementTransitionFactsOnSqlite(SqliteSocketServer server) : SupplementTransitionFacts<SqliteSocketServer>(server);

[Collection(PostgresSocketServer.Collection)]
public sealed class SupplementTransitionFactsOnPostgres(PostgresSocketServer server) : SupplementTransitionFacts<PostgresSocketServer>(server);

public static class SupplementShapes
{
    /// <summary>From and to: the number of answered requests, then "+open" when the last one still waits for the citizen.</summary>
    public static TheoryData<string, string> Transitions => new()
    {
        { "0", "1" },
        { "1", "1" },
        { "1", "2" },
        { "0+open", "1" },
        { "2", "2" },
        { "2", "0" },
        { "1", "0" },
        { "0", "2" },
        { "2", "1" },
        { "0", "0+open" },
        { "1+open", "2" },
        { "1", "1+open" },
    };
}
