using FriendlyGov.Domain.Calendar;
using Google.Protobuf.WellKnownTypes;
using Model = FriendlyGov.Domain.Dossiers;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Benchmarks;

/// <summary>Database ids and codes of the reference data the generated dossiers name (from the seeded demo data).</summary>
public sealed record ReferenceData(int[] UnitIds, string[] UnitCodes, int FullyOnlineProcedureId, int PartlyOnlineProcedureId);

/// <summary>The generated dossiers: as domain records (the COPY rows, derived fields included) and as sync batches.</summary>
public sealed record GeneratedDossiers(IReadOnlyList<Model.Dossier> Rows, IReadOnlyList<Wire.SyncDossiersRequest> Batches, int DaysUsed, int MaxSequence);

/// <summary>
/// Deterministic, valid dossiers: codes `000.B&lt;agency&gt;.&lt;unit&gt;.H56-&lt;yymmdd&gt;-&lt;sequence&gt;` spread over
/// days from 2025-07-01 (when the new communes 16999 and 16998 came into being) and agencies,
/// received 07:30–16:30 Vietnam time, with a realistic mix of channels, online levels, statuses,
/// flags and a few closed supplement requests. No applicant: the sync client has no personal_data scope.
/// </summary>
public static class DossierGenerator
{
    public const string SourceSystem = "bench-portal";

    /// <summary>The freshness probe's source, so that its dossiers are not counted with the generated ones.</summary>
    public const string ProbeSourceSystem = "bench-probe";
    public const string FullyOnlineProcedure = "1.001193";
    public const string PartlyOnlineProcedure = "2.000815";
    public static readonly string[] UnitCodes = ["16999", "16998"];
    public static readonly DateOnly FirstDay = new(2025, 7, 1);

    public static GeneratedDossiers Generate(int count, int days, int agencies, int batchSize, ReferenceData reference)
    {
        var perDay = (int)Math.Ceiling(count / (double)days);
        var maxSequence = (int)Math.Ceiling(perDay / (double)agencies);
        if (maxSequence > 999_999)
        {
            throw new ArgumentException($"{count} dossiers over {days} days and {agencies} agencies need sequences above 999999");
        }

        var procedureCodes = new Dictionary<int, string>
        {
            [reference.FullyOnlineProcedureId] = FullyOnlineProcedure,
            [reference.PartlyOnlineProcedureId] = PartlyOnlineProcedure,
        };
        var rows = new List<Model.Dossier>(count);
        var batches = new List<Wire.SyncDossiersRequest>((count / batchSize) + 1);
        Wire.SyncDossiersRequest? batch = null;
        for (var i = 0; i < count; i++)
        {
            var dossier = Checked(Create(i, perDay, agencies, reference));
            rows.Add(dossier);
            if (batch is null || batch.Records.Count == batchSize)
            {
                batch = new Wire.SyncDossiersRequest();
                batches.Add(batch);
            }

            batch.Records.Add(ToWire(dossier, reference, procedureCodes));
        }

        return new GeneratedDossiers(rows, batches, (int)Math.Ceiling(count / (double)perDay), maxSequence);
    }

    /// <summary>
    /// Dossier number <paramref name="n"/> of the freshness probe: received at <paramref name="receivedUtc"/> by
    /// the first unit over the counter and still in progress (agency 999, which the generated rows never use).
    /// </summary>
    public static Wire.Dossier Fresh(int n, DateTime receivedUtc, ReferenceData reference)
    {
        var day = VietnamTime.LocalDate(receivedUtc);
        var dossier = new Model.Dossier
        {
            Code = $"000.B999.{reference.UnitCodes[0]}.H56-{day:yyMMdd}-{n:0000}",
            UnitId = reference.UnitIds[0],
            ProcedureId = reference.PartlyOnlineProcedureId,
            Channel = Model.DossierChannel.Counter,
            OnlineLevel = Model.OnlineLevel.NotOnline,
            ReceivedAt = receivedUtc,
            DueAt = VietnamTime.ToUtc(day.AddDays(10), new TimeOnly(17, 0)),
            Status = Model.DossierStatus.InProgress,
            SourceSystem = ProbeSourceSystem,
            SourceVersion = 1,
            UpdatedAt = DateTime.UtcNow,
        };
        return ToWire(Checked(dossier), reference, new() { [reference.PartlyOnlineProcedureId] = PartlyOnlineProcedure });
    }

