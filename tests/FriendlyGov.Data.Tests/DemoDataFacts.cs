using FriendlyGov.Data.Calendar;
using FriendlyGov.Data.Demo;
using FriendlyGov.Domain;

namespace FriendlyGov.Data.Tests;

/// <summary>The demo data as built in memory: deterministic, valid, and following the 2025 reform.</summary>
public sealed class DemoDataFacts
{
    private static readonly Lazy<DemoData> Data = new(() => DemoData.Build(HolidayTable.Shipped()));

    [Fact]
    public void TwoBuildsAreIdentical()
    {
        var again = DemoData.Build(HolidayTable.Shipped());

        Assert.Equal(Data.Value.Dossiers.Select(d => (d.Code, d.FinishedAt, d.Status)), again.Dossiers.Select(d => (d.Code, d.FinishedAt, d.Status)));
        Assert.Equal(Data.Value.Surveys.Count, again.Surveys.Count);
    }

    [Fact]
    public void EveryRecordKeepsItsDomainRules()
    {
        var data = Data.Value;
        IEnumerable<IRecord> records = [.. data.Units, .. data.Procedures, .. data.Dossiers, .. data.Surveys, .. data.Letters, .. data.Receptions, .. data.Dialogues, .. data.Petitions, .. data.Targets];

        Assert.All(records, r => Assert.Empty(r.Validate()));
    }

    [Fact]
    public void RecordsFollowTheUnitTreeOfTheDayTheyHappened()
    {
        var data = Data.Value;

        Assert.All(data.Dossiers, d => Assert.True(d.Unit!.IsValidOn(Domain.Calendar.VietnamTime.LocalDate(d.ReceivedAt)), $"{d.Code} received by {d.Unit.Name} outside its validity"));
        Assert.All(data.Receptions, r => Assert.True(r.Unit!.IsValidOn(r.HeldOn)));
        var successor = Assert.Single(data.Units, u => u.Code == DemoData.NewHoangPhuCode);
        var predecessors = data.Successions.Where(s => s.Successor == successor).Select(s => s.Predecessor!.Name).Order().ToList();
        Assert.Equal(["Xã Hoằng Kim", "Xã Hoằng Phú", "Xã Hoằng Quý", "Xã Hoằng Trung"], predecessors);
        Assert.Equal("/38/" + DemoData.NewHoangPhuCode + "/", successor.Path);
    }

    [Fact]
    public void LaterQuartersVaryAcrossCommunes()
    {
        var data = Data.Value;
        var asOf = DemoData.AsOfUtc;
        var late = data.Dossiers.Where(d => d.ReceivedQuarter >= 20241).GroupBy(d => d.Unit!.Code)
            .ToDictionary(g => g.Key, g => g.Count(d => d.IsLate(asOf)) / (double)g.Count());

        Assert.Contains(late.Values, share => share > 0.01);
        Assert.True(late.Values.Max() - late.Values.Min() > 0.01, "late shares should differ between communes");
        Assert.Contains(data.Surveys, s => !s.Satisfied);
        Assert.Contains(data.Dossiers, d => d.Status == Domain.Dossiers.DossierStatus.InProgress && d.IsLate(asOf));
        Assert.Contains(data.Dossiers, d => d.ReceivedQuarter == 20264);
    }
}
