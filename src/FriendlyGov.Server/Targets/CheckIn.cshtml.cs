using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Targets;

public sealed class CheckInForm
{
    public string? Note { get; set; }

    public TargetStatus Status { get; set; }
}

/// <summary>
/// /targets/check-in?unit=…&amp;indicator=…&amp;year=…&amp;quarter=…: one target of a unit in one period as a metric —
/// its value, status and owner —, the history of its check-ins (the report's "Khuyết điểm, nguyên nhân" lines), and
/// forms to add a check-in (leaders and officers of the unit's subtree) and to name the owner (leaders and admins).
/// Check-ins are only added, never changed. Everyone who reads the unit's dashboard reads them; anyone else gets 404,
/// as for a target that does not apply.
/// </summary>
public sealed class CheckInModel(FriendlyGovDbContext db, IndicatorReads reads, TimeProvider clock) : PageModel
{
    public const string CheckInRecordType = "target_check_in";
    public const string OwnerRecordType = "target_owner";

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "indicator")]
    public string? IndicatorCode { get; set; }

    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    [FromQuery(Name = "quarter")]
    public int? Quarter { get; set; }

    [BindProperty]
    public CheckInForm Form { get; set; } = new();

    [BindProperty]
    public string? OwnerName { get; set; }

    [TempData]
    public string? Done { get; set; }

    public AdministrativeUnit Unit { get; private set; } = null!;

    public Period Period { get; private set; }

    public ScorecardEntry Entry { get; private set; } = null!;

    public TargetProgress? Progress { get; private set; }

    public DateOnly? DataTo { get; private set; }

    public bool Closed => DataTo is null;

    public string? Owner { get; private set; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<TargetCheckIn> History { get; private set; } = [];

    /// <summary>Leaders and officers of the unit's own subtree (not readers of a successor through its predecessor).</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Naming who answers for a target is a leader's (or an admin's) act.</summary>
    public bool CanAssign { get; private set; }

    public IReadOnlyList<TargetStatus> Statuses => TargetCheckIn.StatusesFor(Closed);

    public string DashboardUrl => $"/dashboard?unit={Uri.EscapeDataString(Unit.Code)}&year={Period.Year}&quarter={Period.Quarter}#kpi-{Entry.Indicator.Code.Replace('.', '-')}";

    public string SelfUrl => TargetMetrics.CheckInUrl(Unit.Code, Entry.Indicator.Code, Period);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Form.Status = Progress?.Status ?? Statuses[0];
        OwnerName = Owner;
        return Page();
    }

    public async Task<IActionResult> OnPostCheckInAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        // A status that is not one of the enum's names is reported below in words, not as the binder's message.
        ModelState.Remove(nameof(OwnerName));
        ModelState.Remove("Form.Status");
        var note = Form.Note?.Trim() ?? "";
        if (note.Length == 0)
        {
            ModelState.AddModelError("Form.Note", Lang.T("Nhập nội dung ghi nhận: kết quả, khuyết điểm, nguyên nhân.", "Write the note: the result, the shortcomings, their causes."));
        }
        else if (note.Length > TargetCheckIn.NoteLength)
        {
            ModelState.AddModelError("Form.Note", Lang.T($"Ghi nhận dài tối đa {TargetCheckIn.NoteLength:#,0} ký tự (hiện có {note.Length:#,0}).", $"A note is at most {TargetCheckIn.NoteLength:#,0} characters (this one has {note.Length:#,0})."));
        }
        else if (!Text.IsFreeText(note))
        {
            ModelState.AddModelError("Form.Note", Lang.T("Ghi nhận có ký tự điều khiển không hợp lệ.", "The note holds control characters."));
        }

        if (!Statuses.Contains(Form.Status))
        {
            ModelState.AddModelError("Form.Status", Closed
                ? Lang.T("Kỳ đã khóa sổ: chọn Đạt hoặc Chưa đạt.", "The period is closed: choose Met or Not met.")
                : Lang.T("Chọn một tình trạng: Đạt, Đúng hướng, Có nguy cơ hoặc Chậm.", "Choose a status: Met, On track, At risk or Behind."));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var scope = StaffScope.Of(User)!;
        var checkIn = new TargetCheckIn
        {
            UnitId = Unit.Id,
            IndicatorCode = Entry.Indicator.Code,
            PeriodKey = Period.Key,
            Note = note,
            Status = Form.Status,
            Author = scope.UserName,
            AuthorName = scope.FullName,
            WrittenAt = clock.GetUtcNow().UtcDateTime,
            Value = Entry.Current.Value,
        };
        db.TargetCheckIns.Add(checkIn);
        await AuditTrail.SaveAsync(db, CheckInRecordType, [checkIn], _ => Unit.Id, scope.UserName, null, UnitCodeOf, clock, cancellationToken);
        Done = Lang.T("Đã lưu ghi nhận.", "The check-in is saved.");
        return Redirect(SelfUrl);
    }

    public async Task<IActionResult> OnPostOwnerAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (!CanAssign)
        {
            return Forbid();
        }

        ModelState.Remove("Form.Note");
        ModelState.Remove("Form.Status");
        var name = OwnerName?.Trim() ?? "";
        if (name.Length == 0)
        {
            ModelState.AddModelError(nameof(OwnerName), Lang.T("Nhập họ tên và chức vụ người phụ trách.", "Enter the owner's name and title."));
        }
        else if (name.Length > TargetOwner.NameLength)
        {
            ModelState.AddModelError(nameof(OwnerName), Lang.T($"Tối đa {TargetOwner.NameLength} ký tự.", $"At most {TargetOwner.NameLength} characters."));
        }
        else if (!Text.IsLine(name))
        {
            ModelState.AddModelError(nameof(OwnerName), Lang.T("Họ tên, chức vụ viết trên một dòng, không có ký tự điều khiển.", "The name and title go on one line, without control characters."));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var scope = StaffScope.Of(User)!;
        var owner = await db.TargetOwners.SingleOrDefaultAsync(o => o.UnitId == Unit.Id && o.IndicatorCode == Entry.Indicator.Code, cancellationToken);
        if (owner is null)
        {
            owner = new TargetOwner { UnitId = Unit.Id, IndicatorCode = Entry.Indicator.Code };
            db.TargetOwners.Add(owner);
        }

        owner.Name = name;
        await AuditTrail.SaveAsync(db, OwnerRecordType, [owner], _ => Unit.Id, scope.UserName, null, UnitCodeOf, clock, cancellationToken);
        Done = Lang.T("Đã lưu người phụ trách.", "The owner is saved.");
        return Redirect(SelfUrl);
    }

    private string? UnitCodeOf(int id) => id == Unit.Id ? Unit.Code : null;

    /// <summary>The unit (as the dashboard reads it: 404 outside the reader's subtree), the period and the target that applies in it.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var scope = StaffScope.Of(User);
        if (Year is null || Quarter is null || IndicatorCode is null || !IndicatorCatalogue.TryGet(IndicatorCode, out var indicator))
        {
            return false;
        }

        var slice = await DashboardSlice.ResolveAsync(db, reads, scope, UnitCode, Year, Quarter, clock, cancellationToken);
        if (!slice.Found || slice.Errors.Count > 0)
        {
            return false;
        }

        (Unit, Period) = (slice.Unit!, slice.Period);
        var entries = await reads.ScorecardAsync(Unit.Id, Period, cancellationToken);
        if (entries.SingleOrDefault(e => e.Indicator.Code == indicator.Code) is not { Current.Target: not null } entry)
        {
            return false;
        }

        Entry = entry;
        DataTo = Dashboard.ScorecardSummary.DataToOf(entries, Period);
        var metrics = await TargetMetrics.ReadAsync(db, Unit, Period, cancellationToken);
        Progress = metrics.ProgressOf(entry, Period, DataTo);
        Owner = metrics.OwnerOf(indicator.Code);
        History = [.. metrics.CheckIns[indicator.Code].Reverse()];
        var own = scope!.SeesUnit(Unit.Path);
        CanWrite = own && (User.IsInRole(StaffRoles.Leader) || User.IsInRole(StaffRoles.Officer));
        CanAssign = own && (User.IsInRole(StaffRoles.Leader) || User.IsInRole(StaffRoles.Admin));
        return true;
    }
}