    /// <summary>The dossier with its derived fields, once it is known to keep the domain's rules.</summary>
    private static Model.Dossier Checked(Model.Dossier dossier)
    {
        dossier.RefreshDerived();
        var errors = dossier.Validate();
        return errors.Count == 0
            ? dossier
            : throw new InvalidOperationException($"generated dossier {dossier.Code} breaks rules: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    private static Model.Dossier Create(int i, int perDay, int agencies, ReferenceData reference)
    {
        var h = Mix((ulong)i);
        var day = FirstDay.AddDays(i / perDay);
        var slot = i % perDay;
        var agency = slot % agencies;
        var sequence = (slot / agencies) + 1;
        var unit = agency % reference.UnitIds.Length;
        var receivedLocal = day.ToDateTime(new TimeOnly(7, 30)).AddMinutes((double)(h % 540)).AddSeconds((double)((h >> 10) % 60));
        var received = VietnamTime.ToUtc(receivedLocal);
        var due = VietnamTime.ToUtc(day.AddDays(3 + (int)((h >> 14) % 4)), new TimeOnly(17, 0));

        var channelPick = (h >> 16) % 10;
        var channel = channelPick < 6 ? Model.DossierChannel.Online : channelPick < 9 ? Model.DossierChannel.Counter : Model.DossierChannel.PublicPostal;
        var online = channel == Model.DossierChannel.Online;
        var fully = online && (h >> 20) % 3 == 0;
        var level = !online ? Model.OnlineLevel.NotOnline : fully ? Model.OnlineLevel.FullyOnline : Model.OnlineLevel.PartlyOnline;
        var procedure = fully || (h >> 24) % 2 == 0 ? reference.FullyOnlineProcedureId : reference.PartlyOnlineProcedureId;

        var returned = (h >> 28) % 100 < 75;
        var supplement = (h >> 40) % 20 == 0;
        var dossier = new Model.Dossier
        {
            Code = $"000.B{agency:000}.{reference.UnitCodes[unit]}.H56-{day:yyMMdd}-{sequence:0000}",
            UnitId = reference.UnitIds[unit],
            ProcedureId = procedure,
            Channel = channel,
            OnlineLevel = level,
            InterAgency = (h >> 48) % 17 == 0,
            ReceivedAt = received,
            DueAt = due,
            Status = returned ? Model.DossierStatus.Returned : Model.DossierStatus.InProgress,
            ResultPublished = returned,
            ResultIssuedElectronically = returned && fully,
            Digitised = (h >> 44) % 3 != 0,
            PaidOnline = online && (h >> 46) % 2 == 0,
            SourceSystem = SourceSystem,
            SourceVersion = 1,
            UpdatedAt = DateTime.UtcNow,
        };

        if (supplement)
        {
            dossier.Supplements.Add(new Model.SupplementRequest { RequestedAt = received.AddHours(2), ResumedAt = received.AddHours(26) });
        }

        if (returned)
        {
            var finished = received.AddHours(supplement ? 30 : 4).AddMinutes((double)((h >> 32) % (72 * 60)));
            dossier.FinishedAt = finished;
            dossier.ReturnedAt = finished.AddMinutes(30 + (double)((h >> 52) % (47 * 60)));
        }

        return dossier;
    }

    private static Wire.Dossier ToWire(Model.Dossier d, ReferenceData reference, Dictionary<int, string> procedureCodes)
    {
        var wire = new Wire.Dossier
        {
            Code = d.Code,
            UnitCode = reference.UnitCodes[Array.IndexOf(reference.UnitIds, d.UnitId)],
            ProcedureCode = procedureCodes[d.ProcedureId],
            Channel = (Wire.DossierChannel)d.Channel,
            OnlineLevel = (Wire.OnlineLevel)d.OnlineLevel,
            InterAgency = d.InterAgency,
            ReceivedTime = Timestamp.FromDateTime(d.ReceivedAt),
            DueTime = Timestamp.FromDateTime(d.DueAt),
            Status = (Wire.DossierStatus)d.Status,
            ResultPublished = d.ResultPublished,
            ResultIssuedElectronically = d.ResultIssuedElectronically,
            Digitised = d.Digitised,
            PaidOnline = d.PaidOnline,
            SourceSystem = d.SourceSystem,
            SourceVersion = d.SourceVersion,
        };
        if (d.FinishedAt is { } finished)
        {
            wire.FinishedTime = Timestamp.FromDateTime(finished);
        }

        if (d.ReturnedAt is { } returnedAt)
        {
            wire.ReturnedTime = Timestamp.FromDateTime(returnedAt);
        }

        foreach (var s in d.Supplements)
        {
            wire.Supplements.Add(new Wire.Supplement
            {
                RequestedTime = Timestamp.FromDateTime(s.RequestedAt),
                ResumedTime = s.ResumedAt is { } resumed ? Timestamp.FromDateTime(resumed) : null,
            });
        }

        return wire;
    }

    /// <summary>SplitMix64: a cheap, well-spread deterministic hash of the row number.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
