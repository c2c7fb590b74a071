using FriendlyGov.Domain.Indicators;

namespace FriendlyGov.Domain.Tests;

/// <summary>Targets (chỉ tiêu): inheritance down the unit tree, quarter over year, met or not, and their rules.</summary>
public class TargetTests
{
    private const int Province = 38;
    private const int District = 380;
    private const int Commune = 15958;
    private const int OtherCommune = 15961;

    /// <summary>The commune first, then its ancestors, nearest first.</summary>
    private static readonly int[] CommuneAndAncestors = [Commune, District, Province];

    private static Target T(int unitId, decimal value, int year = 2023, int? quarter = null, TargetDirection direction = TargetDirection.AtLeast) => new()
    {
        IndicatorCode = IndicatorCodes.OnTimeShare,
        UnitId = unitId,
        Year = year,
        Quarter = quarter,
        Value = value,
        Direction = direction,
    };

    private static FieldError SingleError(Target target) => Assert.Single(target.Validate());

    // ---- Resolve ---------------------------------------------------------------------------

    [Fact]
    public void AProvinceTargetIsInheritedByACommune()
    {
        var province = T(Province, 95m);

        var resolved = Target.Resolve([province], CommuneAndAncestors, new Period(2023, 4));

        Assert.Same(province, resolved);
    }

    [Fact]
    public void ACommuneOverrideWinsOverTheProvinceWhateverTheOrder()
    {
        var province = T(Province, 95m);
        var commune = T(Commune, 100m);

        Assert.Same(commune, Target.Resolve([province, commune], CommuneAndAncestors, new Period(2023, 4)));
        Assert.Same(commune, Target.Resolve([commune, province], CommuneAndAncestors, new Period(2023, 4)));
    }

    [Fact]
    public void TheNearestAncestorWins()
    {
        var province = T(Province, 95m);
        var district = T(District, 97m);

        Assert.Same(district, Target.Resolve([province, district], CommuneAndAncestors, new Period(2023, 2)));
    }

    [Fact]
    public void AQuarterSpecificTargetWinsOverTheYearsTarget()
    {
        var year = T(Commune, 95m);
        var q3 = T(Commune, 99m, quarter: 3);

        Assert.Same(q3, Target.Resolve([year, q3], CommuneAndAncestors, new Period(2023, 3)));
        Assert.Same(q3, Target.Resolve([q3, year], CommuneAndAncestors, new Period(2023, 3)));
    }

    [Fact]
    public void AnotherQuartersTargetDoesNotApply()
    {
        var year = T(Commune, 95m);
        var q3 = T(Commune, 99m, quarter: 3);

        Assert.Same(year, Target.Resolve([year, q3], CommuneAndAncestors, new Period(2023, 4)));
        Assert.Null(Target.Resolve([q3], CommuneAndAncestors, new Period(2023, 4)));
    }

    [Fact]
    public void AYearPeriodUsesTheYearsTargetNotAQuarters()
    {
        var year = T(Province, 95m);
        var q1 = T(Commune, 99m, quarter: 1);

        Assert.Same(year, Target.Resolve([q1, year], CommuneAndAncestors, Period.OfYear(2023)));
    }

    [Fact]
    public void ACommunesOwnYearTargetWinsOverAProvinceQuarterTarget()
    {
        // The unit's nearness decides first; the quarter only breaks ties within one unit.
        var communeYear = T(Commune, 100m);
        var provinceQ2 = T(Province, 90m, quarter: 2);

        Assert.Same(communeYear, Target.Resolve([provinceQ2, communeYear], CommuneAndAncestors, new Period(2023, 2)));
    }

    [Fact]
    public void NothingResolvesForAnotherYear()
    {
        Target[] candidates = [T(Province, 95m, year: 2023), T(Commune, 100m, year: 2023, quarter: 1)];

        Assert.Null(Target.Resolve(candidates, CommuneAndAncestors, new Period(2024, 1)));
        Assert.Null(Target.Resolve(candidates, CommuneAndAncestors, Period.OfYear(2022)));
    }

    [Fact]
    public void ASiblingCommunesTargetIsNotInherited()
    {
        Assert.Null(Target.Resolve([T(OtherCommune, 100m)], CommuneAndAncestors, new Period(2023, 1)));
    }

    [Fact]
    public void NoCandidatesResolveToNothing()
    {
        Assert.Null(Target.Resolve([], CommuneAndAncestors, new Period(2023, 1)));
    }

    // ---- IsMetBy ---------------------------------------------------------------------------

    [Theory]
    [InlineData(98.0, true)]
    [InlineData(100.0, true)]
    [InlineData(97.99, false)]
    [InlineData(0.0, false)]
    public void AnAtLeastTargetIsMetByTheValueOrMore(double actual, bool met)
    {
        var target = T(Commune, 98m, direction: TargetDirection.AtLeast);

        Assert.Equal(met, target.IsMetBy((decimal)actual));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(2.0, true)]
    [InlineData(2.01, false)]
    [InlineData(5.0, false)]
    public void AnAtMostTargetIsMetByTheValueOrLess(double actual, bool met)
    {
        var target = T(Commune, 2m, direction: TargetDirection.AtMost);

        Assert.Equal(met, target.IsMetBy((decimal)actual));
    }

    [Fact]
    public void AZeroOverdueTargetIsMetOnlyByZero()
    {
        var target = T(Commune, 0m, direction: TargetDirection.AtMost);

        Assert.True(target.IsMetBy(0m));
        Assert.False(target.IsMetBy(1m));
    }

    // ---- Validate --------------------------------------------------------------------------

    [Fact]
    public void AValidTargetHasNoErrors()
    {
        Assert.Empty(T(Commune, 100m).Validate());
        Assert.Empty(T(Commune, 100m, quarter: 4).Validate());
    }

    [Fact]
    public void EveryReportDefaultIsAValidTargetWithItsOwnIndicator()
    {
        foreach (var (indicator, value, direction) in Target.ReportDefaults)
        {
            var target = new Target { IndicatorCode = indicator, UnitId = Commune, Year = 2025, Value = value, Direction = direction };
            Assert.Empty(target.Validate());
        }

        Assert.Equal(Target.ReportDefaults.Count, Target.ReportDefaults.Select(d => d.Indicator).Distinct().Count());
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2101)]
    public void AYearOutsideTheRangeIsRefused(int year)
    {
        Assert.Equal("year", SingleError(T(Commune, 100m, year: year)).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public void AQuarterOtherThanOneToFourIsRefused(int quarter)
    {
        Assert.Equal("quarter", SingleError(T(Commune, 100m, quarter: quarter)).Field);
    }

    [Fact]
    public void ANegativeValueIsRefused()
    {
        Assert.Equal("value", SingleError(T(Commune, -1m)).Field);
    }

    [Fact]
    public void AnUnspecifiedDirectionIsRefused()
    {
        Assert.Equal("direction", SingleError(T(Commune, 100m, direction: TargetDirection.Unspecified)).Field);
    }

    [Fact]
    public void AMissingIndicatorCodeIsRefused()
    {
        var target = T(Commune, 100m);
        target.IndicatorCode = " ";

        Assert.Equal("indicator_code", SingleError(target).Field);
    }

    [Fact]
    public void ATargetWithoutAUnitIsRefused()
    {
        Assert.Equal("unit_code", SingleError(T(0, 100m)).Field);
    }
}
