using FriendlyGov.Data.Demo;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data.Tests;

/// <summary>
/// Every figure of Hoằng Kim's 2023 report (shared/seed/FACTS.md), counted by queries straight
/// over the seeded records — never read from a constant — on each provider.
/// </summary>
public abstract class HoangKim2023Facts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    private const int Q1 = 20231;
    private const int Q4 = 20234;

    private static IQueryable<Dossier> Dossiers2023(FriendlyGovDbContext db) =>
        db.Dossiers.Where(d => d.Unit!.Code == DemoData.HoangKimCode && d.ReceivedQuarter >= Q1 && d.ReceivedQuarter <= Q4);

    [Fact]
    public async Task DossiersReceivedAre779By397PartlyOnline203FullyOnlineAnd179AtTheCounter()
    {
        await using var db = database.CreateContext();
        var byLevel = await Dossiers2023(db).GroupBy(d => d.OnlineLevel).Select(g => new { Level = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Level, x => x.Count);

        Assert.Equal(779, byLevel.Values.Sum());
        Assert.Equal(397, byLevel[OnlineLevel.PartlyOnline]);
        Assert.Equal(203, byLevel[OnlineLevel.FullyOnline]);
        Assert.Equal(179, byLevel[OnlineLevel.NotOnline]);
        Assert.Equal(179, await Dossiers2023(db).CountAsync(d => d.Channel == DossierChannel.Counter));
    }

    [Fact]
    public async Task FortySevenDossiersWentThroughTheInterAgencyOneStop()
    {
        await using var db = database.CreateContext();
        Assert.Equal(47, await Dossiers2023(db).CountAsync(d => d.InterAgency));
    }

    [Fact]
    public async Task EveryDossierWasReturnedOnTimeAndNoneIsOverdue()
    {
        await using var db = database.CreateContext();
        var onTime = await Dossiers2023(db).CountAsync(d =>
            (d.Status == DossierStatus.Finished || d.Status == DossierStatus.Returned) && d.FinishedAt <= d.EffectiveDueAt && d.SupplementCount <= 1);
        var overdue = await Dossiers2023(db).CountAsync(d =>
            d.FinishedAt > d.EffectiveDueAt || d.SupplementCount > 1 || (d.FinishedAt == null && d.EffectiveDueAt < DemoData.AsOfUtc));

        Assert.Equal(779, onTime);
        Assert.Equal(0, overdue);

        // Some were sent back for a supplement and finished after the appointment: on time only because that time is excluded.
        Assert.True(await Dossiers2023(db).CountAsync(d => d.SupplementCount == 1 && d.FinishedAt > d.DueAt) > 0);
    }

    [Fact]
    public async Task EveryResultWasPublished()
    {
        await using var db = database.CreateContext();
        Assert.Equal(779, await Dossiers2023(db).CountAsync(d => d.ResultPublished));
    }

    [Fact]
    public async Task FortyEightSurveysWereCollectedAndAllWereSatisfied()
    {
        await using var db = database.CreateContext();
        var surveys = db.Surveys.Where(s => s.Unit!.Code == DemoData.HoangKimCode && s.SurveyedQuarter >= Q1 && s.SurveyedQuarter <= Q4);

        Assert.Equal(48, await surveys.CountAsync());
        Assert.Equal(48, await surveys.CountAsync(s => s.Satisfied));
        var attitude = await surveys.CountAsync(s => s.StaffAttitudeScore >= 4);
        Assert.True(attitude * 100 >= 95 * 48, $"staff attitude satisfied on {attitude} of 48 forms");
    }

    [Fact]
    public async Task LettersAre40Marriage81Birth45CondolenceAndNoApologyEachTiedToItsRegistration()
    {
        await using var db = database.CreateContext();
        var letters = db.Letters.Where(l => l.Unit!.Code == DemoData.HoangKimCode && l.IssuedQuarter >= Q1 && l.IssuedQuarter <= Q4);
        var byKind = await letters.GroupBy(l => l.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Kind, x => x.Count);

        Assert.Equal(40, byKind[LetterKind.MarriageCongratulation]);
        Assert.Equal(81, byKind[LetterKind.BirthCongratulation]);
        Assert.Equal(45, byKind[LetterKind.DeathCondolence]);
        Assert.False(byKind.ContainsKey(LetterKind.LateApology));

        var mismatched = await letters.CountAsync(l =>
            !(l.Kind == LetterKind.MarriageCongratulation && l.Dossier!.Procedure!.CivilEvent == CivilEvent.Marriage)
            && !(l.Kind == LetterKind.BirthCongratulation && l.Dossier!.Procedure!.CivilEvent == CivilEvent.Birth)
            && !(l.Kind == LetterKind.DeathCondolence && l.Dossier!.Procedure!.CivilEvent == CivilEvent.Death));
        Assert.Equal(0, mismatched);
    }

    [Fact]
    public async Task TwentyFiveReceptionsUpTo30OctoberByTheChairman8TimesAndOfficials17()
    {
        await using var db = database.CreateContext();
        var sessions = db.ReceptionSessions.Where(r => r.Unit!.Code == DemoData.HoangKimCode && r.HeldOn >= new DateOnly(2023, 1, 1) && r.HeldOn <= new DateOnly(2023, 10, 30));

        Assert.Equal(25, await sessions.CountAsync());
        Assert.Equal(8, await sessions.CountAsync(r => r.HostRole == HostRole.Chairman));
        Assert.Equal(17, await sessions.CountAsync(r => r.HostRole == HostRole.Official));
    }

    [Fact]
    public async Task OneDialogueRaisedNineOpinions()
    {
        await using var db = database.CreateContext();
        var dialogues = await db.Dialogues.Where(d => d.Unit!.Code == DemoData.HoangKimCode && d.HeldQuarter >= Q1 && d.HeldQuarter <= Q4)
            .Select(d => d.Opinions.Count).ToListAsync();

        Assert.Equal([9], dialogues);
    }

    [Fact]
    public async Task OneLandClearancePetitionWasReceivedAndResolvedByTheDistrict()
    {
        await using var db = database.CreateContext();
        var petitions = await db.Petitions.Where(p => p.Unit!.Code == DemoData.HoangKimCode && p.ReceivedOn >= new DateOnly(2023, 1, 1) && p.ReceivedOn <= new DateOnly(2023, 10, 30)).ToListAsync();

        var petition = Assert.Single(petitions);
        Assert.Equal(PetitionStatus.Resolved, petition.Status);
        Assert.Equal(Jurisdiction.Forwarded, petition.Jurisdiction);
        Assert.Contains("giải phóng mặt bằng", petition.Subject, StringComparison.Ordinal);
    }
}

public sealed class HoangKim2023FactsOnSqlite(SqliteDemoDatabase database) : HoangKim2023Facts<SqliteDemoDatabase>(database);

public sealed class HoangKim2023FactsOnPostgres(PostgresDemoDatabase database) : HoangKim2023Facts<PostgresDemoDatabase>(database);
