using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Tests;

/// <summary>
/// The rules of the smaller records: administrative units, procedures, satisfaction surveys,
/// letters, reception sessions, dialogues and petitions. Each test starts from a valid record and
/// breaks one thing.
/// </summary>
public class RecordRuleTests
{
    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static FieldError SingleError(IRecord record) => Assert.Single(record.Validate());

    // ---- Administrative units --------------------------------------------------------------

    private static readonly DateOnly UnitsFrom = new(2008, 1, 1);

    private static AdministrativeUnit ProvinceUnit() =>
        AdministrativeUnit.Create("38", "Tỉnh Thanh Hóa", UnitLevel.Province, null, UnitsFrom);

    [Fact]
    public void ARootUnitsPathIsItsCodeBetweenSlashes()
    {
        var province = ProvinceUnit();

        Assert.Equal("/38/", province.Path);
        Assert.Null(province.Parent);
        Assert.Null(province.ParentId);
    }

    [Fact]
    public void AChildUnitsPathIsItsParentsPathPlusItsCode()
    {
        var province = ProvinceUnit();
        province.Id = 1;
        var district = AdministrativeUnit.Create("380", "Huyện Hoằng Hóa", UnitLevel.District, province, UnitsFrom, new DateOnly(2025, 7, 1));
        var commune = AdministrativeUnit.Create("15958", "Xã Hoằng Kim", UnitLevel.Commune, district, UnitsFrom);

        Assert.Equal("/38/380/", district.Path);
        Assert.Equal("/38/380/15958/", commune.Path);
        Assert.Same(province, district.Parent);
        Assert.Equal(1, district.ParentId);
        Assert.Null(commune.ParentId); // the district is not saved yet
        Assert.True(commune.IsWithin(province.Path));
        Assert.True(commune.IsWithin(district.Path));
        Assert.False(district.IsWithin(commune.Path));
    }

    [Fact]
    public void ASubtreeMatchEndsAtASlashNotInsideACode()
    {
        var unit = AdministrativeUnit.Create("380", "Huyện Hoằng Hóa", UnitLevel.District, ProvinceUnit(), UnitsFrom);

        Assert.False(unit.IsWithin("/3/"));
        Assert.True(unit.IsWithin("/38/"));
    }

