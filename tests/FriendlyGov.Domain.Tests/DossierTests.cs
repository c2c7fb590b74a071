using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;

namespace FriendlyGov.Domain.Tests;

/// <summary>
/// The one-stop dossier: its rules (Validate), its lifecycle (MoveTo), its derived columns and the
/// on-time rule (IsLate / EffectiveDueAt), and the legacy online-level mapping.
/// </summary>
public class DossierTests
{
    // Received Fri 03/11/2023 09:00 Vietnam time; due Wed 08/11/2023 17:00 Vietnam time.
    private static readonly DateTime Received = Utc(2023, 11, 3, 2, 0);
    private static readonly DateTime Due = Utc(2023, 11, 8, 10, 0);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>A valid dossier, just received at the counter; each test breaks one thing.</summary>
    internal static Dossier ValidDossier() => new()
    {
        Code = "000.00.14.H56-231103-0118",
        UnitId = 15958,
        ProcedureId = 1,
        Channel = DossierChannel.Counter,
        OnlineLevel = OnlineLevel.NotOnline,
        ReceivedAt = Received,
        DueAt = Due,
        Status = DossierStatus.Received,
        Applicant = new Applicant { Name = "Nguyễn Văn An", IdNumber = "001203004567", Phone = "0912345678" },
        SourceSystem = "dvc",
        SourceVersion = 1,
    };

