using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Petitions;

namespace FriendlyGov.Domain.Tests;

/// <summary>A petition's lifecycle rules and its legal deadline (PetitionDeadline states the reading of the law).</summary>
public class PetitionTests
{
    // 2025: 30/04–02/05 off (26/04 worked instead), 01–02/09 National Day.
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Parse(string.Join('\n',
        WorkingCalendar.CsvHeader,
        "2025-04-26,workingday,Làm bù",
        "2025-04-30,holiday,Ngày Chiến thắng",
        "2025-05-01,holiday,Quốc tế Lao động",
        "2025-05-02,holiday,Nghỉ hoán đổi",
        "2025-09-01,holiday,Quốc khánh",
        "2025-09-02,holiday,Quốc khánh"));

    private static Petition Received(PetitionKind kind, DateOnly on) => new()
    {
        UnitId = 1,
        Kind = kind,
        Subject = "Đơn",
        ReceivedOn = on,
        Jurisdiction = Jurisdiction.Own,
        Status = PetitionStatus.Received,
    };

    private static Petition Accepted(PetitionKind kind, DateOnly on, PetitionComplexity complexity = PetitionComplexity.Normal)
    {
        var petition = Received(kind, on.AddDays(-2));
        petition.Status = PetitionStatus.Assigned;
        petition.AcceptedOn = on;
        petition.AssignedTo = "Công chức địa chính";
        petition.Complexity = complexity;
        return petition;
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void AComplaintNotYetAcceptedIsDueForAcceptanceTenWorkingDaysAfterReceipt()
    {
        // Tue 22/04 + 10 working days, skipping 30/04–02/05 and counting Saturday 26/04.
        Assert.Equal(D(2025, 5, 8), PetitionDeadline.DueOn(Received(PetitionKind.Complaint, D(2025, 4, 22)), Calendar));
    }

    [Theory]
    [InlineData(PetitionComplexity.Normal, 2025, 7, 31)]
    [InlineData(PetitionComplexity.Complex, 2025, 8, 15)]
    public void AnAcceptedComplaintIsDueThirtyOrFortyFiveCalendarDaysAfterAcceptance(PetitionComplexity complexity, int year, int month, int day) =>
        Assert.Equal(D(year, month, day), PetitionDeadline.DueOn(Accepted(PetitionKind.Complaint, D(2025, 7, 1), complexity), Calendar));

    [Theory]
    [InlineData(PetitionComplexity.Normal, 2025, 8, 4)] // 02/08 is a Saturday: the next working day
    [InlineData(PetitionComplexity.Complex, 2025, 9, 3)] // 01/09 and 02/09 are holidays
    [InlineData(PetitionComplexity.ParticularlyComplex, 2025, 10, 1)]
    public void AnAcceptedDenunciationIsDueThirtyDaysAfterAcceptanceExtendedByThirtyOnceOrTwice(PetitionComplexity complexity, int year, int month, int day) =>
        Assert.Equal(D(year, month, day), PetitionDeadline.DueOn(Accepted(PetitionKind.Denunciation, D(2025, 7, 3), complexity), Calendar));

    [Fact]
    public void ADenunciationNotYetAcceptedIsDueForAcceptanceSevenWorkingDaysAfterReceipt() =>
        Assert.Equal(D(2025, 7, 10), PetitionDeadline.DueOn(Received(PetitionKind.Denunciation, D(2025, 7, 1)), Calendar));

    [Theory]
    [InlineData(PetitionKind.Recommendation)]
    [InlineData(PetitionKind.Reflection)]
    public void ARecommendationOrReflectionIsDueTenWorkingDaysAfterReceiptWhateverItsStage(PetitionKind kind)
    {
        Assert.Equal(D(2025, 7, 15), PetitionDeadline.DueOn(Received(kind, D(2025, 7, 1)), Calendar));
        var accepted = Received(kind, D(2025, 7, 1));
        accepted.AcceptedOn = D(2025, 7, 14);
        Assert.Equal(D(2025, 7, 15), PetitionDeadline.DueOn(accepted, Calendar));
    }

    [Fact]
    public void AnOpenPetitionPastItsDeadlineIsOverdueAndAClosedOneNever()
    {
        var petition = Received(PetitionKind.Recommendation, D(2025, 7, 1));
        petition.RefreshDeadline(Calendar);
        Assert.False(petition.IsOverdueOn(D(2025, 7, 15)));
        Assert.True(petition.IsOverdueOn(D(2025, 7, 16)));

        petition.Status = PetitionStatus.Resolved;
        petition.ResolvedOn = D(2025, 7, 20);
        Assert.False(petition.IsOverdueOn(D(2025, 7, 16)));
    }

    [Fact]
    public void AnAssignedPetitionNamesWhenAndToWhom()
    {
        var petition = Received(PetitionKind.Complaint, D(2025, 7, 1));
        petition.Status = PetitionStatus.Assigned;
        Assert.Equal(["accepted_on", "assigned_to"], petition.Validate().Select(e => e.Field));
    }

    [Fact]
    public void AForwardedPetitionNamesTheCompetentAgencyAndWhen()
    {
        var petition = Received(PetitionKind.Complaint, D(2025, 7, 1));
        petition.Status = PetitionStatus.Forwarded;
        Assert.Equal("jurisdiction", Assert.Single(petition.Validate()).Field);

        petition.Jurisdiction = Jurisdiction.Forwarded;
        Assert.Equal(["forwarded_on", "forwarded_to"], petition.Validate().Select(e => e.Field));
        petition.ForwardedOn = D(2025, 7, 3);
        petition.ForwardedTo = "UBND huyện";
        Assert.Empty(petition.Validate());
    }

    [Fact]
    public void OnlyADenunciationCanBeParticularlyComplex()
    {
        var petition = Received(PetitionKind.Complaint, D(2025, 7, 1));
        petition.Complexity = PetitionComplexity.ParticularlyComplex;
        Assert.Equal("complexity", Assert.Single(petition.Validate()).Field);
    }
}
