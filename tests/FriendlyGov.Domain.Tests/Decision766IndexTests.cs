using FriendlyGov.Domain.Indicators;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;

namespace FriendlyGov.Domain.Tests;

public sealed class Decision766IndexTests
{
    [Fact]
    public void GroupsWithRecordsAreScoredAndTheOthersSayWhatIsMissing()
    {
        var groups = Decision766Index.Score(new Dictionary<string, decimal?>
        {
            [C.OnTimeShare] = 95m,
            [C.OnlineShare] = 77.02m,
            [C.PaidOnlineShare] = 50m,
            [C.ResultsDigitisedShare] = 40m,
            [C.ResultsElectronicShare] = 90m,
        }).ToDictionary(g => g.Code);

        Assert.Equal(100m, groups.Values.Sum(g => g.MaxPoints));
        Assert.Equal(19m, groups["progress"].Points);
        Assert.Equal(11m + 5.5m, groups["online"].Points);
        Assert.Equal(5.5m + 11m, groups["digitisation"].Points);
        Assert.Null(groups["publicity"].Points);
        Assert.NotEmpty(groups["publicity"].Missing);
        Assert.Null(groups["satisfaction"].Points);
        Assert.Contains(groups["satisfaction"].Missing, m => m.NameEn.Contains("complaint", StringComparison.Ordinal) && m.NameVi.Contains("phản ánh", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingValueLeavesItsGroupUnscored()
    {
        var groups = Decision766Index.Score(new Dictionary<string, decimal?> { [C.OnlineShare] = 60m }).ToDictionary(g => g.Code);

        Assert.Null(groups["online"].Points);
        Assert.Single(groups["online"].Missing);
        Assert.Null(groups["progress"].Points);
    }
}
