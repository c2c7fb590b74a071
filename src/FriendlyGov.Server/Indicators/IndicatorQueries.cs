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
/// The definitions of <see cref="C"/>, as set-based queries: for a set of periods, each unit's own
/// numerators and denominators, grouped in the database (records are never loaded). One pass per
/// kind of record and placing date over all the periods' quarters at once (grouped by unit and
/// quarter), folded into each period here; the same LINQ runs on PostgreSQL and SQLite.
/// </summary>
public sealed class IndicatorQueries(FriendlyGovDbContext db)
{
    /// <summary>
    /// Own totals of the units (all when <paramref name="units"/> is null) for each of the periods. A
    /// period is judged as it stood at its end E (or at <paramref name="asOfUtc"/> while it is running):
    /// a dossier still open at E is late in it from <see cref="Dossier.LateAt"/> on, which depends only
    /// on what had happened by E, and an apology counts when it was issued before E.
    /// </summary>
    public async Task<Dictionary<(int Unit, int PeriodKey, string Code), Fraction>> OwnTotalsAsync(
        IReadOnlyCollection<Period> periods, DateTime asOfUtc, IReadOnlyCollection<int>? units, CancellationToken cancellationToken)
    {
        // A quarter's figures go to every asked period that holds it (the quarter itself, its year).
        var holders = periods.SelectMany(QuartersOf).Distinct().ToDictionary(q => q, q => periods.Where(p => QuartersOf(p).Contains(q)).ToArray());
        var first = holders.Keys.Min();
        var last = holders.Keys.Max();
        var totals = new Dictionary<(int Unit, int PeriodKey, string Code), Fraction>();
        void AddTo(int unit, Period period, string code, decimal numerator, decimal denominator = 0) =>
            totals[(unit, period.Key, code)] = totals.GetValueOrDefault((unit, period.Key, code)) + new Fraction(numerator, denominator);
        void Add(int unit, int quarter, string code, decimal numerator, decimal denominator = 0)
        {
            foreach (var period in holders.GetValueOrDefault(quarter) ?? [])
            {
                AddTo(unit, period, code, numerator, denominator);
            }
        }

        var dossiers = units is null ? db.Dossiers.AsNoTracking() : db.Dossiers.AsNoTracking().Where(d => units.Contains(d.UnitId));

        // The rules of DossierSets (shared with the dossier list) are put into these queries by Inline.Expand.
        foreach (var g in await Inline.Expand(dossiers.Where(d => DossierSets.IsReceivedIn.Compile()(d, first, last)).GroupBy(d => new { d.UnitId, d.ReceivedQuarter })
            .Select(g => new
            {
                g.Key.UnitId,
                Quarter = g.Key.ReceivedQuarter,
                All = g.Count(),
                Counter = g.Count(d => d.Channel == DossierChannel.Counter),
                Postal = g.Count(d => d.Channel == DossierChannel.PublicPostal),
                Partly = g.Count(d => d.OnlineLevel == OnlineLevel.PartlyOnline),
                Fully = g.Count(d => d.OnlineLevel == OnlineLevel.FullyOnline),
                InterAgency = g.Count(d => d.InterAgency),
                PaidOnline = g.Count(d => DossierSets.IsPaidOnline.Compile()(d)),
            })).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.DossiersReceived, g.All);
            Add(g.UnitId, g.Quarter, C.DossiersReceivedCounter, g.Counter);
            Add(g.UnitId, g.Quarter, C.DossiersReceivedPostal, g.Postal);
            Add(g.UnitId, g.Quarter, C.DossiersReceivedPartlyOnline, g.Partly);
            Add(g.UnitId, g.Quarter, C.DossiersReceivedFullyOnline, g.Fully);
            Add(g.UnitId, g.Quarter, C.OnlineShare, g.Partly + g.Fully, g.All);
            Add(g.UnitId, g.Quarter, C.FullyOnlineShare, g.Fully, g.All);
            Add(g.UnitId, g.Quarter, C.InterAgencyCount, g.InterAgency);
            Add(g.UnitId, g.Quarter, C.PaidOnlineShare, g.PaidOnline, g.Partly + g.Fully);
        }

