using System.Globalization;
using System.Text.RegularExpressions;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Dossiers;

public enum DossierChannel
{
    Unspecified = 0,
    Counter = 1, // trực tiếp tại Bộ phận một cửa
    Online = 2, // qua Cổng dịch vụ công
    PublicPostal = 3, // qua dịch vụ bưu chính công ích
}

/// <summary>Online level under Decree 42/2022/NĐ-CP; the old levels 3 and 4 map onto it.</summary>
public enum OnlineLevel
{
    Unspecified = 0,
    NotOnline = 1,
    PartlyOnline = 2, // một phần — formerly "mức độ 3"
    FullyOnline = 3, // toàn trình — formerly "mức độ 4"
}

public enum DossierStatus
{
    Unspecified = 0,
    Received = 1, // đã tiếp nhận
    InProgress = 2, // đang giải quyết
    SupplementRequested = 3, // yêu cầu bổ sung
    Refused = 4, // từ chối
    Stopped = 5, // dừng xử lý
    Finished = 6, // đã giải quyết (có kết quả)
    Returned = 7, // đã trả kết quả
    Withdrawn = 8, // công dân rút hồ sơ
}

public static class OnlineLevels
{
    /// <summary>Maps the pre-2022 levels (1–4) onto Decree 42/2022's classification.</summary>
    public static OnlineLevel FromLegacyLevel(int level) => level switch
    {
        1 or 2 => OnlineLevel.NotOnline,
        3 => OnlineLevel.PartlyOnline,
        4 => OnlineLevel.FullyOnline,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Legacy online levels are 1 to 4."),
    };

    /// <summary>The old level a report still printed in 2023 ("mức độ 3/4"); 2 for not online.</summary>
    public static int ToLegacyLevel(this OnlineLevel level) => level switch
    {
        OnlineLevel.NotOnline => 2,
        OnlineLevel.PartlyOnline => 3,
        OnlineLevel.FullyOnline => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "No legacy level for an unspecified online level."),
    };
}

/// <summary>Personal data of the applicant (Decree 13/2023/NĐ-CP): shown only with the personal-data scope.</summary>
public sealed class Applicant
{
    public string? Name { get; set; }

    /// <summary>Citizen ID (CCCD, 12 digits) or old ID card (CMND, 9 digits).</summary>
    public string? IdNumber { get; set; }

    public string? Phone { get; set; }
}

/// <summary>A request to the citizen to supplement the dossier; the time until they do so does not count against the deadline.</summary>
public sealed class SupplementRequest
{
    public DateTime RequestedAt { get; set; }

    public DateTime? ResumedAt { get; set; }
}

/// <summary>
/// A one-stop dossier (hồ sơ thủ tục hành chính). Identified by its national dossier code;
/// synced from the portal (source system + version) or entered at the counter.
/// </summary>
public sealed partial class Dossier : IRecord, IChangeFeedRecord, IRolledUpRecord
{
    private static readonly Dictionary<DossierStatus, DossierStatus[]> Transitions = new()
    {
        [DossierStatus.Received] = [DossierStatus.InProgress, DossierStatus.SupplementRequested, DossierStatus.Refused, DossierStatus.Withdrawn],
        [DossierStatus.InProgress] = [DossierStatus.SupplementRequested, DossierStatus.Refused, DossierStatus.Stopped, DossierStatus.Finished, DossierStatus.Withdrawn],
        [DossierStatus.SupplementRequested] = [DossierStatus.InProgress, DossierStatus.Stopped, DossierStatus.Withdrawn],
        [DossierStatus.Finished] = [DossierStatus.Returned],
    };

    /// <summary>
    /// The version of <see cref="RefreshDerived"/>'s rules: raise it when a derived column is added or
    /// computed differently, so that stored rows are recomputed at migration (1: <see cref="LateAt"/>).
    /// </summary>
    public const int CurrentDerivedVersion = 1;

    /// <summary>The longest code the pattern allows: five parts of five in the agency code, the date, a six-digit sequence.</summary>
    public const int MaxCodeLength = 43;

    /// <summary>More would be no dossier but a mistake: each request stops the clock and waits for the citizen.</summary>
    public const int MaxSupplements = 100;

    public const string CodeShape = "must look like 000.00.14.H56-231103-0118 (agency code, received date yymmdd, sequence)";

    public long Id { get; set; }

    /// <summary>National dossier code: agency code, received date yymmdd, sequence — 000.00.14.H56-200203-0118.</summary>
    public string Code { get; set; } = "";

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public int ProcedureId { get; set; }

    public Procedure? Procedure { get; set; }

    public DossierChannel Channel { get; set; }

    public OnlineLevel OnlineLevel { get; set; }

