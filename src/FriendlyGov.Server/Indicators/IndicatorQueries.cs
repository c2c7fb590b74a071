using System.Linq.Expressions;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using Microsoft.EntityFrameworkCore;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;

namespace FriendlyGov.Server.Indicators;

/// <summary>Numerator and denominator of one indicator.</summary>
public readonly record struct Fraction(decimal Numerator, decimal Denominator)
{
    public static Fraction operator +(Fraction a, Fraction b) => new(a.Numerator + b.Numerator, a.Denominator + b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) => new(a.Numerator - b.Numerator, a.Denominator - b.Denominator);
}

/// <summary>
/// The definitions of <see cref="C"/>, as set-based queries: for one period, each unit's own
/// numerators and denominators, grouped in the database (records are never loaded). One query per
/// kind of record and placing date; the same LINQ runs on PostgreSQL and SQLite.
/// </summary>
public sealed class IndicatorQueries(FriendlyGovDbContext db)
{
    /// <summary>
    /// Own totals of the units (all when <paramref name="units"/> is null) for a period. A period is
    /// judged as it stood at its end E (or at <paramref name="asOfUtc"/> while it is running): a
    /// dossier still open at E is late in it from <see cref="Dossier.LateAt"/> on, which depends only
    /// on what had happened by E, and an apology counts when it was issued before E.
    /// </summary>
    public async Task<Dictionary<(int Unit, string Code), Fraction>> OwnTotalsAsync(Period period, DateTime asOfUtc, IReadOnlyCollection<int>? units, CancellationToken cancellationToken)
    {
        var first = period.IsYear ? period.Year * 10 + 1 : period.Key;
        var last = period.IsYear ? period.Year * 10 + 4 : period.Key;
        var end = asOfUtc < period.EndUtc ? asOfUtc : period.EndUtc;
        decimal months = period.IsYear ? 12 : 3;
        var totals = new Dictionary<(int Unit, string Code), Fraction>();
        void Add(int unit, string code, decimal numerator, decimal denominator = 0) =>
            totals[(unit, code)] = totals.GetValueOrDefault((unit, code)) + new Fraction(numerator, denominator);

        var dossiers = units is null ? db.Dossiers.AsNoTracking() : db.Dossiers.AsNoTracking().Where(d => units.Contains(d.UnitId));

        foreach (var g in await dossiers.Where(d => d.ReceivedQuarter >= first && d.ReceivedQuarter <= last).GroupBy(d => d.UnitId)
            .Select(g => new
            {
                Unit = g.Key,
                All = g.Count(),
                Counter = g.Count(d => d.Channel == DossierChannel.Counter),
                Postal = g.Count(d => d.Channel == DossierChannel.PublicPostal),
                Partly = g.Count(d => d.OnlineLevel == OnlineLevel.PartlyOnline),
                Fully = g.Count(d => d.OnlineLevel == OnlineLevel.FullyOnline),
                InterAgency = g.Count(d => d.InterAgency),
                PaidOnline = g.Count(d => d.PaidOnline && d.Channel == DossierChannel.Online),
            }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.DossiersReceived, g.All);
            Add(g.Unit, C.DossiersReceivedCounter, g.Counter);
            Add(g.Unit, C.DossiersReceivedPostal, g.Postal);
            Add(g.Unit, C.DossiersReceivedPartlyOnline, g.Partly);
            Add(g.Unit, C.DossiersReceivedFullyOnline, g.Fully);
            Add(g.Unit, C.OnlineShare, g.Partly + g.Fully, g.All);
            Add(g.Unit, C.FullyOnlineShare, g.Fully, g.All);
            Add(g.Unit, C.InterAgencyCount, g.InterAgency);
            Add(g.Unit, C.PaidOnlineShare, g.PaidOnline, g.Partly + g.Fully);
        }

        // Finished in the period: on time when finished by the due time plus the citizen's supplement time, with at most one supplement request.
        var finished = dossiers.Where(d => (d.Status == DossierStatus.Finished || d.Status == DossierStatus.Returned) && d.FinishedQuarter >= first && d.FinishedQuarter <= last);
        foreach (var g in await finished.GroupBy(d => d.UnitId)
            .Select(g => new
            {
                Unit = g.Key,
                All = g.Count(),
                OnTime = g.Count(d => d.FinishedAt <= d.EffectiveDueAt && d.SupplementCount <= 1),
                Published = g.Count(d => d.ResultPublished),
                Digitised = g.Count(d => d.Digitised),
                Electronic = g.Count(d => d.ResultIssuedElectronically),
            }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.OnTimeShare, g.OnTime, g.All);
            Add(g.Unit, C.OverdueCount, g.All - g.OnTime);
            Add(g.Unit, C.ApologyCoverage, 0, g.All - g.OnTime);
            Add(g.Unit, C.ResultsPublishedShare, g.Published, g.All);
            Add(g.Unit, C.ResultsDigitisedShare, g.Digitised, g.All);
            Add(g.Unit, C.ResultsElectronicShare, g.Electronic, g.All);
        }

        // Still open at the end of the period (refused, stopped or withdrawn later included) and late by then: past
        // its due time plus the pauses for the citizen elapsed before the end, or asked twice before it (Dossier.IsLate).
        var openLate = dossiers.Where(d => d.ReceivedAt < end && (d.FinishedAt == null || d.FinishedAt >= end) && d.LateAt < end);
        foreach (var g in await openLate.GroupBy(d => d.UnitId).Select(g => new { Unit = g.Key, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.OnTimeShare, 0, g.All);
            Add(g.Unit, C.OverdueCount, g.All);
            Add(g.Unit, C.ApologyCoverage, 0, g.All);
        }

        // An apology counts when issued before the end. Tested in each part: an EXISTS over their union was planned as
        // a loop over both scans of dossiers while the letters table had no statistics (seconds instead of milliseconds).
        Expression<Func<Dossier, bool>> apologisedByEnd = d => db.Letters.Any(l => l.DossierId == d.Id && l.Kind == LetterKind.LateApology && l.State == LetterState.Issued && l.IssuedAt < end);
        var finishedLate = finished.Where(d => !(d.FinishedAt <= d.EffectiveDueAt && d.SupplementCount <= 1));
        var apologised = finishedLate.Where(apologisedByEnd).Concat(openLate.Where(apologisedByEnd));
        foreach (var g in await apologised.GroupBy(d => d.UnitId).Select(g => new { Unit = g.Key, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.ApologyCoverage, g.All);
        }

        var surveys = units is null ? db.Surveys.AsNoTracking() : db.Surveys.AsNoTracking().Where(s => units.Contains(s.UnitId));
        foreach (var g in await surveys.Where(s => s.SurveyedQuarter >= first && s.SurveyedQuarter <= last).GroupBy(s => s.UnitId)
            .Select(g => new
            {
                Unit = g.Key,
                All = g.Count(),
                Satisfied = g.Count(s => s.Satisfied),
                Access = g.Sum(s => s.AccessScore ?? 0),
                AccessCount = g.Count(s => s.AccessScore != null),
                Procedure = g.Sum(s => s.ProcedureScore ?? 0),
                ProcedureCount = g.Count(s => s.ProcedureScore != null),
                Attitude = g.Sum(s => s.StaffAttitudeScore ?? 0),
                AttitudeCount = g.Count(s => s.StaffAttitudeScore != null),
                Timeliness = g.Sum(s => s.TimelinessScore ?? 0),
                TimelinessCount = g.Count(s => s.TimelinessScore != null),
                Result = g.Sum(s => s.ResultScore ?? 0),
                ResultCount = g.Count(s => s.ResultScore != null),
                Feedback = g.Sum(s => s.FeedbackHandlingScore ?? 0),
                FeedbackCount = g.Count(s => s.FeedbackHandlingScore != null),
            }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.SatisfactionShare, g.Satisfied, g.All);
            Add(g.Unit, C.SurveyCount, g.All);
            Add(g.Unit, C.ScoreAccess, g.Access, g.AccessCount);
            Add(g.Unit, C.ScoreProcedure, g.Procedure, g.ProcedureCount);
            Add(g.Unit, C.ScoreStaffAttitude, g.Attitude, g.AttitudeCount);
            Add(g.Unit, C.ScoreTimeliness, g.Timeliness, g.TimelinessCount);
            Add(g.Unit, C.ScoreResult, g.Result, g.ResultCount);
            Add(g.Unit, C.ScoreFeedbackHandling, g.Feedback, g.FeedbackCount);
        }

        var letters = units is null ? db.Letters.AsNoTracking() : db.Letters.AsNoTracking().Where(l => units.Contains(l.UnitId));
        foreach (var g in await letters.Where(l => l.IssuedQuarter >= first && l.IssuedQuarter <= last && l.State == LetterState.Issued).GroupBy(l => new { l.UnitId, l.Kind })
            .Select(g => new { g.Key.UnitId, g.Key.Kind, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, LetterIndicator(g.Kind), g.All);
        }

        var receptions = units is null ? db.ReceptionSessions.AsNoTracking() : db.ReceptionSessions.AsNoTracking().Where(r => units.Contains(r.UnitId));
        var secretaryRoles = ReceptionRule.PartySecretary.Roles.ToArray();
        var chairmanRoles = ReceptionRule.Chairman.Roles.ToArray();
        foreach (var g in await receptions.Where(r => r.HeldQuarter >= first && r.HeldQuarter <= last).GroupBy(r => r.UnitId)
            .Select(g => new
            {
                Unit = g.Key,
                All = g.Count(),
                PartySecretary = g.Count(r => secretaryRoles.Contains(r.HostRole)),
                Chairman = g.Count(r => chairmanRoles.Contains(r.HostRole)),
            }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.ReceptionSessions, g.All);
            Add(g.Unit, C.PartySecretaryReceptionsPerMonth, g.PartySecretary);
            Add(g.Unit, C.ChairmanReceptionsPerMonth, g.Chairman);
        }

        var dialogues = units is null ? db.Dialogues.AsNoTracking() : db.Dialogues.AsNoTracking().Where(d => units.Contains(d.UnitId));
        var heldDialogues = dialogues.Where(d => d.HeldQuarter >= first && d.HeldQuarter <= last);
        foreach (var g in await heldDialogues.GroupBy(d => d.UnitId).Select(g => new { Unit = g.Key, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.Dialogues, g.All);
        }

        foreach (var g in await db.Set<DialogueOpinion>().Join(heldDialogues, o => o.DialogueId, d => d.Id, (o, d) => d.UnitId).GroupBy(u => u)
            .Select(g => new { Unit = g.Key, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.DialogueOpinions, g.All);
        }

        var petitions = units is null ? db.Petitions.AsNoTracking() : db.Petitions.AsNoTracking().Where(p => units.Contains(p.UnitId));
        foreach (var g in await petitions.Where(p => p.ReceivedQuarter >= first && p.ReceivedQuarter <= last).GroupBy(p => p.UnitId)
            .Select(g => new { Unit = g.Key, All = g.Count(), Resolved = g.Count(p => p.Status == PetitionStatus.Resolved) }).ToListAsync(cancellationToken))
        {
            Add(g.Unit, C.PetitionsReceived, g.All);
            Add(g.Unit, C.PetitionsResolvedShare, g.Resolved, g.All);
        }

        // Per-month indicators are measured against the months of the period in every unit that existed
        // in it, sessions or not, so a parent's figure is sessions per unit per month.
        var firstDay = period.FirstDay;
        var lastDay = period.EndExclusive;
        var measured = units ?? await db.Units.Where(u => u.ValidFrom < lastDay && (u.ValidTo == null || u.ValidTo > firstDay)).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var unit in measured)
        {
            foreach (var code in new[] { C.PartySecretaryReceptionsPerMonth, C.ChairmanReceptionsPerMonth })
            {
                var sessions = totals.GetValueOrDefault((unit, code));
                totals[(unit, code)] = new Fraction(sessions.Numerator, months);
            }
        }

        return totals;
    }

    private static string LetterIndicator(LetterKind kind) => kind switch
    {
        LetterKind.MarriageCongratulation => C.LettersMarriage,
        LetterKind.BirthCongratulation => C.LettersBirth,
        LetterKind.DeathCondolence => C.LettersCondolence,
        LetterKind.LateApology => C.LettersApology,
        _ => C.LettersThanks,
    };
}