        // Finished in the period: on time when finished by the due time plus the citizen's supplement time, with at most one supplement request.
        var finished = Inline.Expand(dossiers.Where(d => DossierSets.IsFinishedIn.Compile()(d, first, last)));
        foreach (var g in await Inline.Expand(finished.GroupBy(d => new { d.UnitId, d.FinishedQuarter })
            .Select(g => new
            {
                g.Key.UnitId,
                Quarter = g.Key.FinishedQuarter ?? 0,
                All = g.Count(),
                OnTime = g.Count(d => DossierSets.IsOnTime.Compile()(d)),
                Published = g.Count(d => d.ResultPublished),
                Digitised = g.Count(d => d.Digitised),
                Electronic = g.Count(d => d.ResultIssuedElectronically),
            })).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.OnTimeShare, g.OnTime, g.All);
            Add(g.UnitId, g.Quarter, C.OverdueCount, g.All - g.OnTime);
            Add(g.UnitId, g.Quarter, C.ApologyCoverage, 0, g.All - g.OnTime);
            Add(g.UnitId, g.Quarter, C.ResultsPublishedShare, g.Published, g.All);
            Add(g.UnitId, g.Quarter, C.ResultsDigitisedShare, g.Digitised, g.All);
            Add(g.UnitId, g.Quarter, C.ResultsElectronicShare, g.Electronic, g.All);
        }

        // An apology counts when issued before the end: of a finished late dossier (at most one apology a dossier), when
        // it was issued by now and in the period's last quarter or earlier — grouped by the quarter it was issued in.
        var apologies = db.Letters.AsNoTracking().Where(l => l.Kind == LetterKind.LateApology && l.State == LetterState.Issued && l.IssuedAt < asOfUtc);
        var finishedLate = Inline.Expand(finished.Where(d => !DossierSets.IsOnTime.Compile()(d)));
        foreach (var g in await finishedLate.Join(apologies, d => (long?)d.Id, l => l.DossierId, (d, l) => new { d.UnitId, Quarter = d.FinishedQuarter ?? 0, Issued = l.IssuedQuarter })
            .GroupBy(x => new { x.UnitId, x.Quarter, x.Issued }).Select(g => new { g.Key.UnitId, g.Key.Quarter, g.Key.Issued, All = g.Count() }).ToListAsync(cancellationToken))
        {
            foreach (var period in (holders.GetValueOrDefault(g.Quarter) ?? []).Where(p => g.Issued <= QuartersOf(p).Max()))
            {
                AddTo(g.UnitId, period, C.ApologyCoverage, g.All);
            }
        }

        await AddOpenLateAsync(dossiers, periods, asOfUtc, AddTo, cancellationToken);

        var surveys = units is null ? db.Surveys.AsNoTracking() : db.Surveys.AsNoTracking().Where(s => units.Contains(s.UnitId));
        foreach (var g in await surveys.Where(s => s.SurveyedQuarter >= first && s.SurveyedQuarter <= last).GroupBy(s => new { s.UnitId, s.SurveyedQuarter })
            .Select(g => new
            {
                g.Key.UnitId,
                Quarter = g.Key.SurveyedQuarter,
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
            Add(g.UnitId, g.Quarter, C.SatisfactionShare, g.Satisfied, g.All);
            Add(g.UnitId, g.Quarter, C.SurveyCount, g.All);
            Add(g.UnitId, g.Quarter, C.ScoreAccess, g.Access, g.AccessCount);
            Add(g.UnitId, g.Quarter, C.ScoreProcedure, g.Procedure, g.ProcedureCount);
            Add(g.UnitId, g.Quarter, C.ScoreStaffAttitude, g.Attitude, g.AttitudeCount);
            Add(g.UnitId, g.Quarter, C.ScoreTimeliness, g.Timeliness, g.TimelinessCount);
            Add(g.UnitId, g.Quarter, C.ScoreResult, g.Result, g.ResultCount);
            Add(g.UnitId, g.Quarter, C.ScoreFeedbackHandling, g.Feedback, g.FeedbackCount);
        }

        var letters = units is null ? db.Letters.AsNoTracking() : db.Letters.AsNoTracking().Where(l => units.Contains(l.UnitId));
        foreach (var g in await letters.Where(l => l.IssuedQuarter >= first && l.IssuedQuarter <= last && l.State == LetterState.Issued)
            .GroupBy(l => new { l.UnitId, l.IssuedQuarter, l.Kind })
            .Select(g => new { g.Key.UnitId, Quarter = g.Key.IssuedQuarter, g.Key.Kind, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, LetterIndicator(g.Kind), g.All);
        }

        var receptions = units is null ? db.ReceptionSessions.AsNoTracking() : db.ReceptionSessions.AsNoTracking().Where(r => units.Contains(r.UnitId));
        var secretaryRoles = ReceptionRule.PartySecretary.Roles.ToArray();
        var chairmanRoles = ReceptionRule.Chairman.Roles.ToArray();
        foreach (var g in await receptions.Where(r => r.HeldQuarter >= first && r.HeldQuarter <= last).GroupBy(r => new { r.UnitId, r.HeldQuarter })
            .Select(g => new
            {
                g.Key.UnitId,
                Quarter = g.Key.HeldQuarter,
                All = g.Count(),
                PartySecretary = g.Count(r => secretaryRoles.Contains(r.HostRole)),
                Chairman = g.Count(r => chairmanRoles.Contains(r.HostRole)),
            }).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.ReceptionSessions, g.All);
            Add(g.UnitId, g.Quarter, C.PartySecretaryReceptionsPerMonth, g.PartySecretary);
            Add(g.UnitId, g.Quarter, C.ChairmanReceptionsPerMonth, g.Chairman);
        }

        var dialogues = units is null ? db.Dialogues.AsNoTracking() : db.Dialogues.AsNoTracking().Where(d => units.Contains(d.UnitId));
        var heldDialogues = dialogues.Where(d => d.HeldQuarter >= first && d.HeldQuarter <= last);
        foreach (var g in await heldDialogues.GroupBy(d => new { d.UnitId, d.HeldQuarter })
            .Select(g => new { g.Key.UnitId, Quarter = g.Key.HeldQuarter, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.Dialogues, g.All);
        }

        foreach (var g in await db.Set<DialogueOpinion>().Join(heldDialogues, o => o.DialogueId, d => d.Id, (o, d) => new { d.UnitId, d.HeldQuarter }).GroupBy(x => x)
            .Select(g => new { g.Key.UnitId, Quarter = g.Key.HeldQuarter, All = g.Count() }).ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.DialogueOpinions, g.All);
        }

        var petitions = units is null ? db.Petitions.AsNoTracking() : db.Petitions.AsNoTracking().Where(p => units.Contains(p.UnitId));
        foreach (var g in await petitions.Where(p => p.ReceivedQuarter >= first && p.ReceivedQuarter <= last).GroupBy(p => new { p.UnitId, p.ReceivedQuarter })
            .Select(g => new { g.Key.UnitId, Quarter = g.Key.ReceivedQuarter, All = g.Count(), Resolved = g.Count(p => p.Status == PetitionStatus.Resolved) })
            .ToListAsync(cancellationToken))
        {
            Add(g.UnitId, g.Quarter, C.PetitionsReceived, g.All);
            Add(g.UnitId, g.Quarter, C.PetitionsResolvedShare, g.Resolved, g.All);
        }

        // Per-month indicators are measured against the months of the period in every unit that existed
        // in it, sessions or not, so a parent's figure is sessions per unit per month.
        var existing = units is null ? await db.Units.AsNoTracking().Select(u => new { u.Id, u.ValidFrom, u.ValidTo }).ToListAsync(cancellationToken) : null;
        foreach (var period in periods)
        {
            decimal months = period.IsYear ? 12 : 3;
            var measured = units ?? [.. existing!.Where(u => u.ValidFrom < period.EndExclusive && (u.ValidTo == null || u.ValidTo > period.FirstDay)).Select(u => u.Id)];
            foreach (var unit in measured)
            {
                foreach (var code in new[] { C.PartySecretaryReceptionsPerMonth, C.ChairmanReceptionsPerMonth })
                {
                    totals[(unit, period.Key, code)] = new Fraction(totals.GetValueOrDefault((unit, period.Key, code)).Numerator, months);
                }
            }
        }

        return totals;
    }

    /// <summary>The end a period is judged at: its end, or now while it is running.</summary>
    public static DateTime JudgedAt(Period period, DateTime asOfUtc) => asOfUtc < period.EndUtc ? asOfUtc : period.EndUtc;

    private static IEnumerable<int> QuartersOf(Period period) =>
        period.IsYear ? Enumerable.Range(1, 4).Select(q => (period.Year * 10) + q) : [period.Key];

    /// <summary>
    /// Still open at the end of each period (refused, stopped or withdrawn later included) and late by then: past its due
    /// time plus the pauses for the citizen elapsed before the end, or asked twice before it (<see cref="Dossier.IsLate"/>);
    /// apologised when the apology was issued before the end. The dossiers that can be open and late at one of the ends
    /// are read once (still open, or closed after the first end and after going late) and placed at each end here.
    /// </summary>
    private async Task AddOpenLateAsync(IQueryable<Dossier> dossiers, IReadOnlyCollection<Period> periods, DateTime asOfUtc,
        Action<int, Period, string, decimal, decimal> addTo, CancellationToken cancellationToken)
    {
        var ends = periods.GroupBy(p => JudgedAt(p, asOfUtc)).ToList();
        var firstEnd = ends.Min(e => e.Key);
        var lastEnd = ends.Max(e => e.Key);
        var candidates = dossiers.Where(d => d.FinishedAt == null && d.LateAt < lastEnd)
            .Concat(dossiers.Where(d => d.FinishedAt >= firstEnd && d.LateAt < d.FinishedAt && d.LateAt < lastEnd));
        var open = await candidates.Where(d => d.ReceivedAt < lastEnd)
            .Select(d => new OpenDossier(d.UnitId, d.ReceivedAt, d.LateAt!.Value, d.FinishedAt,
                db.Letters.Where(l => l.DossierId == d.Id && l.Kind == LetterKind.LateApology && l.State == LetterState.Issued).Select(l => l.IssuedAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        foreach (var end in ends)
        {
            foreach (var d in open.Where(d => d.IsOpenAndLateAt(end.Key)))
            {
                foreach (var period in end)
                {
                    addTo(d.UnitId, period, C.OnTimeShare, 0, 1);
                    addTo(d.UnitId, period, C.OverdueCount, 1, 0);
                    addTo(d.UnitId, period, C.ApologyCoverage, d.ApologisedAt < end.Key ? 1 : 0, 1);
                }
            }
        }
    }

    private static string LetterIndicator(LetterKind kind) => kind switch
    {
        LetterKind.MarriageCongratulation => C.LettersMarriage,
        LetterKind.BirthCongratulation => C.LettersBirth,
        LetterKind.DeathCondolence => C.LettersCondolence,
        LetterKind.LateApology => C.LettersApology,
        _ => C.LettersThanks,
    };

    /// <summary>A dossier that may be open and late at the end of a period: what decides it, and its apology.</summary>
    private sealed record OpenDossier(int UnitId, DateTime ReceivedAt, DateTime LateAt, DateTime? FinishedAt, DateTime? ApologisedAt)
    {
        private static readonly Func<DateTime, DateTime?, DateTime?, DateTime, bool> Rule = DossierSets.IsOpenAndLateAt.Compile();

        /// <summary>Received before the end, not closed before it, and late by then: the rule the dossier list selects with.</summary>
        public bool IsOpenAndLateAt(DateTime end) => Rule(ReceivedAt, FinishedAt, LateAt, end);
    }
}