    /// <summary>A valid finished dossier, finished at <paramref name="finished"/>.</summary>
    private static Dossier FinishedDossier(DateTime finished)
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.Finished;
        dossier.FinishedAt = finished;
        return dossier;
    }

    private static FieldError SingleError(Dossier dossier) => Assert.Single(dossier.Validate());

    private static string[] ErrorFields(Dossier dossier) => dossier.Validate().Select(e => e.Field).ToArray();

    // ---- Validate: a valid dossier ---------------------------------------------------------

    [Fact]
    public void AValidDossierHasNoErrors()
    {
        Assert.Empty(ValidDossier().Validate());
    }

    [Fact]
    public void AValidDossierPassesEnsureValidAndGetsItsDerivedColumns()
    {
        var dossier = ValidDossier().EnsureValid();

        Assert.Equal(20234, dossier.ReceivedQuarter);
        Assert.Null(dossier.FinishedQuarter);
        Assert.Equal(0, dossier.SupplementCount);
        Assert.Equal(Due, dossier.EffectiveDueAt);
    }

    [Fact]
    public void AValidOnlineDossierWithoutApplicantDetailsHasNoErrors()
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = OnlineLevel.FullyOnline;
        dossier.InterAgency = true;
        dossier.Applicant = new Applicant();

        Assert.Empty(dossier.Validate());
    }

    // ---- Validate: the dossier code --------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("000.00.14.H56-231103")]
    [InlineData("000.00.14.H56-231103-01")]
    [InlineData("000.00.14.h56-231103-0118")]
    [InlineData("0000014H56-231103-0118")]
    [InlineData("000.00.14.H56-20231103-0118")]
    [InlineData(" 000.00.14.H56-231103-0118")]
    [InlineData("000.00.14.H56-231103-0118\n")]
    [InlineData("000.00.14.H56-٢٣١١٠٣-0118")]
    [InlineData("000.00.14.H56-231103-0118\0")]
    public void ACodeThatDoesNotFollowTheNationalPatternIsRefused(string code)
    {
        var dossier = ValidDossier();
        dossier.Code = code;

        Assert.Equal("code", SingleError(dossier).Field);
    }

    [Fact]
    public void ACodeWhoseDatePartIsNotADateIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Code = "000.00.14.H56-231340-0118";

        var error = SingleError(dossier);

        Assert.Equal("code", error.Field);
        Assert.Contains("yymmdd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACodeWhoseDateIsNotTheReceivedDateIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Code = "000.00.14.H56-231102-0118";

        Assert.Equal("code", SingleError(dossier).Field);
    }

    [Fact]
    public void TheCodeDateIsTheReceivedDateInVietnamTimeNotInUtc()
    {
        // 2023-11-02T18:30Z is 01:30 on 03/11 in Vietnam.
        var dossier = ValidDossier();
        dossier.ReceivedAt = Utc(2023, 11, 2, 18, 30);

        dossier.Code = "000.00.14.H56-231103-0118";
        Assert.Empty(dossier.Validate());

        dossier.Code = "000.00.14.H56-231102-0118";
        Assert.Equal("code", SingleError(dossier).Field);
    }

    [Fact]
    public void ADossierReceivedAMinuteBeforeLocalMidnightKeepsThatDayInItsCode()
    {
        // 2023-11-02T16:59Z is 23:59 on 02/11 in Vietnam.
        var dossier = ValidDossier();
        dossier.ReceivedAt = Utc(2023, 11, 2, 16, 59);

        dossier.Code = "000.00.14.H56-231102-0118";
        Assert.Empty(dossier.Validate());

        dossier.Code = "000.00.14.H56-231103-0118";
        Assert.Equal("code", SingleError(dossier).Field);
    }

    [Fact]
    public void ACodeWithASixDigitSequenceAndAShortAgencyCodeIsAccepted()
    {
        var dossier = ValidDossier();
        dossier.Code = "H56.14-231103-012345";

        Assert.Empty(dossier.Validate());
    }

    // ---- Validate: times -------------------------------------------------------------------

    [Fact]
    public void DueTimeBeforeReceivedTimeIsRefused()
    {
        var dossier = ValidDossier();
        dossier.DueAt = Received.AddMinutes(-1);

        Assert.Equal("due_time", SingleError(dossier).Field);
    }

    [Fact]
    public void DueTimeEqualToReceivedTimeIsAccepted()
    {
        var dossier = ValidDossier();
        dossier.DueAt = Received;

        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void FinishedTimeBeforeReceivedTimeIsRefused()
    {
        var dossier = FinishedDossier(Received.AddMinutes(-1));

        Assert.Equal("finished_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ReturnedTimeBeforeFinishedTimeIsRefused()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 7, 3, 0));
        dossier.Status = DossierStatus.Returned;
        dossier.ReturnedAt = Utc(2023, 11, 7, 2, 59);

        var error = SingleError(dossier);

        Assert.Equal("returned_time", error.Field);
        Assert.Contains("finished_time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinishedStatusWithoutFinishedTimeIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.Finished;

        Assert.Equal("finished_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ReturnedStatusWithoutFinishedTimeIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.Returned;
        dossier.ReturnedAt = Utc(2023, 11, 7, 3, 0);

        Assert.Equal("finished_time", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData(DossierStatus.Received)]
    [InlineData(DossierStatus.InProgress)]
    public void FinishedTimeWhileStillOpenIsRefused(DossierStatus status)
    {
        var dossier = ValidDossier();
        dossier.Status = status;
        dossier.FinishedAt = Utc(2023, 11, 7, 3, 0);

        Assert.Equal("finished_time", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData(DossierStatus.Refused)]
    [InlineData(DossierStatus.Stopped)]
    [InlineData(DossierStatus.Withdrawn)]
    public void EveryClosedStatusNeedsTheTimeItClosedAsTheContractSays(DossierStatus status)
    {
        var dossier = ValidDossier();
        dossier.Status = status;
        Assert.Equal("finished_time", SingleError(dossier).Field);

        dossier.FinishedAt = Utc(2023, 11, 7, 3, 0);
        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void ReturnedTimeBeforeTheResultIsReturnedIsRefused()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 7, 3, 0));
        dossier.ReturnedAt = Utc(2023, 11, 7, 4, 0);

        Assert.Equal("returned_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ReturnedStatusWithoutReturnedTimeIsRefused()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 7, 3, 0));
        dossier.Status = DossierStatus.Returned;

        Assert.Equal("returned_time", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData("received_time")]
    [InlineData("due_time")]
    [InlineData("finished_time")]
    [InlineData("returned_time")]
    public void LocalTimesAreRefused(string field)
    {
        var dossier = FinishedDossier(Utc(2023, 11, 7, 3, 0));
        dossier.Status = DossierStatus.Returned;
        dossier.ReturnedAt = Utc(2023, 11, 7, 4, 0);
        Assert.Empty(dossier.Validate());

        switch (field)
        {
            case "received_time":
                dossier.ReceivedAt = DateTime.SpecifyKind(dossier.ReceivedAt, DateTimeKind.Local);
                break;
            case "due_time":
                dossier.DueAt = DateTime.SpecifyKind(dossier.DueAt, DateTimeKind.Unspecified);
                break;
            case "finished_time":
                dossier.FinishedAt = DateTime.SpecifyKind(dossier.FinishedAt!.Value, DateTimeKind.Local);
                break;
            default:
                dossier.ReturnedAt = DateTime.SpecifyKind(dossier.ReturnedAt!.Value, DateTimeKind.Unspecified);
                break;
        }

        var error = Assert.Single(dossier.Validate(), e => e.Field == field);
        Assert.Equal("must be a UTC time", error.Message);
    }

    [Fact]
    public void AMissingDueTimeIsRefused()
    {
        var dossier = ValidDossier();
        dossier.DueAt = default;

        var errors = dossier.Validate();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("due_time", e.Field));
    }

    [Fact]
    public void ALocalReceivedTimeIsReportedOnTheReceivedTimeAloneNotOnAValidCode()
    {
        var dossier = ValidDossier();
        dossier.ReceivedAt = DateTime.SpecifyKind(Received, DateTimeKind.Local);

        Assert.Equal("received_time", SingleError(dossier).Field);
    }

    // ---- Validate: channel and online level ------------------------------------------------

    [Fact]
    public void OnlineChannelWithNotOnlineLevelIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = OnlineLevel.NotOnline;

        Assert.Equal("online_level", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData(OnlineLevel.PartlyOnline)]
    [InlineData(OnlineLevel.FullyOnline)]
    public void OnlineChannelWithAnOnlineLevelIsAccepted(OnlineLevel level)
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = level;

        Assert.Empty(dossier.Validate());
    }

    [Theory]
    [InlineData(DossierChannel.Counter, OnlineLevel.PartlyOnline)]
    [InlineData(DossierChannel.Counter, OnlineLevel.FullyOnline)]
    [InlineData(DossierChannel.PublicPostal, OnlineLevel.PartlyOnline)]
    [InlineData(DossierChannel.PublicPostal, OnlineLevel.FullyOnline)]
    public void AnOfflineChannelWithAnOnlineLevelIsRefused(DossierChannel channel, OnlineLevel level)
    {
        var dossier = ValidDossier();
        dossier.Channel = channel;
        dossier.OnlineLevel = level;

        Assert.Equal("online_level", SingleError(dossier).Field);
    }

    [Fact]
    public void APostalDossierThatIsNotOnlineIsAccepted()
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.PublicPostal;

        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void AnUnspecifiedChannelIsRefusedOnTheChannel()
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Unspecified;

        Assert.Equal("channel", SingleError(dossier).Field);
    }

    [Fact]
    public void AnUndefinedOnlineLevelIsRefused()
    {
        var dossier = ValidDossier();
        dossier.OnlineLevel = (OnlineLevel)9;

        Assert.Contains("online_level", ErrorFields(dossier));
    }

    [Theory]
    [InlineData(OnlineCapability.NotOnline, OnlineLevel.PartlyOnline)]
    [InlineData(OnlineCapability.NotOnline, OnlineLevel.FullyOnline)]
    [InlineData(OnlineCapability.PartlyOnline, OnlineLevel.FullyOnline)]
    public void AnOnlineLevelAboveTheProcedureCapabilityIsRefused(OnlineCapability capability, OnlineLevel level)
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = level;
        dossier.Procedure = new Procedure { Id = 1, OnlineCapability = capability };

        var error = SingleError(dossier);

        Assert.Equal("online_level", error.Field);
        Assert.Contains("procedure", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnlineCapability.PartlyOnline, OnlineLevel.PartlyOnline)]
    [InlineData(OnlineCapability.FullyOnline, OnlineLevel.PartlyOnline)]
    [InlineData(OnlineCapability.FullyOnline, OnlineLevel.FullyOnline)]
    [InlineData(OnlineCapability.Unspecified, OnlineLevel.FullyOnline)]
    public void AnOnlineLevelWithinTheProcedureCapabilityIsAccepted(OnlineCapability capability, OnlineLevel level)
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = level;
        dossier.Procedure = new Procedure { Id = 1, OnlineCapability = capability };

        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void TheProcedureCapabilityIsOnlyCheckedWhenTheProcedureIsLoaded()
    {
        var dossier = ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = OnlineLevel.FullyOnline;
        dossier.Procedure = null;

        Assert.Empty(dossier.Validate());
    }

    // ---- Validate: applicant ---------------------------------------------------------------

    [Theory]
    [InlineData("00120300456")]
    [InlineData("0012030045678")]
    [InlineData("12345678")]
    [InlineData("1234567890")]
    [InlineData("00120300456A")]
    [InlineData(" 001203004567")]
    [InlineData("")]
    [InlineData("٠٠١٢٠٣٠٠٤٥٦٧")] // Arabic-Indic digits: \d would take them
    [InlineData("００１２０３００４５６７")] // full-width digits
    [InlineData("001203004567\n")] // $ would match before the line feed
    public void ABadApplicantIdNumberIsRefused(string idNumber)
    {
        var dossier = ValidDossier();
        dossier.Applicant.IdNumber = idNumber;

        Assert.Equal("applicant.id_number", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData("001203004567")]
    [InlineData("123456789")]
    [InlineData(null)]
    public void ACitizenIdOrAnOldIdCardNumberIsAccepted(string? idNumber)
    {
        var dossier = ValidDossier();
        dossier.Applicant.IdNumber = idNumber;

        Assert.Empty(dossier.Validate());
    }

    [Theory]
    [InlineData("912345678")]
    [InlineData("84912345678")]
    [InlineData("091234567")]
    [InlineData("091234567890")]
    [InlineData("0912 345 678")]
    [InlineData("0912-345-678")]
    [InlineData("+8412345678")]
    [InlineData("")]
    [InlineData("٠٩١٢٣٤٥٦٧٨")]
    [InlineData("0912345678\n")]
    public void ABadApplicantPhoneIsRefused(string phone)
    {
        var dossier = ValidDossier();
        dossier.Applicant.Phone = phone;

        Assert.Equal("applicant.phone", SingleError(dossier).Field);
    }

    [Theory]
    [InlineData("0912345678")]
    [InlineData("+84912345678")]
    [InlineData("02838221234")]
    [InlineData(null)]
    public void AVietnamesePhoneNumberIsAccepted(string? phone)
    {
        var dossier = ValidDossier();
        dossier.Applicant.Phone = phone;

        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void AnApplicantNameLongerThan200CharactersIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Applicant.Name = new string('A', 201);
        Assert.Equal("applicant.name", SingleError(dossier).Field);

        dossier.Applicant.Name = new string('A', 200);
        Assert.Empty(dossier.Validate());
    }

    // ---- Validate: references and source ---------------------------------------------------

    [Fact]
    public void ADossierWithoutAUnitIsRefused()
    {
        var dossier = ValidDossier();
        dossier.UnitId = 0;

        Assert.Equal("unit_code", SingleError(dossier).Field);
    }

    [Fact]
    public void ADossierWithoutAProcedureIsRefused()
    {
        var dossier = ValidDossier();
        dossier.ProcedureId = 0;

        Assert.Equal("procedure_code", SingleError(dossier).Field);
    }

    [Fact]
    public void UnsavedUnitAndProcedureObjectsCountAsSet()
    {
        var dossier = ValidDossier();
        dossier.UnitId = 0;
        dossier.ProcedureId = 0;
        dossier.Unit = new Units.AdministrativeUnit { Code = "15958", Name = "Xã Hoằng Kim" };
        dossier.Procedure = new Procedure { Code = "1.001193", OnlineCapability = OnlineCapability.NotOnline };

        Assert.Empty(dossier.Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingSourceSystemIsRefused(string source)
    {
        var dossier = ValidDossier();
        dossier.SourceSystem = source;

        Assert.Equal("source_system", SingleError(dossier).Field);
    }

    [Fact]
    public void ANegativeSourceVersionIsRefused()
    {
        var dossier = ValidDossier();
        dossier.SourceVersion = -1;

        Assert.Equal("source_version", SingleError(dossier).Field);
    }

    [Fact]
    public void AnUnspecifiedStatusIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.Unspecified;

        Assert.Equal("status", SingleError(dossier).Field);
    }

    // ---- Validate: supplement requests -----------------------------------------------------

    [Fact]
    public void AResumedSupplementBeforeItsRequestIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 4, 1, 0) });

        Assert.Equal("supplements[0].resumed_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ASupplementRequestedBeforeTheDossierWasReceivedIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Received.AddHours(-1), ResumedAt = Received.AddHours(1) });

        Assert.Equal("supplements[0].requested_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ASupplementRequestedBeforeThePreviousOneResumedIsRefused()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 5, 1, 0), ResumedAt = Utc(2023, 11, 6, 2, 0) });

        Assert.Equal("supplements[1].requested_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ALocalSupplementTimeIsRefusedWithItsIndex()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });
        dossier.Supplements.Add(new SupplementRequest
        {
            RequestedAt = Utc(2023, 11, 5, 3, 0),
            ResumedAt = DateTime.SpecifyKind(Utc(2023, 11, 6, 2, 0), DateTimeKind.Local),
        });

        Assert.Equal("supplements[1].resumed_time", SingleError(dossier).Field);
    }

    [Fact]
    public void OnlyTheLastSupplementRequestMayStillBeOpen()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.SupplementRequested;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 5, 2, 0) });

        Assert.Equal("supplements[0].resumed_time", SingleError(dossier).Field);
    }

    [Fact]
    public void ADossierAwaitingASupplementNeedsAnOpenRequest()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.SupplementRequested;
        Assert.Equal("supplements", SingleError(dossier).Field);

        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });
        Assert.Equal("supplements", SingleError(dossier).Field);

        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 6, 2, 0) });
        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void AnOpenSupplementRequestDoesNotFitADossierInProgress()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0) });

        Assert.Equal("supplements", SingleError(dossier).Field);
    }

    [Fact]
    public void ASupplementEndingAfterTheFinishedTimeIsRefused()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 5, 2, 0));
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 3, 0) });

        Assert.Equal("supplements[0]", SingleError(dossier).Field);
    }

    // ---- Validate: several errors ----------------------------------------------------------

    [Fact]
    public void SeveralBrokenRulesAreAllReportedAtOnce()
    {
        var dossier = ValidDossier();
        dossier.Code = "not a code";
        dossier.DueAt = Received.AddDays(-1);
        dossier.Channel = DossierChannel.Online;
        dossier.Applicant.IdNumber = "123";
        dossier.Applicant.Phone = "12345";
        dossier.UnitId = 0;

        string[] expected = ["applicant.id_number", "applicant.phone", "code", "due_time", "online_level", "unit_code"];

        Assert.Equal(expected, ErrorFields(dossier).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EnsureValidThrowsWithEveryErrorAndTheRecordName()
    {
        var dossier = ValidDossier();
        dossier.DueAt = Received.AddDays(-1);
        dossier.Applicant.Phone = "12345";

        var ex = Assert.Throws<DomainValidationException>(() => dossier.EnsureValid());

        Assert.Equal("Dossier", ex.Record);
        string[] expected = ["applicant.phone", "due_time"];
        Assert.Equal(expected, ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains("due_time", ex.Message, StringComparison.Ordinal);
        Assert.Contains("applicant.phone", ex.Message, StringComparison.Ordinal);
    }

    // ---- Lifecycle (MoveTo) ----------------------------------------------------------------

    [Fact]
    public void AFullLifecycleSetsTheTimesAndTheSupplementRequest()
    {
        var dossier = ValidDossier();
        var started = Utc(2023, 11, 3, 3, 0);
        var requested = Utc(2023, 11, 6, 2, 0);
        var resumed = Utc(2023, 11, 7, 2, 0);
        var finished = Utc(2023, 11, 9, 2, 0);
        var returned = Utc(2023, 11, 9, 3, 0);

        dossier.MoveTo(DossierStatus.InProgress, started);
        Assert.Equal(DossierStatus.InProgress, dossier.Status);
        Assert.Empty(dossier.Supplements);

        dossier.MoveTo(DossierStatus.SupplementRequested, requested);
        Assert.Equal(DossierStatus.SupplementRequested, dossier.Status);
        var supplement = Assert.Single(dossier.Supplements);
        Assert.Equal(requested, supplement.RequestedAt);
        Assert.Null(supplement.ResumedAt);

        dossier.MoveTo(DossierStatus.InProgress, resumed);
        Assert.Equal(resumed, Assert.Single(dossier.Supplements).ResumedAt);
        Assert.Equal(Due.AddDays(1), dossier.EffectiveDueAt);

        dossier.MoveTo(DossierStatus.Finished, finished);
        Assert.Equal(DossierStatus.Finished, dossier.Status);
        Assert.Equal(finished, dossier.FinishedAt);
        Assert.Null(dossier.ReturnedAt);

        dossier.MoveTo(DossierStatus.Returned, returned);
        Assert.Equal(DossierStatus.Returned, dossier.Status);
        Assert.Equal(finished, dossier.FinishedAt);
        Assert.Equal(returned, dossier.ReturnedAt);
        Assert.Equal(1, dossier.SupplementCount);
        Assert.Equal(20234, dossier.FinishedQuarter);
        Assert.Empty(dossier.Validate());
    }

    [Theory]
    [InlineData(DossierStatus.Returned, DossierStatus.InProgress)]
    [InlineData(DossierStatus.Received, DossierStatus.Finished)]
    [InlineData(DossierStatus.Received, DossierStatus.Returned)]
    [InlineData(DossierStatus.Received, DossierStatus.Stopped)]
    [InlineData(DossierStatus.InProgress, DossierStatus.InProgress)]
    [InlineData(DossierStatus.InProgress, DossierStatus.Returned)]
    [InlineData(DossierStatus.SupplementRequested, DossierStatus.Finished)]
    [InlineData(DossierStatus.SupplementRequested, DossierStatus.Refused)]
    [InlineData(DossierStatus.Finished, DossierStatus.InProgress)]
    [InlineData(DossierStatus.Finished, DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.Refused, DossierStatus.InProgress)]
    [InlineData(DossierStatus.Stopped, DossierStatus.InProgress)]
    [InlineData(DossierStatus.Withdrawn, DossierStatus.Received)]
    [InlineData(DossierStatus.Returned, DossierStatus.Finished)]
    [InlineData(DossierStatus.Unspecified, DossierStatus.Received)]
    public void AForbiddenTransitionThrowsOnTheStatusAndChangesNothing(DossierStatus from, DossierStatus to)
    {
        var dossier = ValidDossier();
        dossier.Status = from;

        var ex = Assert.Throws<DomainValidationException>(() => dossier.MoveTo(to, Utc(2023, 11, 6, 2, 0)));

        Assert.Equal("status", Assert.Single(ex.Errors).Field);
        Assert.Equal(from, dossier.Status);
        Assert.Null(dossier.FinishedAt);
        Assert.Null(dossier.ReturnedAt);
        Assert.Empty(dossier.Supplements);
    }

    [Theory]
    [InlineData(DossierStatus.Refused)]
    [InlineData(DossierStatus.Withdrawn)]
    public void ClosingAReceivedDossierSetsItsFinishedTime(DossierStatus closed)
    {
        var dossier = ValidDossier();
        var at = Utc(2023, 11, 4, 2, 0);

        dossier.MoveTo(closed, at);

        Assert.Equal(closed, dossier.Status);
        Assert.Equal(at, dossier.FinishedAt);
        Assert.Null(dossier.ReturnedAt);
    }

    [Fact]
    public void StoppingADossierInProgressSetsItsFinishedTime()
    {
        var dossier = ValidDossier();
        dossier.MoveTo(DossierStatus.InProgress, Utc(2023, 11, 3, 3, 0));

        dossier.MoveTo(DossierStatus.Stopped, Utc(2023, 11, 4, 2, 0));

        Assert.Equal(DossierStatus.Stopped, dossier.Status);
        Assert.Equal(Utc(2023, 11, 4, 2, 0), dossier.FinishedAt);
    }

    [Fact]
    public void ACitizenMayWithdrawWhileASupplementIsAwaited()
    {
        var dossier = ValidDossier();
        dossier.MoveTo(DossierStatus.SupplementRequested, Utc(2023, 11, 4, 2, 0));

        dossier.MoveTo(DossierStatus.Withdrawn, Utc(2023, 11, 6, 2, 0));

        Assert.Equal(DossierStatus.Withdrawn, dossier.Status);
        Assert.Null(Assert.Single(dossier.Supplements).ResumedAt);
        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void AMoveThatBreaksARuleThrowsTheRuleItBreaks()
    {
        var dossier = ValidDossier();
        dossier.MoveTo(DossierStatus.InProgress, Utc(2023, 11, 3, 3, 0));

        var ex = Assert.Throws<DomainValidationException>(() => dossier.MoveTo(DossierStatus.Finished, Received.AddDays(-1)));

        Assert.Contains(ex.Errors, e => e.Field == "finished_time");
    }

    [Fact]
    public void AMoveThatBreaksARuleLeavesTheDossierAsItWas()
    {
        var dossier = ValidDossier();
        dossier.MoveTo(DossierStatus.InProgress, Utc(2023, 11, 3, 3, 0));

        Assert.Throws<DomainValidationException>(() => dossier.MoveTo(DossierStatus.Finished, Received.AddDays(-1)));
        Assert.Throws<DomainValidationException>(() => dossier.MoveTo(DossierStatus.SupplementRequested, Received.AddDays(-1)));

        Assert.Equal(DossierStatus.InProgress, dossier.Status);
        Assert.Null(dossier.FinishedAt);
        Assert.Empty(dossier.Supplements);
        Assert.Empty(dossier.Validate());
    }

    // ---- Derived columns -------------------------------------------------------------------

    [Theory]
    [InlineData(16, 59, 20234)] // 31/12/2023 23:59 in Vietnam
    [InlineData(17, 0, 20241)] // 01/01/2024 00:00 in Vietnam
    public void TheReceivedQuarterIsDecidedInVietnamTime(int hourUtc, int minuteUtc, int expectedKey)
    {
        var dossier = ValidDossier();
        dossier.ReceivedAt = Utc(2023, 12, 31, hourUtc, minuteUtc);

        dossier.RefreshDerived();

        Assert.Equal(expectedKey, dossier.ReceivedQuarter);
    }

    [Fact]
    public void TheFinishedQuarterIsDecidedInVietnamTime()
    {
        var dossier = FinishedDossier(Utc(2024, 3, 31, 17, 30)); // 01/04/2024 00:30 in Vietnam

        dossier.RefreshDerived();

        Assert.Equal(20242, dossier.FinishedQuarter);
    }

    [Fact]
    public void ALocalReceivedTimeGivesNoQuarterInsteadOfAWrongOne()
    {
        var dossier = ValidDossier();
        dossier.ReceivedAt = DateTime.SpecifyKind(Received, DateTimeKind.Local);

        dossier.RefreshDerived();

        Assert.Equal(0, dossier.ReceivedQuarter);
    }

    [Fact]
    public void EffectiveDueAtAddsEveryResumedSupplementPauseButNotAnOpenOne()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.SupplementRequested;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 6, 2, 0), ResumedAt = Utc(2023, 11, 6, 8, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 7, 2, 0) });

        dossier.RefreshDerived();

        Assert.Equal(3, dossier.SupplementCount);
        Assert.Equal(Due + TimeSpan.FromHours(30), dossier.EffectiveDueAt);
    }

    // ---- IsLate ----------------------------------------------------------------------------

    [Fact]
    public void FinishedExactlyAtTheDueTimeIsOnTime()
    {
        Assert.False(FinishedDossier(Due).IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void FinishedAMinuteAfterTheDueTimeIsLate()
    {
        Assert.True(FinishedDossier(Due.AddMinutes(1)).IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void FinishedAfterTheDueTimeButWithinTheSupplementPauseIsOnTime()
    {
        var dossier = FinishedDossier(Due.AddDays(1));
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 6, 2, 0) });
        Assert.Empty(dossier.Validate());

        Assert.False(dossier.IsLate(Due.AddDays(30)));
        Assert.Equal(Due.AddDays(2), dossier.EffectiveDueAt);
    }

    [Fact]
    public void ARefusedDossierIsNeverLateEvenAfterTwoSupplementRequests()
    {
        var dossier = FinishedDossier(Due.AddDays(5));
        dossier.Status = DossierStatus.Refused;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 6, 2, 0), ResumedAt = Utc(2023, 11, 7, 2, 0) });
        Assert.Empty(dossier.Validate());

        Assert.False(dossier.IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void FinishedAfterTheDueTimePlusTheSupplementPauseIsLate()
    {
        var dossier = FinishedDossier(Due.AddDays(2).AddMinutes(1));
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 6, 2, 0) });

        Assert.True(dossier.IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void ReturnedAfterTheDueTimeIsLateWhenFinishedLate()
    {
        var dossier = FinishedDossier(Due.AddHours(1));
        dossier.Status = DossierStatus.Returned;
        dossier.ReturnedAt = Due.AddHours(2);

        Assert.True(dossier.IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void TheResultReturnedLateDoesNotMakeAnOnTimeDossierLate()
    {
        var dossier = FinishedDossier(Due.AddHours(-1));
        dossier.Status = DossierStatus.Returned;
        dossier.ReturnedAt = Due.AddDays(3);

        Assert.False(dossier.IsLate(Due.AddDays(30)));
    }

    [Fact]
    public void TwoSupplementRequestsAreLateEvenWhenFinishedEarly()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 6, 2, 0));
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 3, 3, 0), ResumedAt = Utc(2023, 11, 3, 4, 0) });
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 3, 5, 0), ResumedAt = Utc(2023, 11, 3, 6, 0) });
        Assert.Empty(dossier.Validate());

        Assert.True(dossier.IsLate(Utc(2023, 11, 6, 2, 0)));
    }

    [Fact]
    public void OneSupplementRequestFinishedEarlyIsOnTime()
    {
        var dossier = FinishedDossier(Utc(2023, 11, 6, 2, 0));
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 3, 3, 0), ResumedAt = Utc(2023, 11, 3, 4, 0) });

        Assert.False(dossier.IsLate(Utc(2023, 11, 6, 2, 0)));
    }

    [Theory]
    [InlineData(DossierStatus.Received)]
    [InlineData(DossierStatus.InProgress)]
    public void AnOpenDossierPastItsDueTimeIsLate(DossierStatus status)
    {
        var dossier = ValidDossier();
        dossier.Status = status;

        Assert.True(dossier.IsLate(Due.AddMinutes(1)));
    }

    [Theory]
    [InlineData(DossierStatus.Received)]
    [InlineData(DossierStatus.InProgress)]
    public void AnOpenDossierBeforeOrAtItsDueTimeIsNotLate(DossierStatus status)
    {
        var dossier = ValidDossier();
        dossier.Status = status;

        Assert.False(dossier.IsLate(Received.AddHours(1)));
        Assert.False(dossier.IsLate(Due));
    }

    [Fact]
    public void AnOpenDossierIsLateOnlyAfterItsDueTimePlusTheSupplementPause()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 5, 2, 0) });

        Assert.False(dossier.IsLate(Due.AddHours(12)));
        Assert.True(dossier.IsLate(Due.AddDays(1).AddMinutes(1)));
    }

    [Fact]
    public void ADossierAwaitingASupplementIsNotLateEvenPastItsDueTime()
    {
        var dossier = ValidDossier();
        dossier.Status = DossierStatus.SupplementRequested;
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0) });

        Assert.False(dossier.IsLate(Due.AddDays(10)));
    }

    [Theory]
    [InlineData(DossierStatus.Refused)]
    [InlineData(DossierStatus.Stopped)]
    [InlineData(DossierStatus.Withdrawn)]
    public void ARefusedStoppedOrWithdrawnDossierIsNotLate(DossierStatus status)
    {
        var dossier = ValidDossier();
        dossier.Status = status;
        dossier.FinishedAt = Due.AddDays(5);
        Assert.Empty(dossier.Validate());

        Assert.False(dossier.IsLate(Due.AddDays(10)));
    }

    [Fact]
    public void IsLateRefreshesTheDerivedColumnsFirst()
    {
        var dossier = FinishedDossier(Due.AddDays(1));
        dossier.RefreshDerived();
        Assert.True(dossier.IsLate(Due.AddDays(30)));

        // A supplement pause added after the last refresh still counts.
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = Utc(2023, 11, 4, 2, 0), ResumedAt = Utc(2023, 11, 6, 2, 0) });

        Assert.False(dossier.IsLate(Due.AddDays(30)));
    }

    // ---- A period is judged as it stood at its end ---------------------------------------

    /// <summary>Vietnam time on the day, at the hour.</summary>
    private static DateTime Vn(int month, int day, int hour = 9) => VietnamTime.ToUtc(new DateOnly(2025, month, day), new TimeOnly(hour, 0));

    private static readonly DateTime EndOfQ2 = new Period(2025, 2).EndUtc;

    private static readonly DateTime EndOfQ3 = new Period(2025, 3).EndUtc;

    private static Dossier DossierOf2025(DateTime received, DateTime due, DossierStatus status, params SupplementRequest[] supplements)
    {
        var dossier = ValidDossier();
        dossier.Code = $"000.00.14.H56-{VietnamTime.LocalDate(received):yyMMdd}-0118";
        dossier.ReceivedAt = received;
        dossier.DueAt = due;
        dossier.Status = status;
        dossier.Supplements = [.. supplements];
        return dossier;
    }

    [Fact]
    public void DueOn1JulyAndAskedOn29JuneAndAgainOn2JulyIsNotLateAtTheEndOfTheSecondQuarter()
    {
        var dossier = DossierOf2025(Vn(6, 20), Vn(7, 1, 17), DossierStatus.SupplementRequested,
            new SupplementRequest { RequestedAt = Vn(6, 29), ResumedAt = Vn(6, 30) },
            new SupplementRequest { RequestedAt = Vn(7, 2) });
        Assert.Empty(dossier.Validate());

        Assert.False(dossier.IsLate(EndOfQ2), "on 30 June it had one request and was not due");
        Assert.True(dossier.IsLate(EndOfQ3), "asked twice by the end of September");
        Assert.Equal(Vn(7, 2), dossier.LateAt);
    }

    [Fact]
    public void DueOn26SeptemberAwaitingTheCitizenSince22SeptemberAndStoppedOn20OctoberIsNotLateAtTheEndOfTheThirdQuarter()
    {
        var dossier = DossierOf2025(Vn(9, 15), Vn(9, 26, 17), DossierStatus.Stopped, new SupplementRequest { RequestedAt = Vn(9, 22) });
        dossier.FinishedAt = Vn(10, 20);
        Assert.Empty(dossier.Validate());

        Assert.False(dossier.IsLate(EndOfQ3), "the clock was paused, four days before the due time");
        Assert.Null(dossier.LateAt);
        Assert.False(dossier.IsLate(Vn(12, 31)), "stopped: no result was due");
    }

    [Fact]
    public void DueOn8SeptemberAndAwaitingTheCitizenFrom20SeptemberTo20OctoberIsLateAtTheEndOfTheThirdQuarter()
    {
        var dossier = DossierOf2025(Vn(9, 1), Vn(9, 8, 17), DossierStatus.InProgress, new SupplementRequest { RequestedAt = Vn(9, 20), ResumedAt = Vn(10, 20) });
        var awaiting = DossierOf2025(Vn(9, 1), Vn(9, 8, 17), DossierStatus.SupplementRequested, new SupplementRequest { RequestedAt = Vn(9, 20) });

        Assert.True(dossier.IsLate(EndOfQ3), "past due on 8 September, twelve days before the request");
        Assert.True(awaiting.IsLate(EndOfQ3), "the same, as it stood on 30 September");
        Assert.Equal(Vn(9, 8, 17), dossier.LateAt);
        Assert.Equal(Vn(10, 8, 17), dossier.EffectiveDueAt);
    }

    [Fact]
    public void ARequestMadeBeforeTheDueTimeAndStillOpenMeansNotLateAsThingsStand()
    {
        var dossier = DossierOf2025(Vn(9, 1), Vn(9, 8, 17), DossierStatus.SupplementRequested, new SupplementRequest { RequestedAt = Vn(9, 5) });

        Assert.Null(dossier.LateAt);
        Assert.False(dossier.IsLate(Vn(12, 31)));
    }

    [Fact]
    public void AResumptionMovesLateAtOnlyBeyondItselfByTheTimeThatWasLeft()
    {
        var dossier = DossierOf2025(Vn(9, 1), Vn(9, 8, 17), DossierStatus.SupplementRequested, new SupplementRequest { RequestedAt = Vn(9, 5, 17) });
        var endOfQ3WasLate = dossier.IsLate(EndOfQ3);

        dossier.Supplements[0].ResumedAt = Vn(10, 20, 17);
        dossier.Status = DossierStatus.InProgress;
        dossier.RefreshDerived();

        Assert.Equal(Vn(10, 23, 17), dossier.LateAt);
        Assert.Equal(endOfQ3WasLate, dossier.IsLate(EndOfQ3));
    }

    [Fact]
    public void ASecondRequestBeforeTheClockRunsOutMakesTheDossierLateFromThatRequest()
    {
        var dossier = DossierOf2025(Vn(9, 1), Vn(9, 20, 17), DossierStatus.InProgress,
            new SupplementRequest { RequestedAt = Vn(9, 2), ResumedAt = Vn(9, 3) },
            new SupplementRequest { RequestedAt = Vn(9, 4), ResumedAt = Vn(9, 5) });
        dossier.RefreshDerived();

        Assert.Equal(Vn(9, 4), dossier.LateAt);
        Assert.False(dossier.IsLate(Vn(9, 4)));
        Assert.True(dossier.IsLate(Vn(9, 4).AddSeconds(1)));
    }

    [Fact]
    public void AFinishedDossierIsJudgedOpenUpToItsFinishedTimeAndByTheOnTimeRuleAfter()
    {
        var dossier = DossierOf2025(Vn(9, 1), Vn(9, 8, 17), DossierStatus.Finished, new SupplementRequest { RequestedAt = Vn(9, 5), ResumedAt = Vn(9, 6) });
        dossier.FinishedAt = Vn(9, 9, 16);

        Assert.False(dossier.IsLate(Vn(9, 9, 12)), "open and within the due time plus the day paused");
        Assert.False(dossier.IsLate(Vn(9, 30)), "finished within the due time plus the day paused");
    }

    /// <summary>
    /// Random histories of requests and pauses: whether an open dossier is late at E is what its raw
    /// timestamps say as of E, and stays so whatever happens after E (requests, resumptions, closing).
    /// </summary>
    [Fact]
    public void LatenessAtAnInstantFollowsTheRawTimestampsAndNoLaterEventChangesIt()
    {
        var random = new Random(2025);
        for (var n = 0; n < 5000; n++)
        {
            var received = Vn(1, 1).AddMinutes(random.Next(0, 60 * 24 * 30));
            var dossier = DossierOf2025(received, received.AddHours(random.Next(1, 24 * 15)), DossierStatus.InProgress);
            var at = received;
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                at = at.AddHours(random.Next(0, 24 * 8));
                var request = new SupplementRequest { RequestedAt = at };
                dossier.Supplements.Add(request);
                if (i > 1 || random.Next(3) > 0)
                {
                    at = at.AddHours(random.Next(0, 24 * 8));
                    request.ResumedAt = at;
                }
            }

            var end = received.AddHours(random.Next(0, 24 * 40));
            var late = dossier.IsLate(end);
            Assert.True(late == NaivelyLate(dossier, end), $"dossier {n} at {end:O}");

            // Events after the end: the open request resumed, a new request, the dossier stopped.
            var after = (at > end ? at : end).AddHours(random.Next(0, 24 * 5));
            if (dossier.Supplements.Count > 0 && dossier.Supplements[^1].ResumedAt is null)
            {
                dossier.Supplements[^1].ResumedAt = after;
            }

            dossier.Supplements.Add(new SupplementRequest { RequestedAt = after.AddHours(1) });
            dossier.Status = DossierStatus.Stopped;
            dossier.FinishedAt = after.AddHours(2);
            Assert.Empty(dossier.Validate());
            Assert.True(late == dossier.IsLate(end), $"dossier {n}: an event after {end:O} changed its lateness then");
        }
    }

    /// <summary>Open at E: late when asked twice before E, or when E is past the due time plus the pauses elapsed before E.</summary>
    private static bool NaivelyLate(Dossier dossier, DateTime end)
    {
        var asked = dossier.Supplements.Where(s => s.RequestedAt < end).ToList();
        var paused = asked.Aggregate(TimeSpan.Zero, (sum, s) => sum + ((s.ResumedAt is { } resumed && resumed < end ? resumed : end) - s.RequestedAt));
        return dossier.ReceivedAt < end && (asked.Count >= 2 || end > dossier.DueAt + paused);
    }

    // ---- Online levels ---------------------------------------------------------------------

    [Theory]
    [InlineData(1, OnlineLevel.NotOnline)]
    [InlineData(2, OnlineLevel.NotOnline)]
    [InlineData(3, OnlineLevel.PartlyOnline)]
    [InlineData(4, OnlineLevel.FullyOnline)]
    public void LegacyOnlineLevelsMapOntoDecree42(int legacy, OnlineLevel expected)
    {
        Assert.Equal(expected, OnlineLevels.FromLegacyLevel(legacy));
    }

    [Theory]
    [InlineData(OnlineLevel.NotOnline, 2)]
    [InlineData(OnlineLevel.PartlyOnline, 3)]
    [InlineData(OnlineLevel.FullyOnline, 4)]
    public void Decree42LevelsMapBackToTheLegacyLevels(OnlineLevel level, int expected)
    {
        Assert.Equal(expected, level.ToLegacyLevel());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void LegacyLevelsTwoToFourRoundTrip(int legacy)
    {
        Assert.Equal(legacy, OnlineLevels.FromLegacyLevel(legacy).ToLegacyLevel());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public void AnInvalidLegacyLevelThrows(int legacy)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnlineLevels.FromLegacyLevel(legacy));
    }

    [Theory]
    [InlineData(OnlineLevel.Unspecified)]
    [InlineData((OnlineLevel)7)]
    public void AnUnspecifiedOrUndefinedLevelHasNoLegacyLevel(OnlineLevel level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => level.ToLegacyLevel());
    }
}
