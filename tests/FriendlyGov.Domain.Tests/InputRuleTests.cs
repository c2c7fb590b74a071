using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Tests;

/// <summary>
/// The rules every record shares — what text may hold, the years a record may name — and the
/// rules that need the unit or procedure a record names. Derived columns never throw, whatever a
/// time holds: they are refreshed before the rules are checked.
/// </summary>
public class InputRuleTests
{
    [Theory]
    [InlineData("Xã Hoằng Kim")] // precomposed Vietnamese letters
    [InlineData("Xã Hoa\u0300ng Kim")] // a combining grave accent
    [InlineData("Nguyễn Thị 𠀧")] // a character beyond the first plane (a surrogate pair)
    [InlineData("Lê-Văn O'Brien (Hà Nội)")]
    public void ALineMayHoldAnyPrintableText(string text)
    {
        Assert.True(Text.IsLine(text));
        Assert.True(Text.IsFreeText(text));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\ab")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("ab\r")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")] // C1 control
    [InlineData("a\u200bb")] // zero-width space
    [InlineData("\u202eab")] // right-to-left override
    [InlineData("a\u00adb")] // soft hyphen
    [InlineData("a\u2028b")] // line separator
    public void ALineHoldsNoControlFormatOrLineBreakCharacter(string text)
    {
        Assert.False(Text.IsLine(text));
    }

    [Theory]
    [InlineData("Tốt.\nCán bộ nhiệt tình.")]
    [InlineData("Tốt.\r\n\tCán bộ nhiệt tình.")]
    [InlineData("Rất hài lòng 👨‍👩‍👧")] // an emoji sequence joins its parts with zero-width joiners
    public void FreeTextMayHoldLineBreaksTabsAndEmoji(string text)
    {
        Assert.False(Text.IsLine(text));
        Assert.True(Text.IsFreeText(text));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\ab")]
    [InlineData("a\u001b[2Jb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    public void FreeTextHoldsNoOtherControlCharacter(string text)
    {
        Assert.False(Text.IsFreeText(text));
    }

    [Fact]
    public void NoTextHoldsALoneSurrogate()
    {
        // Built at run time: an attribute's string cannot carry a lone surrogate.
        foreach (var text in new[] { "a" + (char)0xD800 + "b", "a" + (char)0xDC00, ((char)0xD800).ToString() })
        {
            Assert.False(Text.IsLine(text));
            Assert.False(Text.IsFreeText(text));
        }
    }

    [Theory]
    [InlineData("PORTAL", null)]
    [InlineData(" PORTAL", "must not begin or end with white space")]
    [InlineData("PORTAL ", "must not begin or end with white space")]
    [InlineData("   ", "is required")]
    [InlineData("POR\nTAL", "must not contain control, format or line-break characters")]
    public void ASourceSystemIsAnIdentifier(string value, string? message)
    {
        var errors = new Rules().SourceSystem(value).Errors;

        Assert.Equal(message, errors.SingleOrDefault()?.Message);
    }

    [Fact]
    public void AValueOverItsLengthIsRefusedBeforeItsCharactersAreLookedAt()
    {
        var error = Assert.Single(new Rules().Required(new string('\0', 1 << 20), "name", 200).Errors);

        Assert.Equal("must be at most 200 characters", error.Message);
    }

    [Fact]
    public void RecordsNameTheYears2000To2100InVietnamTime()
    {
        Assert.False(RecordDates.Contains(new DateTime(1999, 12, 31, 16, 59, 59, DateTimeKind.Utc)));
        Assert.True(RecordDates.Contains(new DateTime(1999, 12, 31, 17, 0, 0, DateTimeKind.Utc))); // 01/01/2000 00:00 in Vietnam
        Assert.True(RecordDates.Contains(new DateTime(2100, 12, 31, 16, 59, 59, DateTimeKind.Utc)));
        Assert.False(RecordDates.Contains(new DateTime(2100, 12, 31, 17, 0, 0, DateTimeKind.Utc)));
        Assert.False(RecordDates.Contains(DateTime.SpecifyKind(new DateTime(2023, 1, 1), DateTimeKind.Local)));
        Assert.False(RecordDates.Contains(new DateOnly(2101, 1, 1)));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1970, 1, 1)]
    [InlineData(2101, 1, 1)]
    [InlineData(9999, 12, 31)]
    public void ATimeOutsideTheYearsOfRecordsIsRefusedAndItsDerivedColumnsStayEmpty(int year, int month, int day)
    {
        var time = new DateTime(year, month, day, 23, 59, 59, DateTimeKind.Utc);
        var dossier = DossierTests.ValidDossier();
        dossier.ReceivedAt = time;
        dossier.DueAt = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        dossier.Supplements.Add(new SupplementRequest { RequestedAt = DateTime.SpecifyKind(DateTime.MinValue.AddDays(1), DateTimeKind.Utc), ResumedAt = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) });
        dossier.Status = DossierStatus.Finished;
        dossier.FinishedAt = time;

        dossier.RefreshDerived();
        var fields = dossier.Validate().Select(e => e.Field).ToList();

        Assert.Contains("received_time", fields);
        Assert.Contains("due_time", fields);
        Assert.Contains("finished_time", fields);
        Assert.Equal(0, dossier.ReceivedQuarter);
        Assert.Null(dossier.FinishedQuarter);
        Assert.Equal(DateTime.MaxValue.Ticks, dossier.EffectiveDueAt.Ticks);
    }

    [Fact]
    public void MoreThanAHundredSupplementRequestsAreRefusedAsOneViolation()
    {
        var dossier = DossierTests.ValidDossier();
        dossier.Status = DossierStatus.InProgress;
        dossier.Supplements.AddRange(Enumerable.Range(0, Dossier.MaxSupplements + 1)
            .Select(i => new SupplementRequest { RequestedAt = dossier.ReceivedAt.AddMinutes(i * 2), ResumedAt = dossier.ReceivedAt.AddMinutes((i * 2) + 1) }));

        var error = Assert.Single(dossier.Validate());

        Assert.Equal("supplements", error.Field);
        dossier.Supplements.RemoveAt(0);
        Assert.Empty(dossier.Validate());
    }

    [Fact]
    public void ADossierIsReceivedWhileItsUnitExists()
    {
        var dossier = DossierTests.ValidDossier(); // received 03/11/2023
        var reform = new DateOnly(2025, 7, 1);

        Assert.Empty(dossier.Validate(new UnitLifetime(new DateOnly(2008, 1, 1), reform), null));
        Assert.Equal("unit_code", Assert.Single(dossier.Validate(new UnitLifetime(reform, null), null)).Field);
        Assert.Equal("unit_code", Assert.Single(dossier.Validate(new UnitLifetime(new DateOnly(2008, 1, 1), new DateOnly(2023, 11, 3)), null)).Field);
    }

    [Theory]
    [InlineData(OnlineCapability.NotOnline, OnlineLevel.PartlyOnline, false)]
    [InlineData(OnlineCapability.PartlyOnline, OnlineLevel.FullyOnline, false)]
    [InlineData(OnlineCapability.PartlyOnline, OnlineLevel.PartlyOnline, true)]
    [InlineData(OnlineCapability.FullyOnline, OnlineLevel.FullyOnline, true)]
    [InlineData(OnlineCapability.Unspecified, OnlineLevel.FullyOnline, true)]
    public void AProcedureNamedByCodeBoundsTheOnlineLevelAsALoadedOneDoes(OnlineCapability capability, OnlineLevel level, bool valid)
    {
        var dossier = DossierTests.ValidDossier();
        dossier.Channel = DossierChannel.Online;
        dossier.OnlineLevel = level;

        var errors = dossier.Validate(null, capability);

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("online_level", e.Field));
    }

    [Fact]
    public void ASurveyIsTakenWhileItsUnitExists()
    {
        var survey = new SatisfactionSurvey
        {
            Key = "PAPER-1",
            UnitId = 16999,
            SurveyedAt = new DateTime(2025, 6, 30, 16, 59, 0, DateTimeKind.Utc), // 30/06/2025 23:59 in Vietnam
            Channel = SurveyChannel.Paper,
            SourceSystem = "paper",
            Comment = "Cán bộ tận tình.\nThủ tục nhanh.",
        };
        var hoangPhu = new UnitLifetime(new DateOnly(2025, 7, 1), null);

        Assert.Equal("unit_code", Assert.Single(survey.Validate(hoangPhu)).Field);
        survey.SurveyedAt = survey.SurveyedAt.AddMinutes(1);
        Assert.Empty(survey.Validate(hoangPhu));
    }

    [Theory]
    [InlineData("16999", true)]
    [InlineData("HN", true)]
    [InlineData("1699٩", false)]
    [InlineData("16999\n", false)]
    [InlineData("", false)]
    public void AUnitCodeIsAsciiDigitsAndCapitalsToTheEnd(string code, bool wellFormed)
    {
        Assert.Equal(wellFormed, AdministrativeUnit.IsWellFormedCode(code));
    }

    [Theory]
    [InlineData("1.001193", true)]
    [InlineData("١.001193", false)]
    [InlineData("1.001193\n", false)]
    public void AProcedureCodeIsAsciiDigitsToTheEnd(string code, bool wellFormed)
    {
        Assert.Equal(wellFormed, Procedure.IsWellFormedCode(code));
    }
}