    [Fact]
    public void AUnitIsValidFromItsFirstDayUntilTheDayBeforeValidTo()
    {
        var unit = AdministrativeUnit.Create("380", "Huyện Hoằng Hóa", UnitLevel.District, ProvinceUnit(), new DateOnly(2020, 1, 1), new DateOnly(2025, 7, 1));

        Assert.False(unit.IsValidOn(new DateOnly(2019, 12, 31)));
        Assert.True(unit.IsValidOn(new DateOnly(2020, 1, 1)));
        Assert.True(unit.IsValidOn(new DateOnly(2025, 6, 30)));
        Assert.False(unit.IsValidOn(new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void AUnitWithoutValidToIsValidForever()
    {
        var unit = ProvinceUnit();

        Assert.True(unit.IsValidOn(new DateOnly(2099, 12, 31)));
        Assert.False(unit.IsValidOn(UnitsFrom.AddDays(-1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("38a")]
    [InlineData("3-8")]
    [InlineData("38/1")]
    [InlineData(" 38")]
    [InlineData("12345678901234567")]
    public void ABadUnitCodeIsRefused(string code)
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            AdministrativeUnit.Create(code, "Tỉnh Thanh Hóa", UnitLevel.Province, null, UnitsFrom));

        Assert.Equal("AdministrativeUnit", ex.Record);
        Assert.Equal("code", Assert.Single(ex.Errors).Field);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("HN")]
    [InlineData("1234567890123456")]
    public void ADigitOrCapitalLetterCodeOfUpTo16CharactersIsAccepted(string code)
    {
        Assert.Equal("/" + code + "/", AdministrativeUnit.Create(code, "Đơn vị", UnitLevel.Province, null, UnitsFrom).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ValidToNotAfterValidFromIsRefused(int days)
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            AdministrativeUnit.Create("38", "Tỉnh Thanh Hóa", UnitLevel.Province, null, UnitsFrom, UnitsFrom.AddDays(days)));

        Assert.Equal("valid_to", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void AUnitWithoutANameOrLevelIsRefused()
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            AdministrativeUnit.Create("38", " ", UnitLevel.Unspecified, null, UnitsFrom));

        string[] expected = ["level", "name"];

        Assert.Equal(expected, ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void APathThatDoesNotEndWithTheCodeIsRefused()
    {
        var unit = ProvinceUnit();
        unit.Path = "/39/";

        Assert.Equal("path", SingleError(unit).Field);
    }

    [Fact]
    public void APathThatDoesNotFollowTheParentIsRefused()
    {
        var province = ProvinceUnit();
        var district = AdministrativeUnit.Create("380", "Huyện Hoằng Hóa", UnitLevel.District, province, UnitsFrom);
        district.Path = "/40/380/";

        Assert.Equal("parent_code", SingleError(district).Field);
    }

    // ---- Procedures ------------------------------------------------------------------------

    private static Procedure ValidProcedure() => new()
    {
        Code = "1.001193",
        Name = "Thủ tục đăng ký khai sinh",
        Field = "Hộ tịch",
        ProcessingWorkingDays = 0,
        OnlineCapability = OnlineCapability.FullyOnline,
        CivilEvent = CivilEvent.Birth,
    };

    [Fact]
    public void AValidProcedureHasNoErrors()
    {
        Assert.Empty(ValidProcedure().Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1001193")]
    [InlineData("1.00119")]
    [InlineData("1.0011930")]
    [InlineData("12.001193")]
    [InlineData("a.001193")]
    public void ABadProcedureCodeIsRefused(string code)
    {
        var procedure = ValidProcedure();
        procedure.Code = code;

        Assert.Equal("code", SingleError(procedure).Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(366)]
    public void AProcessingTimeOutsideZeroTo365WorkingDaysIsRefused(int days)
    {
        var procedure = ValidProcedure();
        procedure.ProcessingWorkingDays = days;

        Assert.Equal("processing_working_days", SingleError(procedure).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(365)]
    public void AProcessingTimeOfZeroTo365WorkingDaysIsAccepted(int days)
    {
        var procedure = ValidProcedure();
        procedure.ProcessingWorkingDays = days;

        Assert.Empty(procedure.Validate());
    }

    [Fact]
    public void AProcedureWithoutNameFieldOrCapabilityIsRefused()
    {
        var procedure = ValidProcedure();
        procedure.Name = "";
        procedure.Field = "";
        procedure.OnlineCapability = OnlineCapability.Unspecified;

        string[] expected = ["field", "name", "online_capability"];

        Assert.Equal(expected, procedure.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AProcedureNameLongerThan500CharactersIsRefused()
    {
        var procedure = ValidProcedure();
        procedure.Name = new string('x', 501);

        Assert.Equal("name", SingleError(procedure).Field);
    }

    // ---- Satisfaction surveys --------------------------------------------------------------

    private static SatisfactionSurvey ValidSurvey() => new()
    {
        Key = "PAPER-2023-0001",
        UnitId = 15958,
        SurveyedAt = Utc(2023, 12, 31, 17, 30), // 01/01/2024 00:30 in Vietnam
        Channel = SurveyChannel.Paper,
        AccessScore = 5,
        ProcedureScore = 4,
        StaffAttitudeScore = 5,
        TimelinessScore = 3,
        ResultScore = 5,
        FeedbackHandlingScore = null,
        Satisfied = true,
        SourceSystem = "paper",
    };

    private static void SetScore(SatisfactionSurvey survey, string field, int? score)
    {
        switch (field)
        {
            case "scores.access": survey.AccessScore = score; break;
            case "scores.procedure": survey.ProcedureScore = score; break;
            case "scores.staff_attitude": survey.StaffAttitudeScore = score; break;
            case "scores.timeliness": survey.TimelinessScore = score; break;
            case "scores.result": survey.ResultScore = score; break;
            case "scores.feedback_handling": survey.FeedbackHandlingScore = score; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a score field.");
        }
    }

    [Fact]
    public void AValidSurveyHasNoErrorsAndFallsInTheQuarterOfItsLocalDate()
    {
        var survey = ValidSurvey().EnsureValid();

        Assert.Equal(20241, survey.SurveyedQuarter);
    }

    [Theory]
    [InlineData("scores.access", 0)]
    [InlineData("scores.procedure", 6)]
    [InlineData("scores.staff_attitude", -1)]
    [InlineData("scores.timeliness", 0)]
    [InlineData("scores.result", 10)]
    [InlineData("scores.feedback_handling", 6)]
    public void AScoreOutsideOneToFiveIsRefusedOnItsField(string field, int score)
    {
        var survey = ValidSurvey();
        SetScore(survey, field, score);

        var error = SingleError(survey);

        Assert.Equal(field, error.Field);
        Assert.Equal("must be between 1 and 5", error.Message);
    }

    [Theory]
    [InlineData("scores.access")]
    [InlineData("scores.procedure")]
    [InlineData("scores.staff_attitude")]
    [InlineData("scores.timeliness")]
    [InlineData("scores.result")]
    [InlineData("scores.feedback_handling")]
    public void EveryScoreMayBeOneToFiveOrEmpty(string field)
    {
        var survey = ValidSurvey();

        foreach (int? score in new int?[] { 1, 5, null })
        {
            SetScore(survey, field, score);
            Assert.Empty(survey.Validate());
        }
    }

    [Fact]
    public void EveryBadScoreIsReported()
    {
        var survey = ValidSurvey();
        survey.AccessScore = 0;
        survey.ResultScore = 6;

        string[] expected = ["scores.access", "scores.result"];

        Assert.Equal(expected, survey.Validate().Select(e => e.Field));
    }

    [Fact]
    public void ASurveyWithALocalTimeIsRefusedAndGetsNoQuarter()
    {
        var survey = ValidSurvey();
        survey.SurveyedAt = DateTime.SpecifyKind(survey.SurveyedAt, DateTimeKind.Local);

        Assert.Equal("surveyed_time", SingleError(survey).Field);
        survey.RefreshDerived();
        Assert.Equal(0, survey.SurveyedQuarter);
    }

    [Fact]
    public void ASurveyWithoutKeyUnitChannelOrSourceIsRefused()
    {
        var survey = ValidSurvey();
        survey.Key = "";
        survey.UnitId = 0;
        survey.Channel = SurveyChannel.Unspecified;
        survey.SourceSystem = "";
        survey.SourceVersion = -1;

        string[] expected = ["channel", "key", "source_system", "source_version", "unit_code"];

        Assert.Equal(expected, survey.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ASurveyCommentLongerThan4000CharactersIsRefused()
    {
        var survey = ValidSurvey();
        survey.Comment = new string('x', 4001);

        Assert.Equal("comment", SingleError(survey).Field);
    }

    // ---- Letters ---------------------------------------------------------------------------

    private static readonly DateTime Issued = Utc(2023, 11, 9, 2, 0);

    private static Letter ValidApology() => new()
    {
        UnitId = 15958,
        Kind = LetterKind.LateApology,
        State = LetterState.Issued,
        DossierId = 42,
        RecipientName = "Nguyễn Văn An",
        Reason = "Hồ sơ cần xác minh thêm",
        NewAppointmentAt = Issued.AddDays(3),
        IssuedAt = Issued,
        IssuedBy = "Lê Thị Bình",
        Delivery = LetterDelivery.Printed,
    };

    /// <summary>An apology the proposal job has just proposed: no reason yet, not issued.</summary>
    private static Letter ProposedApology() => new()
    {
        UnitId = 15958,
        Kind = LetterKind.LateApology,
        State = LetterState.Proposed,
        DossierId = 42,
        RecipientName = "Nguyễn Văn An",
        NewAppointmentAt = Issued.AddDays(3),
        ProposedAt = Issued.AddHours(-2),
        ProposedBy = Letter.SystemProposer,
    };

    [Fact]
    public void AProposedApologyNeedsNoReasonYetAndIsPlacedInTheQuarterItWasProposed()
    {
        var letter = ProposedApology().EnsureValid();

        Assert.Equal(20234, letter.IssuedQuarter);
        Assert.Equal("Mẫu số 04, Thông tư 01/2018/TT-VPCP", letter.FormReference);
    }

    [Fact]
    public void IssuingAnApologyNeedsItsReasonAndRecordsWhoWhenAndHow()
    {
        var letter = ProposedApology();
        letter.Issue(Issued, "motcua.hoangphu", LetterDelivery.Printed);
        Assert.Equal("reason", SingleError(letter).Field);

        letter.Reason = "Hồ sơ cần xác minh thêm";
        letter.EnsureValid();
        Assert.Equal((LetterState.Issued, Issued, "motcua.hoangphu", Issued), (letter.State, letter.IssuedAt, letter.IssuedBy, letter.PrintedAt));
    }

    [Fact]
    public void ALetterNotIssuedHasNoIssueTimeNorDeliveryAndOneIssuedHasBoth()
    {
        var proposed = ProposedApology();
        proposed.IssuedAt = Issued;
        proposed.Delivery = LetterDelivery.Sent;
        string[] notIssued = ["delivery", "issued_time"];
        Assert.Equal(notIssued, proposed.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));

        var issued = ValidApology();
        issued.Delivery = LetterDelivery.Unspecified;
        Assert.Equal("delivery", SingleError(issued).Field);
    }

    [Fact]
    public void AProposalNeedsItsTimeAndProposerAndASetAsideLetterItsReason()
    {
        var letter = ProposedApology();
        letter.ProposedAt = null;
        letter.ProposedBy = null;
        Assert.Equal("proposed_time", SingleError(letter).Field);

        var dismissed = ProposedApology();
        dismissed.State = LetterState.Dismissed;
        Assert.Equal("dismissed_reason", SingleError(dismissed).Field);
        dismissed.DismissedReason = "Công dân đã nhận kết quả, đã xin lỗi trực tiếp";
        Assert.Empty(dismissed.Validate());
    }

    [Theory]
    [InlineData(CivilEvent.Marriage, LetterKind.MarriageCongratulation)]
    [InlineData(CivilEvent.Birth, LetterKind.BirthCongratulation)]
    [InlineData(CivilEvent.Death, LetterKind.DeathCondolence)]
    public void EachCivilStatusRegistrationCallsForItsLetter(CivilEvent civilEvent, LetterKind kind)
    {
        Assert.Equal(kind, Letter.ForCivilEvent(civilEvent));
        Assert.Null(Letter.ForCivilEvent(CivilEvent.None));
    }

    [Fact]
    public void AValidApologyHasNoErrors()
    {
        var letter = ValidApology().EnsureValid();

        Assert.Equal(20234, letter.IssuedQuarter);
    }

    [Fact]
    public void AnApologyMustGiveTheNewAppointment()
    {
        var letter = ValidApology();
        letter.NewAppointmentAt = null;

        Assert.Equal("new_appointment_time", SingleError(letter).Field);
    }

    [Fact]
    public void AnApologyNeedsADossier()
    {
        var letter = ValidApology();
        letter.DossierId = null;

        Assert.Equal("dossier_code", SingleError(letter).Field);
    }

    [Fact]
    public void AnUnsavedDossierObjectCountsAsTheDossier()
    {
        var letter = ValidApology();
        letter.DossierId = null;
        letter.Dossier = new Dossier();

        Assert.Empty(letter.Validate());
    }

    [Theory]
    [InlineData(LetterKind.MarriageCongratulation)]
    [InlineData(LetterKind.BirthCongratulation)]
    [InlineData(LetterKind.DeathCondolence)]
    [InlineData(LetterKind.Thanks)]
    public void OnlyAnApologyGivesANewAppointment(LetterKind kind)
    {
        var letter = ValidApology();
        letter.Kind = kind;

        Assert.Equal("new_appointment_time", SingleError(letter).Field);

        letter.NewAppointmentAt = null;
        Assert.Empty(letter.Validate());
    }

    [Theory]
    [InlineData(LetterKind.MarriageCongratulation)]
    [InlineData(LetterKind.BirthCongratulation)]
    [InlineData(LetterKind.DeathCondolence)]
    public void ACivilStatusLetterNeedsADossier(LetterKind kind)
    {
        var letter = ValidApology();
        letter.Kind = kind;
        letter.NewAppointmentAt = null;
        letter.DossierId = 0;

        Assert.Equal("dossier_code", SingleError(letter).Field);
    }

    [Fact]
    public void AThankYouLetterNeedsNoDossier()
    {
        var letter = ValidApology();
        letter.Kind = LetterKind.Thanks;
        letter.NewAppointmentAt = null;
        letter.DossierId = null;

        Assert.Empty(letter.Validate());
        Assert.False(Letter.NeedsDossier(LetterKind.Thanks));
        Assert.True(Letter.NeedsDossier(LetterKind.LateApology));
    }

    [Fact]
    public void ANewAppointmentBeforeTheLetterIsIssuedIsRefused()
    {
        var letter = ValidApology();
        letter.NewAppointmentAt = Issued.AddMinutes(-1);

        Assert.Equal("new_appointment_time", SingleError(letter).Field);
    }

    [Fact]
    public void ALocalNewAppointmentIsRefused()
    {
        var letter = ValidApology();
        letter.NewAppointmentAt = DateTime.SpecifyKind(Issued.AddDays(3), DateTimeKind.Local);

        Assert.Equal("new_appointment_time", SingleError(letter).Field);
    }

    [Fact]
    public void PrintedBeforeIssuedIsRefused()
    {
        var letter = ValidApology();
        letter.PrintedAt = Issued.AddMinutes(-1);
        Assert.Equal("printed_time", SingleError(letter).Field);

        letter.PrintedAt = Issued;
        Assert.Empty(letter.Validate());
    }

    [Fact]
    public void ALetterWithoutKindRecipientIssuerOrIssueTimeIsRefused()
    {
        var letter = ValidApology();
        letter.Kind = LetterKind.Unspecified;
        letter.NewAppointmentAt = null;
        letter.RecipientName = "";
        letter.IssuedBy = " ";
        letter.IssuedAt = default;

        string[] expected = ["issued_by", "issued_time", "kind", "recipient_name"];

        Assert.Equal(expected, letter.Validate().Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(2025, 6, 30, 16, 59, "Mẫu số 04, Thông tư 01/2018/TT-VPCP")] // 30/06/2025 23:59 in Vietnam
    [InlineData(2025, 6, 30, 17, 0, "Mẫu số 04, Thông tư 03/2025/TT-VPCP")] // 01/07/2025 00:00 in Vietnam
    [InlineData(2023, 11, 9, 2, 0, "Mẫu số 04, Thông tư 01/2018/TT-VPCP")]
    [InlineData(2026, 1, 5, 2, 0, "Mẫu số 04, Thông tư 03/2025/TT-VPCP")]
    public void TheApologyFormSwitchesToCircular03Of2025OnTheFirstOfJuly2025InVietnam(int year, int month, int day, int hour, int minute, string expected)
    {
        var letter = ValidApology();
        letter.IssuedAt = Utc(year, month, day, hour, minute);

        Assert.Equal(expected, letter.FormReference);
    }

    [Theory]
    [InlineData(LetterKind.MarriageCongratulation)]
    [InlineData(LetterKind.Thanks)]
    public void OnlyAnApologyFollowsAnOfficialForm(LetterKind kind)
    {
        var letter = ValidApology();
        letter.Kind = kind;

        Assert.Null(letter.FormReference);
    }

    // ---- Reception sessions ----------------------------------------------------------------

    private static ReceptionSession ValidReception() => new()
    {
        UnitId = 15958,
        HeldOn = new DateOnly(2023, 10, 16),
        HostName = "Lê Văn Cường",
        HostRole = HostRole.PartySecretary,
        CitizensReceived = 3,
        Topic = "Đất đai, môi trường",
    };

    [Fact]
    public void AValidReceptionHasNoErrorsAndFallsInTheQuarterOfItsDate()
    {
        var reception = ValidReception().EnsureValid();

        Assert.Equal(20234, reception.HeldQuarter);
    }

    [Fact]
    public void AReceptionWithNobodyReceivedIsStillValid()
    {
        var reception = ValidReception();
        reception.CitizensReceived = 0;

        Assert.Empty(reception.Validate());
    }

    [Theory]
    [InlineData("unit_code")]
    [InlineData("held_on")]
    [InlineData("host_name")]
    [InlineData("host_role")]
    [InlineData("citizens_received")]
    [InlineData("topic")]
    [InlineData("outcome")]
    public void EachBrokenReceptionRuleIsReportedOnItsField(string field)
    {
        var reception = ValidReception();
        switch (field)
        {
            case "unit_code": reception.UnitId = 0; break;
            case "held_on": reception.HeldOn = default; break;
            case "host_name": reception.HostName = " "; break;
            case "host_role": reception.HostRole = HostRole.Unspecified; break;
            case "citizens_received": reception.CitizensReceived = -1; break;
            case "topic": reception.Topic = ""; break;
            default: reception.Outcome = new string('x', 4001); break;
        }

        Assert.Equal(field, SingleError(reception).Field);
    }

    // ---- Dialogues -------------------------------------------------------------------------

    private static Dialogue ValidDialogue() => new()
    {
        UnitId = 15958,
        HeldOn = new DateOnly(2023, 6, 30),
        HostName = "Lê Văn Cường",
        Participants = 120,
        Topic = "Giải phóng mặt bằng",
        Opinions =
        [
            new DialogueOpinion { Content = "Đường thôn 3 xuống cấp", FollowUp = "Đưa vào kế hoạch 2024", Resolved = true },
            new DialogueOpinion { Content = "Chậm chi trả bồi thường" },
        ],
    };

    [Fact]
    public void AValidDialogueHasNoErrorsAndFallsInTheQuarterOfItsDate()
    {
        var dialogue = ValidDialogue().EnsureValid();

        Assert.Equal(20232, dialogue.HeldQuarter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnOpinionWithoutContentIsReportedWithItsIndex(string content)
    {
        var dialogue = ValidDialogue();
        dialogue.Opinions[1].Content = content;

        Assert.Equal("opinions[1].content", SingleError(dialogue).Field);
    }

    [Fact]
    public void AnOpinionFollowUpLongerThan4000CharactersIsReportedWithItsIndex()
    {
        var dialogue = ValidDialogue();
        dialogue.Opinions[0].FollowUp = new string('x', 4001);

        Assert.Equal("opinions[0].follow_up", SingleError(dialogue).Field);
    }

    [Fact]
    public void EveryEmptyOpinionIsReported()
    {
        var dialogue = ValidDialogue();
        dialogue.Opinions[0].Content = "";
        dialogue.Opinions[1].Content = "";

        Assert.Equal(["opinions[0].content", "opinions[1].content"], dialogue.Validate().Select(e => e.Field));
    }

    [Fact]
    public void ADialogueWithoutOpinionsIsValid()
    {
        var dialogue = ValidDialogue();
        dialogue.Opinions.Clear();

        Assert.Empty(dialogue.Validate());
    }

    [Theory]
    [InlineData("unit_code")]
    [InlineData("held_on")]
    [InlineData("host_name")]
    [InlineData("participants")]
    [InlineData("topic")]
    public void EachBrokenDialogueRuleIsReportedOnItsField(string field)
    {
        var dialogue = ValidDialogue();
        switch (field)
        {
            case "unit_code": dialogue.UnitId = 0; break;
            case "held_on": dialogue.HeldOn = default; break;
            case "host_name": dialogue.HostName = ""; break;
            case "participants": dialogue.Participants = -1; break;
            default: dialogue.Topic = new string('x', 1001); break;
        }

        Assert.Equal(field, SingleError(dialogue).Field);
    }

    // ---- Petitions -------------------------------------------------------------------------

    private static readonly DateOnly PetitionReceived = new(2023, 9, 28);

    private static Petition ValidPetition() => new()
    {
        UnitId = 15958,
        Kind = PetitionKind.Recommendation,
        Subject = "Đề nghị sửa đường thôn 3",
        ReceivedOn = PetitionReceived,
        Jurisdiction = Jurisdiction.Own,
        Status = PetitionStatus.Received,
    };

    [Fact]
    public void AValidPetitionHasNoErrorsAndFallsInTheQuarterItWasReceived()
    {
        var petition = ValidPetition().EnsureValid();

        Assert.Equal(20233, petition.ReceivedQuarter);
    }

    [Fact]
    public void AResolvedPetitionNeedsTheResolvedDate()
    {
        var petition = ValidPetition();
        petition.Status = PetitionStatus.Resolved;
        Assert.Equal("resolved_on", SingleError(petition).Field);

        petition.ResolvedOn = PetitionReceived.AddDays(10);
        Assert.Empty(petition.Validate());
    }

    [Theory]
    [InlineData(PetitionStatus.Received)]
    [InlineData(PetitionStatus.Withdrawn)]
    public void OnlyAResolvedPetitionHasAResolvedDate(PetitionStatus status)
    {
        var petition = ValidPetition();
        petition.Status = status;
        petition.ResolvedOn = PetitionReceived.AddDays(10);

        Assert.Equal("resolved_on", SingleError(petition).Field);
    }

    [Fact]
    public void AResolvedDateBeforeTheReceivedDateIsRefused()
    {
        var petition = ValidPetition();
        petition.Status = PetitionStatus.Resolved;
        petition.ResolvedOn = PetitionReceived.AddDays(-1);

        var error = SingleError(petition);

        Assert.Equal("resolved_on", error.Field);
        Assert.Contains("received_on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APetitionResolvedOnTheDayItWasReceivedIsValid()
    {
        var petition = ValidPetition();
        petition.Status = PetitionStatus.Resolved;
        petition.ResolvedOn = PetitionReceived;

        Assert.Empty(petition.Validate());
    }

    [Fact]
    public void AForwardedPetitionMayNameWhoResolvedIt()
    {
        var petition = ValidPetition();
        petition.Jurisdiction = Jurisdiction.Forwarded;
        petition.ForwardedOn = PetitionReceived.AddDays(3);
        petition.ForwardedTo = "UBND huyện Hoằng Hóa";
        petition.Status = PetitionStatus.Resolved;
        petition.ResolvedOn = PetitionReceived.AddDays(20);
        petition.ResolvedBy = "UBND huyện Hoằng Hóa";
        Assert.Empty(petition.Validate());

        petition.ResolvedBy = new string('x', 201);
        Assert.Equal("resolved_by", SingleError(petition).Field);
    }

    [Theory]
    [InlineData("unit_code")]
    [InlineData("kind")]
    [InlineData("subject")]
    [InlineData("received_on")]
    [InlineData("jurisdiction")]
    [InlineData("status")]
    public void EachBrokenPetitionRuleIsReportedOnItsField(string field)
    {
        var petition = ValidPetition();
        switch (field)
        {
            case "unit_code": petition.UnitId = 0; break;
            case "kind": petition.Kind = PetitionKind.Unspecified; break;
            case "subject": petition.Subject = ""; break;
            case "received_on": petition.ReceivedOn = default; break;
            case "jurisdiction": petition.Jurisdiction = (Jurisdiction)9; break;
            default: petition.Status = PetitionStatus.Unspecified; break;
        }

        Assert.Equal(field, SingleError(petition).Field);
    }
}
