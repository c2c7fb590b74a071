using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dossiers;

public sealed record DossierRow(long Id, string Code, DateTime ReceivedAt, string Unit, string Procedure, DossierChannel Channel, OnlineLevel OnlineLevel,
    DossierStatus Status, DateTime DueAt, DateTime? FinishedAt, List<SupplementRequest> Supplements, string? Applicant)
{
    /// <summary>Late by the domain's rule (<see cref="Dossier.IsLate"/>), for the row's flag. The bulk writer stores no supplement request as NULL.</summary>
    public bool IsLateAt(DateTime nowUtc) =>
        new Dossier { Status = Status, ReceivedAt = ReceivedAt, DueAt = DueAt, FinishedAt = FinishedAt, Supplements = Supplements }.IsLate(nowUtc);
}

/// <summary>
/// /dossiers: the dossiers synced from the portal, read-only, newest received first. Filters on indexed
/// columns (unit subtree, received day range, status, channel, online level, procedure, late or overdue
/// now, and the set of dossiers an indicator of a period counts, judged at the period's end) and keyset paging, so that a page costs the same with a million dossiers. Applicants' names are
/// masked in the list whoever reads it.
/// </summary>
public sealed class IndexModel(FriendlyGovDbContext db, TimeProvider clock) : KeysetListModel
{
    /// <summary>A status, or "open" (not closed).</summary>
    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "channel")]
    public DossierChannel? Channel { get; set; }

    [FromQuery(Name = "level")]
    public OnlineLevel? Level { get; set; }

    [FromQuery(Name = "procedure")]
    public string? Procedure { get; set; }

    /// <summary>"late" (late now, finished or open) or "overdue" (still open past due).</summary>
    [FromQuery(Name = "late")]
    public string? Late { get; set; }

    /// <summary>The dossiers an indicator of a period counts (<see cref="DossierSets"/>), with <see cref="Year"/> and <see cref="Quarter"/>.</summary>
    [FromQuery(Name = "set")]
    public string? Set { get; set; }

    [FromQuery(Name = "year")]
    public string? Year { get; set; }

    /// <summary>1–4, or empty (or 0) for the whole year.</summary>
    [FromQuery(Name = "quarter")]
    public string? Quarter { get; set; }

    public DateTime Now { get; private set; }

    /// <summary>The set and period filtered on, when they are valid.</summary>
    public (DossierSet Set, Period Period)? Judged { get; private set; }

    /// <summary>How many dossiers the list holds, counted when it is filtered on a set.</summary>
    public int? JudgedCount { get; private set; }

    /// <summary>The instant rows are flagged late at: the set's period end (or now while it runs), otherwise now.</summary>
    public DateTime FlagAt => Judged is { } judged ? IndicatorQueries.JudgedAt(judged.Period, Now) : Now;

    /// <summary>Whether a filter besides the set (and the unit) narrows the list.</summary>
    public bool OtherFilters => FromDate is not null || ToDate is not null || !string.IsNullOrEmpty(Status) || Channel is not null || Level is not null
        || !string.IsNullOrWhiteSpace(Procedure) || !string.IsNullOrEmpty(Late);

    /// <summary>This list without the set filter.</summary>
    public string WithoutSet => Link(("set", null), ("year", null), ("quarter", null), ("after", null));

    public IReadOnlyList<(string Code, string Name)> Procedures { get; private set; } = [];

    public IReadOnlyList<DossierRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Now = clock.GetUtcNow().UtcDateTime;
        ResolveSet();
        Procedures = [.. (await db.Procedures.AsNoTracking().OrderBy(p => p.Code).Select(p => new { p.Code, p.Name }).ToListAsync(cancellationToken)).Select(p => (p.Code, p.Name))];
        if (Judged is not null)
        {
            JudgedCount = await Filtered().CountAsync(cancellationToken);
        }

        var page = await KeysetPageAsync(Query(Position), r => new Keyset(r.ReceivedAt, r.Id), cancellationToken);
        Rows = [.. page.Select(r => r with { Applicant = PersonalData.MaskName(r.Applicant) })];
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Now = clock.GetUtcNow().UtcDateTime;
        ResolveSet();
        var rows = await Query(null).Take(MaxExportRows).ToListAsync(cancellationToken);
        string T(string vi, string en) => Admin.Lang.T(vi, en);
        return Xlsx("ho-so", Spreadsheets.WriteXlsx((T("Hồ sơ", "Dossiers"),
            [T("Mã hồ sơ", "Code"), T("Ngày nhận", "Received"), T("Đơn vị", "Unit"), T("Thủ tục", "Procedure"), T("Kênh", "Channel"), T("Mức độ trực tuyến", "Online level"),
                T("Hạn trả", "Due"), T("Ngày có kết quả", "Finished"), T("Trạng thái", "Status"), T("Trễ hạn", "Late"), T("Người nộp", "Applicant")],
            rows.Select(r => (IReadOnlyList<OutCell>)[r.Code, (DateOnly?)VietnamTime.LocalDate(r.ReceivedAt), r.Unit, r.Procedure, EnumText.Of(r.Channel).ToString(), EnumText.Of(r.OnlineLevel).ToString(),
                (DateOnly?)VietnamTime.LocalDate(r.DueAt), r.FinishedAt is { } f ? (DateOnly?)VietnamTime.LocalDate(f) : null, EnumText.Of(r.Status).ToString(),
                r.IsLateAt(FlagAt) ? T("Trễ hạn", "Late") : "", PersonalData.MaskName(r.Applicant)]))));
    }

    /// <summary>The set filter: a known set and a year (a quarter, or the whole year); what is wrong is said beside its field, and the set is then not applied.</summary>
    private void ResolveSet()
    {
        if (string.IsNullOrWhiteSpace(Set))
        {
            return;
        }

        var set = DossierSets.Parse(Set);
        if (set is null)
        {
            ModelState.AddModelError(nameof(Set), Admin.Lang.T("Chọn một nhóm hồ sơ trong danh sách.", "Choose a set of the list."));
        }

        var lastYear = VietnamTime.LocalDate(Now).Year;
        if (!int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < Dashboard.DashboardSlice.FirstYear || year > lastYear)
        {
            ModelState.AddModelError(nameof(Year), Admin.Lang.T($"Nhập năm từ {Dashboard.DashboardSlice.FirstYear} đến {lastYear}.", $"Enter a year from {Dashboard.DashboardSlice.FirstYear} to {lastYear}."));
            return;
        }

        var quarter = 0;
        if (!string.IsNullOrEmpty(Quarter) && (!int.TryParse(Quarter, NumberStyles.None, CultureInfo.InvariantCulture, out quarter) || quarter > 4))
        {
            ModelState.AddModelError(nameof(Quarter), Admin.Lang.T("Chọn quý 1 đến 4, hoặc cả năm.", "Choose quarter 1 to 4, or the whole year."));
            return;
        }

        if (set is { } known)
        {
            Judged = (known, new Period(year, quarter));
        }
    }

    /// <summary>The dossiers every filter selects, in no order.</summary>
    private IQueryable<Dossier> Filtered()
    {
        var dossiers = Scope.Within(db.Dossiers.AsNoTracking(), Unit);
        if (Judged is { } judged)
        {
            dossiers = dossiers.Where(DossierSets.Where(judged.Set, judged.Period, Now, db.Letters.AsNoTracking()));
        }

        if (FromUtc is { } start)
        {
            dossiers = dossiers.Where(d => d.ReceivedAt >= start);
        }

        if (ToUtc is { } end)
        {
            dossiers = dossiers.Where(d => d.ReceivedAt < end);
        }

        if (Status == "open")
        {
            dossiers = dossiers.Where(d => d.FinishedAt == null);
        }
        else if (Enum.TryParse<DossierStatus>(Status, out var status) && Enum.IsDefined(status))
        {
            dossiers = dossiers.Where(d => d.Status == status);
        }

        if (Channel is { } channel)
        {
            dossiers = dossiers.Where(d => d.Channel == channel);
        }

        if (Level is { } level)
        {
            dossiers = dossiers.Where(d => d.OnlineLevel == level);
        }

        if (!string.IsNullOrWhiteSpace(Procedure))
        {
            var code = Procedure.Trim();
            dossiers = dossiers.Where(d => d.Procedure!.Code == code);
        }

        dossiers = Late switch
        {
            "late" => dossiers.Where(LateDossiers.LateNow(Now)),
            "overdue" => dossiers.Where(LateDossiers.OverdueNow(Now)),
            _ => dossiers,
        };

        return dossiers;
    }

    private IQueryable<DossierRow> Query(Keyset? after)
    {
        var dossiers = Filtered();
        if (after is { } position)
        {
            dossiers = dossiers.Where(d => d.ReceivedAt < position.At || (d.ReceivedAt == position.At && d.Id < position.Id));
        }

        return dossiers.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Id)
            .Select(d => new DossierRow(d.Id, d.Code, d.ReceivedAt, d.Unit!.Name, d.Procedure!.Name, d.Channel, d.OnlineLevel, d.Status, d.DueAt,
                d.FinishedAt, d.Supplements, d.Applicant.Name));
    }
}
