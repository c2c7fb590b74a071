using FriendlyGov.Data;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Workspace;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// Proposes letters from dossier events, so that no citizen is forgotten (Hangfire, every 15 minutes
/// in Vietnam time, and once at start): a finished marriage registration proposes a congratulation, a
/// birth registration a congratulation, a death registration a condolence, and a dossier that went late
/// before its result was returned an apology (form 04) with a new appointment on a working day. The
/// officer reviews, edits and issues each one.
/// </summary>
/// <remarks>
/// Idempotent and safe when two runs meet: the database holds at most one letter of a kind per dossier
/// (a unique constraint), and a proposal that meets one written meanwhile is skipped. A letter set aside
/// by an officer stays so: it is never proposed again.
/// </remarks>
public sealed class LetterProposalJob(FriendlyGovDbContext db, TimeProvider clock, IConfiguration configuration, ILogger<LetterProposalJob> logger)
{
    public const string JobId = "letters-propose";

    /// <summary>How far back finished dossiers are looked at (the job catches up after a stop of up to this long).</summary>
    public int WindowDays => configuration.GetValue("Letters:ProposalWindowDays", 30);

    /// <summary>An apology's proposed new appointment: 17:00 on this many working days after today (or after the due time, when later).</summary>
    public int ApologyWorkingDays => configuration.GetValue("Letters:ApologyWorkingDays", 2);

    public static void Register(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<LetterProposalJob>(JobId, j => j.RunAsync(CancellationToken.None), "*/15 * * * *", new RecurringJobOptions { TimeZone = RollupJobs.VietnamTimeZone() });

    /// <summary>Proposes what is missing; returns how many letters were proposed.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-WindowDays);
        var proposals = new List<Letter>();

        var civil = await db.Dossiers.AsNoTracking()
            .Where(d => d.FinishedAt >= since && d.FinishedAt <= now && (d.Status == DossierStatus.Finished || d.Status == DossierStatus.Returned)
                && d.Procedure!.CivilEvent != CivilEvent.None)
            .Select(d => new { d.Id, d.UnitId, d.Code, d.Procedure!.CivilEvent, d.Applicant.Name })
            .ToListAsync(cancellationToken);
        var lettered = await LetteredAsync(civil.Select(d => d.Id).ToList(), cancellationToken);
        foreach (var d in civil)
        {
            var kind = Letter.ForCivilEvent(d.CivilEvent)!.Value;
            if (!lettered.Contains((d.Id, kind)))
            {
                proposals.Add(Proposal(d.UnitId, d.Id, kind, d.Name, d.Code, now));
            }
        }

        var calendar = await HolidayTable.LoadAsync(db, cancellationToken);
        var late = await LateDossiers.UnreturnedAsync(db, now, since, cancellationToken);
        var apologies = await LetteredAsync(late.Select(d => d.Id).ToList(), cancellationToken);
        foreach (var dossier in late.Where(d => !apologies.Contains((d.Id, LetterKind.LateApology))))
        {
            DateTime appointment;
            try
            {
                appointment = NewAppointment(calendar, dossier, now);
            }
            catch (InvalidOperationException e)
            {
                logger.LogWarning("No apology proposed for dossier {Code}: {Reason}", dossier.Code, e.Message);
                continue;
            }

            var letter = Proposal(dossier.UnitId, dossier.Id, LetterKind.LateApology, dossier.Applicant.Name, dossier.Code, now);
            letter.NewAppointmentAt = appointment;
            proposals.Add(letter);
        }

        var written = 0;
        var unitCodes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        foreach (var letter in proposals)
        {
            db.Letters.Add(letter);
            try
            {
                await AuditTrail.SaveAsync(db, LetterFields.RecordType, [letter], Letter.SystemProposer, "letter proposal job", u => unitCodes.GetValueOrDefault(u), clock, cancellationToken);
                written++;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another run proposed (or an officer wrote) this letter meanwhile: it exists, once.
                logger.LogInformation("Letter {Kind} for dossier {Dossier} was written meanwhile", letter.Kind, letter.DossierId);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (written > 0)
        {
            logger.LogInformation("Proposed {Count} letters from dossier events", written);
        }

        return written;
    }

    /// <summary>17:00 on the N-th working day after today, or after the due time when that is later.</summary>
    public DateTime NewAppointment(WorkingCalendar calendar, Dossier dossier, DateTime nowUtc) =>
        calendar.DueTimeUtc(dossier.EffectiveDueAt > nowUtc ? dossier.EffectiveDueAt : nowUtc, ApologyWorkingDays);

    private async Task<HashSet<(long Dossier, LetterKind Kind)>> LetteredAsync(List<long> dossierIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<(long, LetterKind)>();
        foreach (var chunk in dossierIds.Chunk(1000))
        {
            foreach (var l in await db.Letters.AsNoTracking().Where(l => l.DossierId != null && chunk.Contains(l.DossierId.Value))
                         .Select(l => new { l.DossierId, l.Kind }).ToListAsync(cancellationToken))
            {
                found.Add((l.DossierId!.Value, l.Kind));
            }
        }

        return found;
    }

    private static Letter Proposal(int unitId, long dossierId, LetterKind kind, string? applicantName, string code, DateTime now) => new()
    {
        UnitId = unitId,
        DossierId = dossierId,
        Kind = kind,
        State = LetterState.Proposed,
        RecipientName = string.IsNullOrWhiteSpace(applicantName) ? $"Người nộp hồ sơ {code}" : applicantName,
        SignerTitle = LetterFields.DefaultSignerTitle,
        ProposedAt = now,
        ProposedBy = Letter.SystemProposer,
    };
}
