using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Calendar;

public sealed class CalendarDayForm
{
    public string? Date { get; set; }

    public CalendarDayKind Kind { get; set; } = CalendarDayKind.Holiday;

    public string? Name { get; set; }
}

/// <summary>
/// /admin/calendar: the public holidays and compensatory working days of a year, the table due times are computed
/// from. The calendar is the whole country's, so every admin reads it and only an admin of a root unit changes it
/// (add or remove a day; each change audited as "calendar_day"). Due times already computed keep their value.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class CalendarModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const string AuditRecordType = "calendar_day";

    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    [BindProperty]
    public CalendarDayForm Form { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    public int ShownYear { get; private set; }

    public bool CanEdit { get; private set; }

    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    private int RootUnitId { get; set; }

    public static Words KindName(CalendarDayKind kind) => kind == CalendarDayKind.Holiday
        ? new("Ngày nghỉ (lễ, Tết, nghỉ bù)", "Day off (holiday, Tết, compensatory)")
        : new("Ngày làm bù (thứ Bảy, Chủ nhật)", "Compensatory working day (weekend)");

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!CanEdit)
        {
            return Forbid();
        }

        var date = Dates.TryParse(Form.Date, out var parsed) ? parsed : (DateOnly?)null;
        if (date is null)
        {
            ModelState.AddModelError("Form.Date", Lang.T("Nhập ngày dạng dd/MM/yyyy.", "Enter a date as dd/MM/yyyy."));
        }
        else if (await db.CalendarDays.AnyAsync(d => d.Date == date.Value, cancellationToken))
        {
            ModelState.AddModelError("Form.Date", Lang.T("Ngày này đã có trong bảng.", "This day is already in the table."));
        }
        else if (Form.Kind == CalendarDayKind.Holiday && date.Value.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            ModelState.AddModelError("Form.Kind", Lang.T("Thứ Bảy, Chủ nhật đã là ngày nghỉ: chỉ ghi ngày làm bù.", "Weekends are off anyway: only a compensatory working day is listed."));
        }
        else if (Form.Kind == CalendarDayKind.WorkingDay && date.Value.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            ModelState.AddModelError("Form.Kind", Lang.T("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.", "A compensatory working day is a Saturday or a Sunday."));
        }

        if (Form.Kind is not (CalendarDayKind.Holiday or CalendarDayKind.WorkingDay))
        {
            ModelState.AddModelError("Form.Kind", Lang.T("Chọn loại ngày.", "Choose the kind of day."));
        }

        var name = Form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            ModelState.AddModelError("Form.Name", Lang.T("Nhập tên ngày (tối đa 200 ký tự), ví dụ «Tết Nguyên đán».", "Enter the day's name (at most 200 characters), such as “Tết Nguyên đán”."));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var day = new CalendarDay(date!.Value, Form.Kind, name);
        db.CalendarDays.Add(day);
        Audit(day, AuditAction.Created, [new() { Field = "date", New = EnumText.Invariant(day.Date) }, new() { Field = "kind", New = EnumText.Invariant(day.Kind) }, new() { Field = "name", New = name }]);
        await db.SaveChangesAsync(cancellationToken); // the day and its audit entry in one transaction
        Done = Lang.T($"Đã thêm ngày {day.Date:dd/MM/yyyy}.", $"Added {day.Date:dd/MM/yyyy}.");
        return Redirect($"/admin/calendar?year={day.Date.Year}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string date, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!CanEdit)
        {
            return Forbid();
        }

        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", out var parsed) ? await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == parsed, cancellationToken) : null;
        if (day is null)
        {
            return NotFound();
        }

        db.CalendarDays.Remove(day);
        Audit(day, AuditAction.Deleted, [new() { Field = "date", Old = EnumText.Invariant(day.Date) }, new() { Field = "kind", Old = EnumText.Invariant(day.Kind) }, new() { Field = "name", Old = day.Name }]);
        await db.SaveChangesAsync(cancellationToken);
        Done = Lang.T($"Đã bỏ ngày {day.Date:dd/MM/yyyy}.", $"Removed {day.Date:dd/MM/yyyy}.");
        return Redirect($"/admin/calendar?year={day.Date.Year}");
    }

    // The calendar is the installation's: its entries go with the admin's root unit.
    private void Audit(CalendarDay day, AuditAction action, List<AuditChange> changes) =>
        AuditTrail.Add(db, AuditRecordType, (day.Date.Year * 10000) + (day.Date.Month * 100) + day.Date.Day, RootUnitId, action, User.Identity?.Name ?? "", clock, changes);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var scope = StaffScope.Of(User)!;
        CanEdit = scope.IsRootAdmin;
        RootUnitId = await db.Units.Where(u => u.Code == scope.UnitCode).Select(u => u.Id).SingleAsync(cancellationToken);
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime).Year;
        var first = new DateOnly(ShownYear, 1, 1);
        var last = first.AddYears(1);
        Days = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date < last).OrderBy(d => d.Date).ToListAsync(cancellationToken);
        var dates = await db.CalendarDays.AsNoTracking().Select(d => d.Date).ToListAsync(cancellationToken);
        Years = [.. dates.Select(d => d.Year).Append(ShownYear).Distinct().Order()];
    }
}
