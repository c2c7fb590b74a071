using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Sync;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static Grpc.Core.StatusCode;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// Bad requests, one per line: the method, what is wrong (a mutation of a valid request), the
/// status code expected and the field the violation must name. The classes come from an outside
/// review (issue 15): look-alike digits, line feeds and other control characters, values a
/// megabyte long, timestamps and durations outside their types' ranges, the contract's cross-field
/// rules, forged page and resume tokens, unknown enum values, and bytes that are no protobuf at all.
/// None of them may be written, end in UNKNOWN, or go unanswered.
/// </summary>
public static class BadInputCorpus
{
    private const string Unit = "16999"; // Hoằng Phú, from 01/07/2025
    private const string OldUnit = "15958"; // Hoằng Kim, until 30/06/2025

    private static readonly string Megabyte = new('7', 1 << 20);

    /// <summary>Text no single-line field takes, each inside an otherwise valid value.</summary>
    private static readonly (string What, string Value)[] LineBreakers =
    [
        ("a NUL", "PORTAL\0"),
        ("a BEL", "POR\aTAL"),
        ("a trailing line feed", "PORTAL\n"),
        ("a tab", "POR\tTAL"),
        ("a DEL", "PORTAL\u007f"),
        ("a C1 control (NEL)", "PORTAL\u0085"),
        ("an escape sequence", "\u001b[31mPORTAL"),
        ("a zero-width space", "POR\u200bTAL"),
        ("a right-to-left override", "\u202ePORTAL"),
        ("a line separator", "PORTAL\u2028"),
        ("a megabyte", Megabyte),
    ];

    /// <summary>What no key of another system (source_system, a survey's key) may be, besides <see cref="LineBreakers"/>.</summary>
    private static readonly (string What, string Value)[] KeyBreakers =
    [
        .. LineBreakers,
        ("only spaces", "   "),
        ("a leading space", " PORTAL"),
        ("a trailing space", "PORTAL "),
    ];

    /// <summary>What free text (a comment) may not hold: control characters other than tabs and line breaks.</summary>
    private static readonly (string What, string Value)[] FreeTextBreakers =
    [
        ("a NUL", "Tốt\0"),
        ("a BEL", "Tốt\a"),
        ("a DEL", "Tốt\u007f"),
        ("a C1 control", "Tốt\u0085"),
        ("an escape sequence", "\u001b[2JTốt"),
        ("a megabyte", Megabyte),
        ("4001 characters", new string('x', 4001)),
    ];

