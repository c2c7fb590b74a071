using FriendlyGov.Domain.Indicators;

namespace FriendlyGov.Domain.Tests;

/// <summary>A target's status: projected to the period's end while it runs, met or not met once it is closed.</summary>
public class TargetStatusTests
{
    // Q4 2023 has 92 days (1/10–31/12); on 15/11 46 days have gone, the day itself counted: half the quarter.
    private static readonly Period Q4 = new(2023, 4);
    private static readonly DateOnly Half = new(2023, 11, 15);

    private static readonly IndicatorDefinition Satisfaction = IndicatorCatalogue.Get(IndicatorCatalogue.SatisfactionShare);
    private static readonly IndicatorDefinition Chairman = IndicatorCatalogue.Get(IndicatorCatalogue.ChairmanReceptionsPerMonth);
    private static readonly IndicatorDefinition Overdue = IndicatorCatalogue.Get(IndicatorCatalogue.OverdueCount);
    private static readonly IndicatorDefinition Received = IndicatorCatalogue.Get(IndicatorCatalogue.DossiersReceived);

    private static TargetStatus? Status(IndicatorDefinition indicator, decimal target, decimal? value, DateOnly? dataTo, TargetDirection direction = TargetDirection.AtLeast) =>
        TargetProgress.Of(indicator, direction, target, value, Q4, dataTo)?.Status;

    [Theory]
    [InlineData(98, TargetStatus.OnTrack)]
    [InlineData(99.5, TargetStatus.OnTrack)]
    [InlineData(97.99, TargetStatus.AtRisk)]
    [InlineData(93.1, TargetStatus.AtRisk)]
    [InlineData(93.09, TargetStatus.Behind)]
    [InlineData(50, TargetStatus.Behind)]
    public void ARunningShareIsProjectedAsItStandsAndAtRiskWithinFivePercentOfItsTarget(double value, TargetStatus expected)
    {
        var progress = TargetProgress.Of(Satisfaction, TargetDirection.AtLeast, 98m, (decimal)value, Q4, Half)!;

        Assert.Equal(expected, progress.Status);
        Assert.Equal((decimal)value, progress.Projected);
    }

    [Fact]
    public void ARunningShareIsNeverMetBeforeItsEndForItCanStillFall() =>
        Assert.Equal(TargetStatus.OnTrack, Status(Satisfaction, 98m, 100m, Q4.EndExclusive.AddDays(-1)));

    [Theory]
    [InlineData(2, TargetStatus.OnTrack)] // 6 sessions in half the quarter: 12 by its end, 4 a month
    [InlineData(1.9, TargetStatus.AtRisk)] // 3,8 projected, 5% short
    [InlineData(1.89, TargetStatus.Behind)]
    [InlineData(0, TargetStatus.Behind)]
    public void APerMonthRuleGrowsLinearlyWithTheElapsedDays(double value, TargetStatus expected)
    {
        var progress = TargetProgress.Of(Chairman, TargetDirection.AtLeast, 4m, (decimal)value, Q4, Half)!;

        Assert.Equal(expected, progress.Status);
        Assert.Equal(Math.Round((decimal)value * 2, 2), progress.Projected);
    }

    [Fact]
    public void ACountThatHasReachedItsAtLeastTargetIsMetBeforeTheEnd() =>
        Assert.Equal(TargetStatus.Met, Status(Chairman, 4m, 4m, new DateOnly(2023, 10, 20)));

    [Fact]
    public void OnTheFirstDayOneDayCounts()
    {
        // 1 dossier on 1/10 projects to 92 by 31/12.
        var progress = TargetProgress.Of(Received, TargetDirection.AtLeast, 100m, 1m, Q4, Q4.FirstDay)!;

        Assert.Equal(92m, progress.Projected);
        Assert.Equal(TargetStatus.Behind, progress.Status);
    }

    [Fact]
    public void ADayAfterTheEndCountsAsTheLastDay() =>
        Assert.Equal(50m, TargetProgress.Of(Received, TargetDirection.AtLeast, 100m, 50m, Q4, new DateOnly(2024, 2, 1))!.Projected);

    [Fact]
    public void AnAtMostCountAlreadyPassedIsBehindForACountOnlyGrows() =>
        Assert.Equal(TargetStatus.Behind, Status(Overdue, 0m, 1m, new DateOnly(2023, 10, 2), TargetDirection.AtMost));

    [Theory]
    [InlineData(2, TargetStatus.OnTrack)] // 4 projected against ≤ 4
    [InlineData(2.5, TargetStatus.AtRisk)] // 5 projected: on pace to pass it, not passed yet
    [InlineData(4, TargetStatus.AtRisk)]
    [InlineData(4.5, TargetStatus.Behind)]
    public void AnAtMostCountIsAtRiskWhenOnPaceToPassIt(double value, TargetStatus expected) =>
        Assert.Equal(expected, Status(Overdue, 4m, (decimal)value, Half, TargetDirection.AtMost));

    [Fact]
    public void NoOverdueDossierSoFarKeepsAZeroTargetOnTrack() =>
        Assert.Equal(TargetStatus.OnTrack, Status(Overdue, 0m, 0m, Half, TargetDirection.AtMost));

    [Theory]
    [InlineData(98, TargetStatus.Met)]
    [InlineData(97.99, TargetStatus.NotMet)]
    [InlineData(0, TargetStatus.NotMet)]
    public void AClosedPeriodIsOnlyMetOrNotMet(double value, TargetStatus expected)
    {
        var progress = TargetProgress.Of(Satisfaction, TargetDirection.AtLeast, 98m, (decimal)value, Q4, null)!;

        Assert.Equal(expected, progress.Status);
        Assert.Null(progress.Projected);
    }

    [Fact]
    public void AClosedCountIsJudgedAsItStoodNotProjected()
    {
        Assert.Equal(TargetStatus.NotMet, Status(Chairman, 4m, 2m, null));
        Assert.Equal(TargetStatus.Met, Status(Overdue, 0m, 0m, null, TargetDirection.AtMost));
    }

    [Fact]
    public void NothingToMeasureHasNoStatus() => Assert.Null(Status(Satisfaction, 98m, null, Half));

    [Fact]
    public void ARunningYearProjectsByTheDaysOfTheYear()
    {
        // 365 days in 2023; on 1/7, 182 have gone: 91 dossiers project to 182,5.
        var progress = TargetProgress.Of(Received, TargetDirection.AtLeast, 180m, 91m, Period.OfYear(2023), new DateOnly(2023, 7, 1))!;

        Assert.Equal(182.5m, progress.Projected);
        Assert.Equal(TargetStatus.OnTrack, progress.Status);
    }

    [Theory]
    [InlineData(true, new[] { TargetStatus.Met, TargetStatus.NotMet })]
    [InlineData(false, new[] { TargetStatus.Met, TargetStatus.OnTrack, TargetStatus.AtRisk, TargetStatus.Behind })]
    public void AWriterJudgesAClosedPeriodMetOrNotMetOnly(bool closed, TargetStatus[] statuses) =>
        Assert.Equal(statuses, TargetCheckIn.StatusesFor(closed));

    [Fact]
    public void ACheckInNeedsANoteAStatusAndAnAuthor()
    {
        var checkIn = new TargetCheckIn { UnitId = 1, IndicatorCode = IndicatorCodes.OnTimeShare, PeriodKey = 20234, WrittenAt = DateTime.UtcNow };

        Assert.Equal(["note", "status", "author"], checkIn.Validate().Select(e => e.Field));
    }
}
