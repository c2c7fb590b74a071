namespace FriendlyGov.Domain.Tests;

/// <summary>Reporting periods: quarters decided in Vietnam time (UTC+7), yyyyQ keys, navigation.</summary>
public class PeriodTests
{
    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void HalfPastElevenOnTheLastEveningOfMarchInVietnamIsStillTheFirstQuarter()
    {
        // 31/03/2023 23:30 in Vietnam is 16:30 UTC.
        Assert.Equal(new Period(2023, 1), Period.QuarterOf(Utc(2023, 3, 31, 16, 30)));
        Assert.Equal(20231, Period.QuarterKey(Utc(2023, 3, 31, 16, 30)));
    }

    [Fact]
    public void HalfPastMidnightOnTheFirstOfAprilInVietnamIsTheSecondQuarterThoughItIsStillMarchInUtc()
    {
        // 01/04/2023 00:30 in Vietnam is 31/03/2023 17:30 UTC.
        Assert.Equal(new Period(2023, 2), Period.QuarterOf(Utc(2023, 3, 31, 17, 30)));
        Assert.Equal(20232, Period.QuarterKey(Utc(2023, 3, 31, 17, 30)));
    }

    [Theory]
    [InlineData(2023, 12, 31, 16, 59, 20234)] // 31/12/2023 23:59 local
    [InlineData(2023, 12, 31, 17, 0, 20241)] // 01/01/2024 00:00 local
    [InlineData(2024, 6, 30, 16, 59, 20242)]
    [InlineData(2024, 6, 30, 17, 0, 20243)]
    [InlineData(2024, 9, 30, 17, 0, 20244)]
    [InlineData(2024, 1, 1, 0, 0, 20241)]
    public void TheQuarterOfAUtcTimeIsDecidedInVietnamTime(int year, int month, int day, int hour, int minute, int expectedKey)
    {
        Assert.Equal(expectedKey, Period.QuarterKey(Utc(year, month, day, hour, minute)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 2)]
    [InlineData(7, 3)]
    [InlineData(9, 3)]
    [InlineData(10, 4)]
    [InlineData(12, 4)]
    public void TheQuarterOfALocalDateFollowsItsMonth(int month, int quarter)
    {
        var date = new DateOnly(2025, month, 15);

        Assert.Equal(new Period(2025, quarter), Period.QuarterOf(date));
        Assert.Equal((2025 * 10) + quarter, Period.QuarterKey(date));
    }

    [Fact]
    public void ANonUtcTimeHasNoQuarter()
    {
        var local = new DateTime(2023, 3, 31, 23, 30, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Period.QuarterOf(local));
        Assert.Throws<ArgumentException>(() => Period.QuarterKey(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void TheKeyIsTheYearFollowedByTheQuarter()
    {
        Assert.Equal(20234, new Period(2023, 4).Key);
        Assert.Equal(20251, new Period(2025, 1).Key);
        Assert.Equal(20230, Period.OfYear(2023).Key);
    }

    [Theory]
    [InlineData(20231)]
    [InlineData(20232)]
    [InlineData(20233)]
    [InlineData(20234)]
    [InlineData(20230)]
    [InlineData(21004)]
    public void FromKeyRoundTrips(int key)
    {
        Assert.Equal(key, Period.FromKey(key).Key);
    }

    [Fact]
    public void FromKeySplitsYearAndQuarter()
    {
        Assert.Equal(new Period(2023, 4), Period.FromKey(20234));
        Assert.Equal(Period.OfYear(2024), Period.FromKey(20240));
        Assert.True(Period.FromKey(20240).IsYear);
        Assert.False(Period.FromKey(20241).IsYear);
    }

    [Fact]
    public void NextAndPreviousCrossTheYear()
    {
        Assert.Equal(new Period(2024, 1), new Period(2023, 4).Next);
        Assert.Equal(new Period(2023, 4), new Period(2024, 1).Previous);
    }

    [Fact]
    public void NextAndPreviousStayInTheYearInside()
    {
        Assert.Equal(new Period(2023, 3), new Period(2023, 2).Next);
        Assert.Equal(new Period(2023, 1), new Period(2023, 2).Previous);
        Assert.Equal(new Period(2023, 2), new Period(2023, 2).Next.Previous);
    }

    [Fact]
    public void AYearPeriodMovesByWholeYears()
    {
        Assert.Equal(Period.OfYear(2024), Period.OfYear(2023).Next);
        Assert.Equal(Period.OfYear(2022), Period.OfYear(2023).Previous);
        Assert.True(Period.OfYear(2023).Next.IsYear);
    }

    [Theory]
    [InlineData(1, 1, 1, 4, 1)]
    [InlineData(2, 4, 1, 7, 1)]
    [InlineData(3, 7, 1, 10, 1)]
    public void AQuarterStartsOnItsFirstMonthAndEndsBeforeTheNext(int quarter, int firstMonth, int firstDay, int endMonth, int endDay)
    {
        var period = new Period(2023, quarter);

        Assert.Equal(new DateOnly(2023, firstMonth, firstDay), period.FirstDay);
        Assert.Equal(new DateOnly(2023, endMonth, endDay), period.EndExclusive);
    }

    [Fact]
    public void TheFourthQuarterEndsOnNewYearsDay()
    {
        var period = new Period(2023, 4);

        Assert.Equal(new DateOnly(2023, 10, 1), period.FirstDay);
        Assert.Equal(new DateOnly(2024, 1, 1), period.EndExclusive);
    }

    [Fact]
    public void AYearRunsFromTheFirstOfJanuaryToTheNextFirstOfJanuary()
    {
        var year = Period.OfYear(2024);

        Assert.Equal(0, year.Quarter);
        Assert.True(year.IsYear);
        Assert.Equal(new DateOnly(2024, 1, 1), year.FirstDay);
        Assert.Equal(new DateOnly(2025, 1, 1), year.EndExclusive);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryDayOfAQuarterFallsInItAndItsEndFallsInTheNext(int quarter)
    {
        var period = new Period(2024, quarter);

        Assert.Equal(period, Period.QuarterOf(period.FirstDay));
        Assert.Equal(period, Period.QuarterOf(period.EndExclusive.AddDays(-1)));
        Assert.Equal(period.Next, Period.QuarterOf(period.EndExclusive));
        Assert.Equal(period.Next.FirstDay, period.EndExclusive);
    }

    [Fact]
    public void PeriodsPrintAsQuarterSlashYearOrTheYear()
    {
        Assert.Equal("Q4/2023", new Period(2023, 4).ToString());
        Assert.Equal("2023", Period.OfYear(2023).ToString());
    }
}