    /// <summary>Handled through the inter-agency one-stop (liên thông): a flag, not a channel.</summary>
    public bool InterAgency { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>Appointment to return the result (hẹn trả).</summary>
    public DateTime DueAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? ReturnedAt { get; set; }

    public DossierStatus Status { get; set; }

    public List<SupplementRequest> Supplements { get; set; } = [];

    public bool ResultPublished { get; set; }

    public bool ResultIssuedElectronically { get; set; }

    public bool Digitised { get; set; }

    public bool PaidOnline { get; set; }

    public Applicant Applicant { get; set; } = new();

    public string SourceSystem { get; set; } = "";

    /// <summary>Version in the source system; an older version never replaces a newer one.</summary>
    public long SourceVersion { get; set; }

    public DateTime UpdatedAt { get; set; }

    public long ChangeSequence { get; set; }

    // Derived from the fields above (RefreshDerived), stored so that rollups group and compare in SQL.
    public int ReceivedQuarter { get; set; }

    public string QuarterProperty => nameof(ReceivedQuarter);

    public int? FinishedQuarter { get; set; }

    public int SupplementCount { get; set; }

    /// <summary>Due time plus the time the citizen took to supplement: the deadline a finished dossier is judged by.</summary>
    public DateTime EffectiveDueAt { get; set; }

    /// <summary>
    /// The instant from which the dossier, while still open, is late (trễ hạn): the first instant its
    /// clock — paused while the citizen supplements — passes the due time, or its second supplement
    /// request if that comes first; null when it cannot go late as things stand (awaiting the citizen,
    /// asked before its time ran out). An open dossier is late at E when LateAt &lt; E (<see cref="IsLate"/>).
    /// </summary>
    public DateTime? LateAt { get; set; }

    /// <summary>
    /// The version of the rules that computed the derived columns above; a row of an older version
    /// (written before a migration added or changed one) is recomputed when the database is migrated.
    /// </summary>
    public int DerivedVersion { get; set; }

    public string ContentHash { get; set; } = "";

    public static bool IsClosed(DossierStatus status) => status is DossierStatus.Refused or DossierStatus.Stopped
        or DossierStatus.Finished or DossierStatus.Returned or DossierStatus.Withdrawn;

    public static bool IsFinished(DossierStatus status) => status is DossierStatus.Finished or DossierStatus.Returned;

    /// <summary>
    /// Moves the dossier along its lifecycle, keeping the times and supplement requests that go
    /// with each step. A move that would break a rule throws and leaves the dossier as it was.
    /// </summary>
    public void MoveTo(DossierStatus next, DateTime atUtc)
    {
        if (!Transitions.TryGetValue(Status, out var allowed) || !allowed.Contains(next))
        {
            throw new DomainValidationException(nameof(Dossier), [new FieldError("status", $"cannot move from {Status} to {next}")]);
        }

        var before = (Status, FinishedAt, ReturnedAt, SupplementCount: Supplements.Count, LastResumedAt: Supplements.Count > 0 ? Supplements[^1].ResumedAt : null);
        switch (next)
        {
            case DossierStatus.SupplementRequested:
                Supplements.Add(new SupplementRequest { RequestedAt = atUtc });
                break;
            case DossierStatus.InProgress when Status == DossierStatus.SupplementRequested:
                Supplements[^1].ResumedAt = atUtc;
                break;
            case DossierStatus.Returned:
                ReturnedAt = atUtc;
                break;
            default:
                if (IsClosed(next))
                {
                    FinishedAt = atUtc;
                }

                break;
        }

        Status = next;
        try
        {
            this.EnsureValid();
        }
        catch (DomainValidationException)
        {
            Status = before.Status;
            FinishedAt = before.FinishedAt;
            ReturnedAt = before.ReturnedAt;
            Supplements.RemoveRange(before.SupplementCount, Supplements.Count - before.SupplementCount);
            if (Supplements.Count > 0)
            {
                Supplements[^1].ResumedAt = before.LastResumedAt;
            }

            RefreshDerived();
            throw;
        }
    }

    /// <summary>
    /// Late as the national index counts it, judged at <paramref name="asOfUtc"/> by what had happened
    /// by then (a period is judged as it stood at its end). Finished before it: late when finished after
    /// the due time plus the citizen's supplement time, or after more than one supplement request.
    /// Refused, stopped or withdrawn before it: not late, no result was due. Still open at it
    /// (received, and not closed before it): late from <see cref="LateAt"/> on.
    /// </summary>
    public bool IsLate(DateTime asOfUtc)
    {
        RefreshDerived();
        if (FinishedAt is { } closed && closed < asOfUtc)
        {
            return IsFinished(Status) && (closed > EffectiveDueAt || SupplementCount > 1);
        }

        return LateAt < asOfUtc;
    }

    public void RefreshDerived()
    {
        ReceivedQuarter = RecordDates.Contains(ReceivedAt) ? Period.QuarterKey(ReceivedAt) : 0;
        FinishedQuarter = FinishedAt is { } finished && RecordDates.Contains(finished) ? Period.QuarterKey(finished) : null;
        SupplementCount = Supplements.Count;
        EffectiveDueAt = DueAt == default ? DueAt : Supplements
            .Where(s => s.ResumedAt > s.RequestedAt)
            .Aggregate(DueAt, (due, s) => Later(due, s.ResumedAt!.Value - s.RequestedAt));
        var secondRequest = Supplements.Count > 1 ? Supplements[1].RequestedAt : (DateTime?)null;
        LateAt = ClockRunsOutAt() is { } runsOut && (secondRequest is null || runsOut < secondRequest) ? runsOut : secondRequest;
        DerivedVersion = CurrentDerivedVersion;
        var hash = new ContentHasher().Add(Code).Add(UnitId).Add(ProcedureId).Add(Channel).Add(OnlineLevel).Add(InterAgency)
            .Add(ReceivedAt).Add(DueAt).Add(FinishedAt).Add(ReturnedAt).Add(Status).Add(ResultPublished).Add(ResultIssuedElectronically)
            .Add(Digitised).Add(PaidOnline).Add(Applicant.Name).Add(Applicant.IdNumber).Add(Applicant.Phone).Add(SourceSystem).Add(SourceVersion);
        foreach (var s in Supplements)
        {
            hash.Add(s.RequestedAt).Add(s.ResumedAt);
        }

        ContentHash = hash.Hash();
    }

    /// <summary>Every rule; those about the unit and the procedure apply when <see cref="Unit"/> and <see cref="Procedure"/> are loaded.</summary>
    public IReadOnlyList<FieldError> Validate() =>
        Validate(Unit is null ? null : new UnitLifetime(Unit.ValidFrom, Unit.ValidTo), Procedure?.OnlineCapability);

    /// <summary>
    /// Every rule, with what is known of the unit and the procedure the dossier names (a synced
    /// dossier names them by code, so they are not loaded): the unit existed on the received date,
    /// and the procedure is offered at the online level. A rule whose fact is null is left out.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(UnitLifetime? unit, OnlineCapability? procedureCapability)
    {
        var rules = new Rules()
            .Defined(Channel, "channel")
            .Defined(OnlineLevel, "online_level")
            .Defined(Status, "status")
            .Time(ReceivedAt, "received_time")
            .Time(DueAt, "due_time")
            .Time(FinishedAt, "finished_time")
            .Time(ReturnedAt, "returned_time")
            .NotBefore(DueAt, ReceivedAt, "due_time", "received_time")
            .NotBefore(FinishedAt, ReceivedAt, "finished_time", "received_time")
            .NotBefore(ReturnedAt, FinishedAt ?? ReceivedAt, "returned_time", FinishedAt is null ? "received_time" : "finished_time")
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Positive(ProcedureId == 0 && Procedure is not null ? 1 : ProcedureId, "procedure_code")
            .SourceSystem(SourceSystem)
            .Check(SourceVersion >= 0, "source_version", "must not be negative");

        ValidateCode(rules);

        rules.Check(unit is not { } lifetime || !RecordDates.Contains(ReceivedAt) || lifetime.Covers(VietnamTime.LocalDate(ReceivedAt)),
                "unit_code", "the unit did not exist on the received date (Vietnam time)")
            .Check(Channel != DossierChannel.Online || OnlineLevel is OnlineLevel.PartlyOnline or OnlineLevel.FullyOnline,
                "online_level", "an online dossier must be partly or fully online")
            .Check(Channel == DossierChannel.Online || Channel == DossierChannel.Unspecified || OnlineLevel == OnlineLevel.NotOnline,
                "online_level", "only an online dossier has an online level")
            .Check(procedureCapability is null or OnlineCapability.Unspecified || OnlineLevel <= (OnlineLevel)(int)procedureCapability,
                "online_level", $"the procedure is offered only {procedureCapability switch { OnlineCapability.NotOnline => "not online", OnlineCapability.PartlyOnline => "partly online", _ => "fully online" }}");

        // The contract: finished_time is set for every closed status (refused, stopped and withdrawn too), never while open.
        rules.Check(!IsClosed(Status) || FinishedAt is not null, "finished_time", $"is required when the status is {Status}")
            .Check(IsClosed(Status) || FinishedAt is null, "finished_time", $"must be empty while the status is {Status}")
            .Check(Status == DossierStatus.Returned || ReturnedAt is null, "returned_time", "is set only when the result is returned")
            .Check(Status != DossierStatus.Returned || ReturnedAt is not null, "returned_time", "is required when the status is Returned");

        ValidateSupplements(rules);
        ValidateApplicant(rules);
        return rules.Errors;
    }

    /// <summary>
    /// The first instant the clock t − DueAt − (time paused for the citizen by t) passes zero; null
    /// while a request made before that is still open. The clock never goes back, and what happens
    /// after an instant E (a request made, a pause ended) changes it only after E: so it moves this
    /// instant only when it lies at or after E, and whether a dossier open at E was late at E stays
    /// as it was. Requests are in order (Validate), each paused from RequestedAt to ResumedAt.
    /// </summary>
    private DateTime? ClockRunsOutAt()
    {
        var runsOut = DueAt;
        foreach (var s in Supplements)
        {
            if (runsOut < s.RequestedAt)
            {
                return runsOut; // past due before this request: its pause comes too late
            }

            if (s.ResumedAt is not { } resumed)
            {
                return null;
            }

            runsOut = resumed > s.RequestedAt ? Later(runsOut, resumed - s.RequestedAt) : runsOut;
        }

        return runsOut;
    }

    /// <summary>True when <paramref name="code"/> has the shape of a national dossier code (its date not checked).</summary>
    public static bool IsWellFormedCode(string code) => code.Length <= MaxCodeLength && CodePattern().IsMatch(code);

    private void ValidateCode(Rules rules)
    {
        if (!IsWellFormedCode(Code))
        {
            rules.Add("code", CodeShape);
            return;
        }

        var match = CodePattern().Match(Code);
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var codeDate))
        {
            rules.Add("code", "its date part is not a valid yymmdd date");
        }
        else if (RecordDates.Contains(ReceivedAt))
        {
            rules.Check(codeDate == VietnamTime.LocalDate(ReceivedAt), "code", "its date part must be the received date (yymmdd, Vietnam time)");
        }
    }

    /// <summary>A time plus a non-negative span, capped at the largest time: derived columns never throw, whatever the times hold.</summary>
    private static DateTime Later(DateTime time, TimeSpan span) => span < DateTime.MaxValue - time ? time + span : DateTime.MaxValue;

    private void ValidateSupplements(Rules rules)
    {
        if (Supplements.Count > MaxSupplements)
        {
            rules.Add("supplements", $"must hold at most {MaxSupplements} supplement requests");
            return;
        }

        DateTime previous = ReceivedAt;
        for (var i = 0; i < Supplements.Count; i++)
        {
            var s = Supplements[i];
            var field = $"supplements[{i}]";
            rules.Time(s.RequestedAt, field + ".requested_time")
                .Time(s.ResumedAt, field + ".resumed_time")
                .Check(s.RequestedAt >= previous, field + ".requested_time", "must follow the received time and the previous supplement")
                .NotBefore(s.ResumedAt, s.RequestedAt, field + ".resumed_time", "requested_time")
                .Check(FinishedAt is null || (s.ResumedAt ?? s.RequestedAt) <= FinishedAt, field, "must end before the finished time")
                .Check(s.ResumedAt is not null || i == Supplements.Count - 1, field + ".resumed_time", "only the last supplement request may still be open");
            previous = s.ResumedAt ?? s.RequestedAt;
        }

        var open = Supplements.Count > 0 && Supplements[^1].ResumedAt is null;
        rules.Check(Status != DossierStatus.SupplementRequested || open, "supplements", "a dossier awaiting a supplement needs an open supplement request")
            .Check(!open || Status is DossierStatus.SupplementRequested or DossierStatus.Stopped or DossierStatus.Withdrawn,
                "supplements", $"an open supplement request does not fit the status {Status}");
    }

    private void ValidateApplicant(Rules rules)
    {
        rules.Optional(Applicant.Name, "applicant.name", 200)
            .Check(Applicant.IdNumber is null || (Applicant.IdNumber.Length <= 12 && IdNumberPattern().IsMatch(Applicant.IdNumber)),
                "applicant.id_number", "must be 12 digits (CCCD) or 9 digits (CMND)")
            .Check(Applicant.Phone is null || (Applicant.Phone.Length <= 13 && PhonePattern().IsMatch(Applicant.Phone)),
                "applicant.phone", "must be a Vietnamese phone number such as 0912345678 or +84912345678");
    }

    // ASCII digits only ([0-9], not \d, which matches every Unicode digit) and \z, not $, which
    // also matches before a final line feed.
    [GeneratedRegex(@"^(?<agency>[0-9A-Z]{2,5}(\.[0-9A-Z]{2,5}){1,4})-(?<date>[0-9]{6})-(?<seq>[0-9]{4,6})\z")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^([0-9]{12}|[0-9]{9})\z")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^(0|\+84)[0-9]{9,10}\z")]
    private static partial Regex PhonePattern();
}