    /// <summary>Timestamps no time field takes: outside google.protobuf.Timestamp, or outside the years of records.</summary>
    private static readonly (string What, Timestamp Value)[] BadTimes =
    [
        ("nanos −1", new Timestamp { Seconds = 1_772_416_800, Nanos = -1 }),
        ("nanos 10⁹", new Timestamp { Seconds = 1_772_416_800, Nanos = 1_000_000_000 }),
        ("seconds before year 1", new Timestamp { Seconds = -62_135_596_801 }),
        ("seconds after year 9999", new Timestamp { Seconds = 253_402_300_800 }),
        ("int64 minimum seconds", new Timestamp { Seconds = long.MinValue }),
        ("int64 maximum seconds", new Timestamp { Seconds = long.MaxValue, Nanos = int.MaxValue }),
        ("31/12/9999 23:59:59.999999999, where the quarter key overflows", new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 }),
        ("01/01/0001", new Timestamp { Seconds = -62_135_596_800 }),
        ("the Unix epoch", new Timestamp()),
        ("1999, before the years of records", Timestamp.FromDateTime(new DateTime(1999, 12, 31, 12, 0, 0, DateTimeKind.Utc))),
        ("2101, after them", Timestamp.FromDateTime(new DateTime(2101, 1, 1, 12, 0, 0, DateTimeKind.Utc))),
    ];

    /// <summary>Timestamps outside google.protobuf.Timestamp only (a list filter may name any real time).</summary>
    private static readonly (string What, Timestamp Value)[] InvalidTimestamps = BadTimes[..6];

    private static readonly (string What, Duration Value)[] BadDurations =
    [
        ("nanos 10⁹", new Duration { Seconds = 10, Nanos = 1_000_000_000 }),
        ("nanos of the other sign", new Duration { Seconds = 10, Nanos = -1 }),
        ("more than 10,000 years", new Duration { Seconds = 315_576_000_001 }),
        ("int64 maximum seconds", new Duration { Seconds = long.MaxValue }),
        ("a negative interval", new Duration { Seconds = -10 }),
    ];

    public static IReadOnlyList<BadInput> Cases { get; } =
    [
        .. DossierRecords(),
        .. DossierBatches(),
        .. SurveyRecords(),
        .. SurveyBatches(),
        .. DossierReads(),
        .. SurveyReads(),
        .. ChangeFeed(),
        .. Reference(),
        .. Indicators(),
        .. Unparsable(),
    ];

    // ---- UpsertDossiers: one record of a valid batch broken --------------------------------------

    private static IEnumerable<BadInput> DossierRecords()
    {
        var received = new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc);
        Timestamp At(double hours) => Timestamp.FromDateTime(received.AddHours(hours));

        foreach (var (what, code) in CodeBreakers(ValidDossier().Code))
        {
            yield return Dossier($"code with {what}", d => d.Code = code, "code");
        }

        yield return Dossier("code without its sequence", d => d.Code = "000.00.16999.H56-260302", "code");
        yield return Dossier("code dated another day than received_time", d => d.Code = "000.00.16999.H56-260303-0001", "code");
        yield return Dossier("code dated 31 February", d => d.Code = "000.00.16999.H56-260231-0001", "code");
        yield return Dossier("empty code", d => d.Code = "", "code");

        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Dossier($"unit_code with {what}", d => d.UnitCode = code, "unit_code");
        }

        yield return Dossier("unit_code naming no unit", d => d.UnitCode = "99999", "unit_code");
        yield return Dossier("unit_code in lower case", d => d.UnitCode = "ab12", "unit_code");
        yield return Dossier("empty unit_code", d => d.UnitCode = "", "unit_code");

        foreach (var (what, code) in CodeBreakers("1.001193"))
        {
            yield return Dossier($"procedure_code with {what}", d => d.ProcedureCode = code, "procedure_code");
        }

        yield return Dossier("procedure_code naming no procedure", d => d.ProcedureCode = "9.999999", "procedure_code");
        yield return Dossier("empty procedure_code", d => d.ProcedureCode = "", "procedure_code");

        foreach (var (what, system) in KeyBreakers)
        {
            yield return Dossier($"source_system with {what}", d => d.SourceSystem = system, "source_system");
        }

        yield return Dossier("source_system of 65 characters", d => d.SourceSystem = new string('P', 65), "source_system");
        yield return Dossier("negative source_version", d => d.SourceVersion = -1, "source_version");

        foreach (var (what, name) in LineBreakers)
        {
            yield return Dossier($"applicant.name with {what}", d => d.Applicant = new Applicant { Name = "Lê Thị " + name }, "applicant.name");
        }

        yield return Dossier("applicant.name of 201 characters", d => d.Applicant = new Applicant { Name = new string('L', 201) }, "applicant.name");
        foreach (var (what, id) in CodeBreakers("038123456789"))
        {
            yield return Dossier($"applicant.id_number with {what}", d => d.Applicant = new Applicant { IdNumber = id }, "applicant.id_number");
        }

        yield return Dossier("applicant.id_number of 10 digits", d => d.Applicant = new Applicant { IdNumber = "0381234567" }, "applicant.id_number");
        foreach (var (what, phone) in CodeBreakers("0912345678"))
        {
            yield return Dossier($"applicant.phone with {what}", d => d.Applicant = new Applicant { Phone = phone }, "applicant.phone");
        }

        yield return Dossier("applicant.phone with spaces", d => d.Applicant = new Applicant { Phone = "091 234 5678" }, "applicant.phone");

        // Enums: UNSPECIFIED and numbers the contract does not define.
        yield return Dossier("channel UNSPECIFIED", d => d.Channel = DossierChannel.Unspecified, "channel");
        yield return Dossier("channel 99", d => d.Channel = (DossierChannel)99, "channel");
        yield return Dossier("online_level UNSPECIFIED", d => d.OnlineLevel = OnlineLevel.Unspecified, "online_level");
        yield return Dossier("online_level −1", d => d.OnlineLevel = (OnlineLevel)(-1), "online_level");
        yield return Dossier("status UNSPECIFIED", d => d.Status = DossierStatus.Unspecified, "status");
        yield return Dossier("status 42", d => d.Status = (DossierStatus)42, "status");

        // Times: each time field with each bad timestamp.
        (string Field, Action<Dossier, Timestamp> Set)[] timeFields =
        [
            ("received_time", (d, t) => d.ReceivedTime = t),
            ("due_time", (d, t) => d.DueTime = t),
            ("finished_time", (d, t) => (d.Status, d.FinishedTime) = (DossierStatus.Finished, t)),
            ("returned_time", (d, t) => (d.Status, d.FinishedTime, d.ReturnedTime) = (DossierStatus.Returned, At(2), t)),
            ("supplements[0].requested_time", (d, t) => d.Supplements.Add(new Supplement { RequestedTime = t, ResumedTime = At(3) })),
            ("supplements[0].resumed_time", (d, t) => d.Supplements.Add(new Supplement { RequestedTime = At(1), ResumedTime = t })),
        ];
        foreach (var (field, set) in timeFields)
        {
            foreach (var (what, time) in BadTimes)
            {
                yield return Dossier($"{field} {what}", d => set(d, time), field);
            }
        }

        yield return Dossier("no received_time", d => d.ReceivedTime = null, "received_time");
        yield return Dossier("no due_time", d => d.DueTime = null, "due_time");
        yield return Dossier("due_time before received_time", d => d.DueTime = At(-1), "due_time");
        yield return Dossier("finished_time before received_time", d => (d.Status, d.FinishedTime) = (DossierStatus.Finished, At(-1)), "finished_time");
        yield return Dossier("returned_time before finished_time", d => (d.Status, d.FinishedTime, d.ReturnedTime) = (DossierStatus.Returned, At(5), At(4)), "returned_time");

        // The contract's cross-field rules.
        yield return Dossier("FULLY_ONLINE for a procedure only partly online", d => d.ProcedureCode = "1.000894", "online_level");
        yield return Dossier("PARTLY_ONLINE for a procedure not online", d => (d.ProcedureCode, d.OnlineLevel) = ("2.001088", OnlineLevel.PartlyOnline), "online_level");
        yield return Dossier("an online dossier NOT_ONLINE", d => d.OnlineLevel = OnlineLevel.NotOnline, "online_level");
        yield return Dossier("a counter dossier PARTLY_ONLINE", d => (d.Channel, d.OnlineLevel) = (DossierChannel.Counter, OnlineLevel.PartlyOnline), "online_level");
        yield return Dossier("a postal dossier FULLY_ONLINE", d => d.Channel = DossierChannel.PublicPostal, "online_level");
        foreach (var closed in new[] { DossierStatus.Refused, DossierStatus.Stopped, DossierStatus.Withdrawn, DossierStatus.Finished, DossierStatus.Returned })
        {
            yield return Dossier($"{closed} without finished_time", d => (d.Status, d.ReturnedTime) = (closed, closed == DossierStatus.Returned ? At(3) : null), "finished_time");
        }

        foreach (var open in new[] { DossierStatus.Received, DossierStatus.InProgress })
        {
            yield return Dossier($"{open} with a finished_time", d => (d.Status, d.FinishedTime) = (open, At(2)), "finished_time");
        }

        yield return Dossier("FINISHED with a returned_time", d => (d.Status, d.FinishedTime, d.ReturnedTime) = (DossierStatus.Finished, At(2), At(3)), "returned_time");
        yield return Dossier("RETURNED without returned_time", d => (d.Status, d.FinishedTime) = (DossierStatus.Returned, At(2)), "returned_time");
        yield return Dossier("received before its unit existed", d => Received(d, new DateTime(2025, 6, 30, 3, 0, 0, DateTimeKind.Utc)), "unit_code");
        yield return Dossier("received after its unit ended", d => (d.UnitCode, d.Code) = (OldUnit, d.Code.Replace(".16999.", ".15958.", StringComparison.Ordinal)), "unit_code");
        yield return Dossier("SUPPLEMENT_REQUESTED with no open request", d => d.Status = DossierStatus.SupplementRequested, "supplements");
        yield return Dossier("an open request while IN_PROGRESS", d => d.Supplements.Add(new Supplement { RequestedTime = At(1) }), "supplements");
        yield return Dossier("a request before received_time", d => d.Supplements.Add(new Supplement { RequestedTime = At(-1), ResumedTime = At(1) }), "supplements[0].requested_time");
        yield return Dossier("resumed before requested", d => d.Supplements.Add(new Supplement { RequestedTime = At(2), ResumedTime = At(1) }), "supplements[0].resumed_time");
        yield return Dossier("two open requests", d => d.Supplements.AddRange([new Supplement { RequestedTime = At(1) }, new Supplement { RequestedTime = At(2) }]), "supplements[0].resumed_time");
        yield return Dossier("a request overlapping the previous one", d => d.Supplements.AddRange([new Supplement { RequestedTime = At(1), ResumedTime = At(5) }, new Supplement { RequestedTime = At(4), ResumedTime = At(6) }]), "supplements[1].requested_time");
        yield return Dossier("a request ending after finished_time", d => { (d.Status, d.FinishedTime) = (DossierStatus.Finished, At(3)); d.Supplements.Add(new Supplement { RequestedTime = At(1), ResumedTime = At(4) }); }, "supplements[0]");
        yield return Dossier("101 supplement requests", d => d.Supplements.AddRange(Supplements(received, 101)), "supplements");
        yield return Dossier("2000 supplement requests", d => d.Supplements.AddRange(Supplements(received, 2000)), "supplements");
    }

    private static IEnumerable<BadInput> DossierBatches()
    {
        yield return UpsertDossiers("an empty batch", [], "records");
        yield return UpsertDossiers("1001 records", [.. Enumerable.Range(1, 1001).Select(i => WireDossiers.New(Unit, "91", i))], "records");
        yield return UpsertDossiers("one code twice", [ValidDossier(), ValidDossier()], "records[1].code");
        yield return UpsertDossiers("a valid record before a broken one", [WireDossiers.New(Unit, "91", 1), Broken(ValidDossier(), d => d.Status = DossierStatus.Unspecified)], "records[1].status");
        yield return SyncDossiers("an empty batch in a sync stream", [[]], InvalidArgument, "records");
        yield return SyncDossiers("1001 records in a sync stream", [[.. Enumerable.Range(1, 1001).Select(i => WireDossiers.New(Unit, "92", i))]], InvalidArgument, "records");
        yield return SyncDossiers("a broken record in a sync batch (rejected with its batch)", [[Broken(ValidDossier(), d => d.ReceivedTime = new Timestamp { Seconds = long.MaxValue })]], OK, "records[0].received_time");
        yield return SyncDossiers("a megabyte code in a sync batch", [[Broken(ValidDossier(), d => d.Code = Megabyte)]], OK, "records[0].code");
    }

    // ---- UpsertSurveys ---------------------------------------------------------------------------

    private static IEnumerable<BadInput> SurveyRecords()
    {
        foreach (var (what, system) in KeyBreakers)
        {
            yield return Survey($"source_system with {what}", s => s.SourceSystem = system, "source_system");
        }

        foreach (var (what, key) in KeyBreakers)
        {
            yield return Survey($"key with {what}", s => s.Key = key, "key");
        }

        yield return Survey("key of 101 characters", s => s.Key = new string('K', 101), "key");
        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Survey($"unit_code with {what}", s => s.UnitCode = code, "unit_code");
        }

        yield return Survey("unit_code naming no unit", s => s.UnitCode = "99999", "unit_code");
        foreach (var (what, code) in CodeBreakers("000.00.16999.H56-260302-0001"))
        {
            yield return Survey($"dossier_code with {what}", s => s.DossierCode = code, "dossier_code");
        }

        foreach (var (what, comment) in FreeTextBreakers)
        {
            yield return Survey($"comment with {what}", s => s.Comment = comment, "comment");
        }

        foreach (var (what, time) in BadTimes)
        {
            yield return Survey($"surveyed_time {what}", s => s.SurveyedTime = time, "surveyed_time");
        }

        yield return Survey("no surveyed_time", s => s.SurveyedTime = null, "surveyed_time");
        yield return Survey("surveyed before its unit existed", s => s.SurveyedTime = Timestamp.FromDateTime(new DateTime(2025, 6, 30, 3, 0, 0, DateTimeKind.Utc)), "unit_code");
        yield return Survey("surveyed after its unit ended", s => s.UnitCode = OldUnit, "unit_code");
        yield return Survey("channel UNSPECIFIED", s => s.Channel = SurveyChannel.Unspecified, "channel");
        yield return Survey("channel 9", s => s.Channel = (SurveyChannel)9, "channel");
        yield return Survey("negative source_version", s => s.SourceVersion = -5, "source_version");
        yield return Survey("scores.access 0", s => s.Scores.Access = 0, "scores.access");
        yield return Survey("scores.procedure 6", s => s.Scores.Procedure = 6, "scores.procedure");
        yield return Survey("scores.staff_attitude −1", s => s.Scores.StaffAttitude = -1, "scores.staff_attitude");
        yield return Survey("scores.timeliness int32 maximum", s => s.Scores.Timeliness = int.MaxValue, "scores.timeliness");
        yield return Survey("scores.result int32 minimum", s => s.Scores.Result = int.MinValue, "scores.result");
        yield return Survey("scores.feedback_handling 10", s => s.Scores.FeedbackHandling = 10, "scores.feedback_handling");
    }

    private static IEnumerable<BadInput> SurveyBatches()
    {
        yield return UpsertSurveys("an empty batch", [], "records");
        yield return UpsertSurveys("1001 records", [.. Enumerable.Range(1, 1001).Select(i => Broken(ValidSurvey(), s => s.Key = $"KS-{i}"))], "records");
        yield return UpsertSurveys("one key twice", [ValidSurvey(), ValidSurvey()], "records[1].key");
        yield return new("SyncSurveys", "an empty batch in a sync stream", async c =>
        {
            using var call = c.Surveys.SyncSurveys(deadline: Calls.Deadline);
            await call.RequestStream.WriteAsync(new SyncSurveysRequest());
            await call.RequestStream.CompleteAsync();
            return Answer.Rejected((await call).Results);
        }, InvalidArgument, "records");
        yield return new("SyncSurveys", "a broken record in a sync batch (rejected with its batch)", async c =>
        {
            using var call = c.Surveys.SyncSurveys(deadline: Calls.Deadline);
            await call.RequestStream.WriteAsync(new SyncSurveysRequest { Records = { Broken(ValidSurvey(), s => s.Key = "KS\0") } });
            await call.RequestStream.CompleteAsync();
            return Answer.Rejected((await call).Results);
        }, OK, "records[0].key");
    }

    // ---- GetDossier, ListDossiers ----------------------------------------------------------------

    private static IEnumerable<BadInput> DossierReads()
    {
        yield return Unary("GetDossier", "an empty code", c => c.Dossiers.GetDossierAsync(new GetDossierRequest(), deadline: Calls.Deadline), "code");
        foreach (var (what, code) in CodeBreakers("000.00.16999.H56-260302-0001"))
        {
            yield return Unary("GetDossier", $"a code with {what}", c => c.Dossiers.GetDossierAsync(new GetDossierRequest { Code = code }, deadline: Calls.Deadline), "code");
        }

        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return ListDossiers($"unit_code with {what}", r => r.UnitCode = code, "unit_code");
        }

        yield return ListDossiers("unit_code naming no unit", r => r.UnitCode = "99999", "unit_code");
        foreach (var (what, code) in CodeBreakers("1.001193"))
        {
            yield return ListDossiers($"procedure_code with {what}", r => r.ProcedureCode = code, "procedure_code");
        }

        yield return ListDossiers("procedure_code naming no procedure", r => r.ProcedureCode = "9.999999", "procedure_code");
        yield return ListDossiers("statuses holding UNSPECIFIED", r => r.Statuses.Add(DossierStatus.Unspecified), "statuses[0]");
        yield return ListDossiers("statuses holding 42", r => r.Statuses.AddRange([DossierStatus.Finished, (DossierStatus)42]), "statuses[1]");
        yield return ListDossiers("channels holding UNSPECIFIED", r => r.Channels.Add(DossierChannel.Unspecified), "channels[0]");
        yield return ListDossiers("channels holding −7", r => r.Channels.Add((DossierChannel)(-7)), "channels[0]");
        yield return ListDossiers("a negative page_size", r => r.PageSize = -1, "page_size");
        foreach (var (what, token) in PageTokenBreakers(new ListDossiersRequest()))
        {
            yield return ListDossiers($"a page_token {what}", r => r.PageToken = token, "page_token");
        }

        foreach (var (what, ticks) in new[] { ("a negative time", "-5"), ("a time followed by NULs", "638000000000000000\0\0"), ("a time past year 9999", "99999999999999999999") })
        {
            yield return ListDossiers($"a page_token at {what}, fingerprint right", r => r.PageToken = PageToken.Next(new ListDossiersRequest(), ticks, "000.00.16999.H56-260302-0001"), "page_token");
        }

        foreach (var (what, period) in PeriodBreakers())
        {
            yield return ListDossiers($"period {what.Text}", r => r.Period = period, "period." + what.Field);
        }

        foreach (var (what, time) in InvalidTimestamps)
        {
            yield return ListDossiers($"received_time_range.start_time {what}", r => r.ReceivedTimeRange = new TimeRange { StartTime = time }, "received_time_range.start_time");
            yield return ListDossiers($"received_time_range.end_time {what}", r => r.ReceivedTimeRange = new TimeRange { EndTime = time }, "received_time_range.end_time");
        }

        yield return ListDossiers("received_time_range ending at its start", r => r.ReceivedTimeRange = new TimeRange { StartTime = new Timestamp { Seconds = 1_700_000_000 }, EndTime = new Timestamp { Seconds = 1_700_000_000 } }, "received_time_range.end_time");
    }

    // ---- GetSurvey, ListSurveys ------------------------------------------------------------------

    private static IEnumerable<BadInput> SurveyReads()
    {
        foreach (var (what, system) in KeyBreakers)
        {
            yield return Unary("GetSurvey", $"source_system with {what}", c => c.Surveys.GetSurveyAsync(new GetSurveyRequest { SourceSystem = system, Key = "KS-1" }, deadline: Calls.Deadline), "source_system");
        }

        foreach (var (what, key) in KeyBreakers)
        {
            yield return Unary("GetSurvey", $"key with {what}", c => c.Surveys.GetSurveyAsync(new GetSurveyRequest { SourceSystem = "PORTAL", Key = key }, deadline: Calls.Deadline), "key");
        }

        yield return Unary("GetSurvey", "no source_system", c => c.Surveys.GetSurveyAsync(new GetSurveyRequest { Key = "KS-1" }, deadline: Calls.Deadline), "source_system");
        yield return Unary("GetSurvey", "no key", c => c.Surveys.GetSurveyAsync(new GetSurveyRequest { SourceSystem = "PORTAL" }, deadline: Calls.Deadline), "key");

        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return ListSurveys($"unit_code with {what}", r => r.UnitCode = code, "unit_code");
        }

        foreach (var (what, code) in CodeBreakers("000.00.16999.H56-260302-0001"))
        {
            yield return ListSurveys($"dossier_code with {what}", r => r.DossierCode = code, "dossier_code");
        }

        foreach (var (what, system) in LineBreakers)
        {
            yield return ListSurveys($"source_system with {what}", r => r.SourceSystem = system, "source_system");
        }

        yield return ListSurveys("channels holding UNSPECIFIED", r => r.Channels.Add(SurveyChannel.Unspecified), "channels[0]");
        yield return ListSurveys("channels holding 12", r => r.Channels.AddRange([SurveyChannel.Sms, (SurveyChannel)12]), "channels[1]");
        foreach (var (what, token) in PageTokenBreakers(new ListSurveysRequest()))
        {
            yield return ListSurveys($"a page_token {what}", r => r.PageToken = token, "page_token");
        }

        foreach (var (what, period) in PeriodBreakers())
        {
            yield return ListSurveys($"period {what.Text}", r => r.Period = period, "period." + what.Field);
        }

        foreach (var (what, time) in InvalidTimestamps)
        {
            yield return ListSurveys($"surveyed_time_range.start_time {what}", r => r.SurveyedTimeRange = new TimeRange { StartTime = time }, "surveyed_time_range.start_time");
            yield return ListSurveys($"surveyed_time_range.end_time {what}", r => r.SurveyedTimeRange = new TimeRange { EndTime = time }, "surveyed_time_range.end_time");
        }
    }

    // ---- WatchChanges -----------------------------------------------------------------------------

    private static IEnumerable<BadInput> ChangeFeed()
    {
        (string What, string Token)[] tokens =
        [
            ("that is no base64", "not a token!"),
            ("with NUL bytes after the sequence", Base64Url("c1:5\0\0")),
            ("with a NUL character", Server.Sync.ChangeFeedService.ResumeToken(5) + "\0"),
            ("beyond the committed counter", Server.Sync.ChangeFeedService.ResumeToken(999_999_999_999)),
            ("at int64 maximum", Server.Sync.ChangeFeedService.ResumeToken(long.MaxValue)),
            ("with a negative sequence", Base64Url("c1:-1")),
            ("with leading zeros", Base64Url("c1:0005")),
            ("with base64 padding", Server.Sync.ChangeFeedService.ResumeToken(5) + "="),
            ("of another version", Base64Url("c2:5")),
            ("with no sequence", Base64Url("c1:")),
            ("a megabyte long", Megabyte),
        ];
        foreach (var (what, token) in tokens)
        {
            yield return Watch($"a resume_token {what}", r => r.ResumeToken = token, "resume_token");
        }

        yield return Watch("record_types holding UNSPECIFIED", r => r.RecordTypes.Add(RecordType.Unspecified), "record_types[0]");
        yield return Watch("record_types holding 7", r => r.RecordTypes.Add((RecordType)7), "record_types[0]");
        yield return Watch("record_types holding a survey and 3", r => r.RecordTypes.AddRange([RecordType.Survey, (RecordType)3]), "record_types[1]");
        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Watch($"unit_code with {what}", r => r.UnitCode = code, "unit_code");
        }

        yield return Watch("unit_code naming no unit", r => r.UnitCode = "99999", "unit_code");
        foreach (var (what, interval) in BadDurations)
        {
            yield return Watch($"heartbeat_interval {what}", r => (r.Follow, r.HeartbeatInterval) = (true, interval), "heartbeat_interval");
        }
    }

    // ---- ListUnits, ListProcedures ----------------------------------------------------------------

    private static IEnumerable<BadInput> Reference()
    {
        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Unary("ListUnits", $"unit_code with {what}", c => c.Reference.ListUnitsAsync(new ListUnitsRequest { UnitCode = code }, deadline: Calls.Deadline), "unit_code");
        }

        yield return Unary("ListUnits", "unit_code naming no unit", c => c.Reference.ListUnitsAsync(new ListUnitsRequest { UnitCode = "99999" }, deadline: Calls.Deadline), "unit_code");
        yield return Unary("ListUnits", "a negative page_size", c => c.Reference.ListUnitsAsync(new ListUnitsRequest { PageSize = -100 }, deadline: Calls.Deadline), "page_size");
        foreach (var (what, position) in new[] { ("−5", "-5"), ("abc", "abc"), ("beyond int32", "99999999999"), ("+5", "+5"), (" 5", " 5"), ("5 and NULs", "5\0\0") })
        {
            yield return Unary("ListUnits", $"a page_token at offset {what}, fingerprint right", c =>
                c.Reference.ListUnitsAsync(new ListUnitsRequest { PageToken = PageToken.Next(new ListUnitsRequest(), position) }, deadline: Calls.Deadline), "page_token");
        }

        foreach (var (what, token) in PageTokenBreakers(new ListUnitsRequest()))
        {
            yield return Unary("ListUnits", $"a page_token {what}", c => c.Reference.ListUnitsAsync(new ListUnitsRequest { PageToken = token }, deadline: Calls.Deadline), "page_token");
        }

        foreach (var (what, field) in LineBreakers)
        {
            yield return Unary("ListProcedures", $"field with {what}", c => c.Reference.ListProceduresAsync(new ListProceduresRequest { Field = field }, deadline: Calls.Deadline), "field");
        }

        foreach (var (what, token) in PageTokenBreakers(new ListProceduresRequest()))
        {
            yield return Unary("ListProcedures", $"a page_token {what}", c => c.Reference.ListProceduresAsync(new ListProceduresRequest { PageToken = token }, deadline: Calls.Deadline), "page_token");
        }
    }

    // ---- IndicatorService -------------------------------------------------------------------------

    private static IEnumerable<BadInput> Indicators()
    {
        var quarter = new Period { Year = 2025, Quarter = 4 };
        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Unary("GetScorecard", $"unit_code with {what}", c => c.Indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = code, Period = quarter }, deadline: Calls.Deadline), "unit_code");
        }

        yield return Unary("GetScorecard", "unit_code naming no unit", c => c.Indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = "99999", Period = quarter }, deadline: Calls.Deadline), "unit_code");
        yield return Unary("GetScorecard", "no period", c => c.Indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = Unit }, deadline: Calls.Deadline), "period");
        foreach (var (what, period) in PeriodBreakers())
        {
            yield return Unary("GetScorecard", $"period {what.Text}", c => c.Indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = Unit, Period = period }, deadline: Calls.Deadline), "period." + what.Field);
        }

        (string What, string Code)[] indicatorCodes =
        [
            ("empty", ""),
            ("naming no indicator", "dossiers.nothing"),
            ("with a NUL", "dossiers.on_time_share\0"),
            ("with a trailing line feed", "dossiers.on_time_share\n"),
            ("in capitals", "DOSSIERS.ON_TIME_SHARE"),
            ("a megabyte long", Megabyte),
        ];
        foreach (var (what, code) in indicatorCodes)
        {
            yield return Unary("GetSeries", $"indicator_code {what}", c => c.Indicators.GetSeriesAsync(new GetSeriesRequest { UnitCode = Unit, IndicatorCode = code, FirstPeriod = quarter, LastPeriod = quarter }, deadline: Calls.Deadline), "indicator_code");
            yield return Unary("RankChildren", $"indicator_code {what}", c => c.Indicators.RankChildrenAsync(new RankChildrenRequest { UnitCode = "38", IndicatorCode = code, Period = quarter }, deadline: Calls.Deadline), "indicator_code");
        }

        GetSeriesRequest Series(Period? first, Period? last) => new() { UnitCode = Unit, IndicatorCode = "dossiers.on_time_share", FirstPeriod = first, LastPeriod = last };
        yield return Unary("GetSeries", "no first_period", c => c.Indicators.GetSeriesAsync(Series(null, quarter), deadline: Calls.Deadline), "first_period");
        yield return Unary("GetSeries", "no last_period", c => c.Indicators.GetSeriesAsync(Series(quarter, null), deadline: Calls.Deadline), "last_period");
        yield return Unary("GetSeries", "last_period before first_period", c => c.Indicators.GetSeriesAsync(Series(quarter, new Period { Year = 2025, Quarter = 1 }), deadline: Calls.Deadline), "last_period");
        yield return Unary("GetSeries", "a quarter to a year", c => c.Indicators.GetSeriesAsync(Series(quarter, new Period { Year = 2026 }), deadline: Calls.Deadline), "last_period");
        yield return Unary("GetSeries", "41 quarters", c => c.Indicators.GetSeriesAsync(Series(new Period { Year = 2010, Quarter = 1 }, new Period { Year = 2020, Quarter = 1 }), deadline: Calls.Deadline), "last_period");
        foreach (var (what, period) in PeriodBreakers())
        {
            yield return Unary("GetSeries", $"first_period {what.Text}", c => c.Indicators.GetSeriesAsync(Series(period, quarter), deadline: Calls.Deadline), "first_period." + what.Field);
            yield return Unary("RankChildren", $"period {what.Text}", c => c.Indicators.RankChildrenAsync(new RankChildrenRequest { UnitCode = "38", IndicatorCode = "dossiers.on_time_share", Period = period }, deadline: Calls.Deadline), "period." + what.Field);
            yield return Unary("StartRollup", $"period {what.Text}", c => c.Indicators.StartRollupAsync(new StartRollupRequest { UnitCode = Unit, Period = period }, deadline: Calls.Deadline), "period." + what.Field);
        }

        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Unary("StartRollup", $"unit_code with {what}", c => c.Indicators.StartRollupAsync(new StartRollupRequest { UnitCode = code, Period = quarter }, deadline: Calls.Deadline), "unit_code");
        }

        yield return Unary("StartRollup", "no period", c => c.Indicators.StartRollupAsync(new StartRollupRequest { UnitCode = Unit }, deadline: Calls.Deadline), "period");
        ListCheckInsRequest CheckIns() => new() { UnitCode = Unit, IndicatorCode = "surveys.satisfaction_share", Period = quarter };
        foreach (var (what, code) in CodeBreakers(Unit))
        {
            yield return Unary("ListCheckIns", $"unit_code with {what}", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.UnitCode = code), deadline: Calls.Deadline), "unit_code");
        }

        yield return Unary("ListCheckIns", "unit_code naming no unit", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.UnitCode = "99999"), deadline: Calls.Deadline), "unit_code");
        foreach (var (what, code) in indicatorCodes)
        {
            yield return Unary("ListCheckIns", $"indicator_code {what}", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.IndicatorCode = code), deadline: Calls.Deadline), "indicator_code");
        }

        yield return Unary("ListCheckIns", "no period", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.Period = null), deadline: Calls.Deadline), "period");
        foreach (var (what, period) in PeriodBreakers())
        {
            yield return Unary("ListCheckIns", $"period {what.Text}", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.Period = period), deadline: Calls.Deadline), "period." + what.Field);
        }

        yield return Unary("ListCheckIns", "a negative page_size", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.PageSize = -1), deadline: Calls.Deadline), "page_size");
        foreach (var (what, token) in PageTokenBreakers(CheckIns()))
        {
            yield return Unary("ListCheckIns", $"a page_token {what}", c => c.Indicators.ListCheckInsAsync(Broken(CheckIns(), r => r.PageToken = token), deadline: Calls.Deadline), "page_token");
        }

        yield return Unary("ListCheckIns", "a page_token of another indicator", c => c.Indicators.ListCheckInsAsync(
            Broken(CheckIns(), r => r.PageToken = PageToken.Next(Broken(CheckIns(), o => o.IndicatorCode = "dossiers.on_time_share"), "638000000000000000", "1")), deadline: Calls.Deadline), "page_token");
        foreach (var (what, time, id) in new[] { ("a time that is no number", "x", "1"), ("a negative id", "638000000000000000", "-5"), ("an id past int64", "638000000000000000", "9223372036854775808") })
        {
            yield return Unary("ListCheckIns", $"a page_token with {what}, fingerprint right", c => c.Indicators.ListCheckInsAsync(
                Broken(CheckIns(), r => r.PageToken = PageToken.Next(CheckIns(), time, id)), deadline: Calls.Deadline), "page_token");
        }

        yield return Unary("GetRollup", "rollup_id 0", c => c.Indicators.GetRollupAsync(new GetRollupRequest(), deadline: Calls.Deadline), "rollup_id");
        yield return Unary("GetRollup", "rollup_id −1", c => c.Indicators.GetRollupAsync(new GetRollupRequest { RollupId = -1 }, deadline: Calls.Deadline), "rollup_id");
        yield return Unary("GetRollup", "rollup_id int64 minimum", c => c.Indicators.GetRollupAsync(new GetRollupRequest { RollupId = long.MinValue }, deadline: Calls.Deadline), "rollup_id");
    }

    // ---- Bytes that are no protobuf of the request type, sent with a pass-through marshaller ------

    private static IEnumerable<BadInput> Unparsable()
    {
        (string Service, string Method, MethodType Type, string Request)[] methods =
        [
            ("DossierService", "UpsertDossiers", MethodType.Unary, "UpsertDossiersRequest"),
            ("DossierService", "SyncDossiers", MethodType.ClientStreaming, "SyncDossiersRequest"),
            ("DossierService", "GetDossier", MethodType.Unary, "GetDossierRequest"),
            ("DossierService", "ListDossiers", MethodType.Unary, "ListDossiersRequest"),
            ("SurveyService", "UpsertSurveys", MethodType.Unary, "UpsertSurveysRequest"),
            ("SurveyService", "SyncSurveys", MethodType.ClientStreaming, "SyncSurveysRequest"),
            ("SurveyService", "GetSurvey", MethodType.Unary, "GetSurveyRequest"),
            ("SurveyService", "ListSurveys", MethodType.Unary, "ListSurveysRequest"),
            ("ChangeFeedService", "WatchChanges", MethodType.ServerStreaming, "WatchChangesRequest"),
            ("ReferenceService", "ListUnits", MethodType.Unary, "ListUnitsRequest"),
            ("ReferenceService", "ListProcedures", MethodType.Unary, "ListProceduresRequest"),
            ("IndicatorService", "GetScorecard", MethodType.Unary, "GetScorecardRequest"),
            ("IndicatorService", "ListCheckIns", MethodType.Unary, "ListCheckInsRequest"),
            ("IndicatorService", "GetSeries", MethodType.Unary, "GetSeriesRequest"),
            ("IndicatorService", "RankChildren", MethodType.Unary, "RankChildrenRequest"),
            ("IndicatorService", "StartRollup", MethodType.Unary, "StartRollupRequest"),
            ("IndicatorService", "GetRollup", MethodType.Unary, "GetRollupRequest"),
        ];
        (string What, byte[] Bytes)[] garbage =
        [
            ("a zero tag", [0x00]),
            ("a field longer than the message", [0x0A, 0x05, 0x01]),
            ("a varint of eleven bytes", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            ("wire type 7", [0x0F, 0x01]),
            ("an end-group with no start", [0x0C]),
            ("a negative length", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ];
        foreach (var (service, method, type, request) in methods)
        {
            foreach (var (what, bytes) in garbage)
            {
                yield return new(method, $"bytes with {what}", c => RawCall(c, $"friendlygov.v1.{service}", method, type, bytes),
                    InvalidArgument, Field: null, InMessage: $"cannot be parsed as friendlygov.v1.{request}");
            }
        }
    }

    // ---- Valid requests, and the breakers --------------------------------------------------------

    private static Dossier ValidDossier() => WireDossiers.New(Unit, "90", 1);

    private static Survey ValidSurvey() => new()
    {
        SourceSystem = "PORTAL",
        Key = "KS-BAD-1",
        UnitCode = Unit,
        SurveyedTime = Timestamp.FromDateTime(new DateTime(2026, 3, 3, 3, 0, 0, DateTimeKind.Utc)),
        Channel = SurveyChannel.Online,
        Scores = new SurveyScores { Access = 5, Procedure = 4, StaffAttitude = 5, Timeliness = 4, Result = 5 },
        Satisfied = true,
        SourceVersion = 1,
    };

    private static T Broken<T>(T valid, Action<T> breakIt)
    {
        breakIt(valid);
        return valid;
    }

    /// <summary>A code with look-alike digits, a trailing line break, a space, a NUL, or a megabyte more.</summary>
    private static IEnumerable<(string What, string Value)> CodeBreakers(string valid) =>
    [
        ("Arabic-Indic digits", new string([.. valid.Select(c => char.IsAsciiDigit(c) ? (char)('\u0660' + (c - '0')) : c)])),
        ("full-width digits", new string([.. valid.Select(c => char.IsAsciiDigit(c) ? (char)('\uff10' + (c - '0')) : c)])),
        ("a trailing line feed", valid + "\n"),
        ("a trailing CR LF", valid + "\r\n"),
        ("a leading space", " " + valid),
        ("a NUL", valid + "\0"),
        ("a megabyte more", valid + Megabyte),
    ];

    /// <summary>Tokens no list sent: not base64, a megabyte long, or well formed for another list.</summary>
    private static IEnumerable<(string What, string Token)> PageTokenBreakers(Google.Protobuf.IMessage request) =>
    [
        ("that is no base64", "-5"),
        ("of three letters", "abc"),
        ("a megabyte long", Megabyte),
        ("of another list", PageToken.Next(new ListProceduresRequest { Field = "Hộ tịch" }, "1.001193")),
        ("with a NUL", PageToken.Next(request, "1.001193") + "\0"),
    ];

    private static IEnumerable<((string Text, string Field) What, Period Period)> PeriodBreakers() =>
    [
        (("year 1999", "year"), new Period { Year = 1999, Quarter = 1 }),
        (("year 2101", "year"), new Period { Year = 2101 }),
        (("year int32 minimum", "year"), new Period { Year = int.MinValue, Quarter = 1 }),
        (("year int32 maximum", "year"), new Period { Year = int.MaxValue, Quarter = 4 }),
        (("quarter 5", "quarter"), new Period { Year = 2025, Quarter = 5 }),
        (("quarter −1", "quarter"), new Period { Year = 2025, Quarter = -1 }),
    ];

    private static Supplement[] Supplements(DateTime received, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Supplement { RequestedTime = Timestamp.FromDateTime(received.AddMinutes(2 * i + 1)), ResumedTime = Timestamp.FromDateTime(received.AddMinutes(2 * i + 2)) })];

    private static void Received(Dossier dossier, DateTime received)
    {
        dossier.ReceivedTime = Timestamp.FromDateTime(received);
        dossier.DueTime = Timestamp.FromDateTime(received.AddDays(1));
        dossier.Code = $"000.90.{dossier.UnitCode}.H56-{received.AddHours(7):yyMMdd}-000001";
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- Case builders ------------------------------------------------------------------------------

    private static BadInput Dossier(string what, Action<Dossier> breakIt, string field) =>
        UpsertDossiers(what, [Broken(ValidDossier(), breakIt)], "records[0]." + field);

    private static BadInput UpsertDossiers(string what, Dossier[] records, string field) =>
        Unary("UpsertDossiers", what, c => c.Dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { records } }, deadline: Calls.Deadline), field);

    private static BadInput SyncDossiers(string what, Dossier[][] batches, StatusCode code, string field) =>
        new("SyncDossiers", what, async c =>
        {
            using var call = c.Dossiers.SyncDossiers(deadline: Calls.Deadline);
            foreach (var batch in batches)
            {
                await call.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { batch } });
            }

            await call.RequestStream.CompleteAsync();
            return Answer.Rejected((await call).Results);
        }, code, field);

    private static BadInput Survey(string what, Action<Survey> breakIt, string field) =>
        UpsertSurveys(what, [Broken(ValidSurvey(), breakIt)], "records[0]." + field);

    private static BadInput UpsertSurveys(string what, Survey[] records, string field) =>
        Unary("UpsertSurveys", what, c => c.Surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { records } }, deadline: Calls.Deadline), field);

    private static BadInput ListDossiers(string what, Action<ListDossiersRequest> breakIt, string field) =>
        Unary("ListDossiers", what, c => c.Dossiers.ListDossiersAsync(Broken(new ListDossiersRequest(), breakIt), deadline: Calls.Deadline), field);

    private static BadInput ListSurveys(string what, Action<ListSurveysRequest> breakIt, string field) =>
        Unary("ListSurveys", what, c => c.Surveys.ListSurveysAsync(Broken(new ListSurveysRequest(), breakIt), deadline: Calls.Deadline), field);

    private static BadInput Watch(string what, Action<WatchChangesRequest> breakIt, string field) =>
        new("WatchChanges", what, async c =>
        {
            using var call = c.Feed.WatchChanges(Broken(new WatchChangesRequest(), breakIt), deadline: Calls.Deadline);
            await call.ResponseStream.MoveNext(CancellationToken.None);
            return Answer.Ok;
        }, InvalidArgument, field);

    private static BadInput Unary<TResponse>(string method, string what, Func<Calls, AsyncUnaryCall<TResponse>> call, string field) =>
        new(method, what, async c =>
        {
            await call(c);
            return Answer.Ok;
        }, InvalidArgument, field);

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static async Task<Answer> RawCall(Calls calls, string service, string name, MethodType type, byte[] payload)
    {
        var method = new Method<byte[], byte[]>(type, service, name, Bytes, Bytes);
        var invoker = calls.Channel.CreateCallInvoker();
        var options = new CallOptions(deadline: Calls.Deadline);
        switch (type)
        {
            case MethodType.ClientStreaming:
                using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                {
                    await call.RequestStream.WriteAsync(payload);
                    await call.RequestStream.CompleteAsync();
                    await call;
                }

                break;
            case MethodType.ServerStreaming:
                using (var call = invoker.AsyncServerStreamingCall(method, null, options, payload))
                {
                    await call.ResponseStream.MoveNext(CancellationToken.None);
                }

                break;
            default:
                await invoker.AsyncUnaryCall(method, null, options, payload);
                break;
        }

        return Answer.Ok;
    }
}
