using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Targets;

public sealed class TargetForm
{
    public string? IndicatorCode { get; set; }

    /// <summary>Empty for the whole year.</summary>
    public int? Quarter { get; set; }

    public TargetDirection Direction { get; set; }

    public string? Value { get; set; }
}

/// <summary>A target as it applies to the shown unit in one period, and where it comes from.</summary>
public sealed record AppliedTarget(Target Target, string FromUnitCode, string FromUnitName, bool SetHere);

public sealed record TargetRow(IndicatorDefinition Indicator, AppliedTarget? Year, IReadOnlyList<AppliedTarget?> Quarters);

/// <summary>
/// /admin/targets: the targets of one unit of the admin's subtree for one year — each indicator's year target and
/// the quarters where it differs, set here or inherited from which ancestor —; set or override one, remove one set
/// here, copy the year to the next, export the year as .xlsx and import such a file (<see cref="TargetSheet"/>), and
/// the history of the changes in the subtree. Outside the subtree: 404.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportPageModel.MaxFileBytes)]
[RequestSizeLimit(ImportPageModel.MaxFileBytes + 65_536)]
public sealed class IndexModel(FriendlyGovDbContext db, TargetChanges changes, TimeProvider clock) : PageModel
{
    public const int HistorySize = 50;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    [BindProperty]
    public TargetForm Form { get; set; } = new() { Direction = TargetDirection.AtLeast };

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Every broken rule of the file just uploaded (nothing of it was written).</summary>
    public IReadOnlyList<TargetSheetError> ImportErrors { get; private set; } = [];

    public RecordScope Scope { get; private set; } = null!;

    public ScopeUnit Unit { get; private set; } = null!;

    public int ShownYear { get; private set; }

    public IReadOnlyList<TargetRow> Rows { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public static Words Label(string field) => field switch
    {
        "indicator_code" => new("Chỉ số", "Indicator"),
        "unit_code" => new("Đơn vị", "Unit"),
        "year" => new("Năm", "Year"),
        "quarter" => new("Quý", "Quarter"),
        "value" => new("Giá trị", "Value"),
        "direction" => new("Yêu cầu", "Direction"),
        _ => new(field, field),
    };

    /// <summary>An audit value for the reader: an indicator by its name, a unit by its name, a value as the page writes numbers (not the database's 10.0000), the rest as the record pages show them.</summary>
    public string Display(AuditChange change, string? value) => change.Field switch
    {
        _ when value is null => "—",
        "indicator_code" when IndicatorCatalogue.TryGet(value, out var indicator) => Dashboard.IndicatorFormat.Name(indicator),
        "unit_code" => Scope.Find(value)?.Name ?? value,
        "value" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number.ToString("#,0.####", CultureInfo.CurrentCulture),
        _ => EnumText.Display(value),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var indicator = Form.IndicatorCode is { } code && IndicatorCatalogue.TryGet(code, out var found) ? found : null;
        if (indicator is null)
        {
            ModelState.AddModelError("Form.IndicatorCode", Lang.T("Chọn một chỉ số.", "Choose an indicator."));
        }

        if (Form.Quarter is not null and not (>= 1 and <= 4))
        {
            ModelState.AddModelError("Form.Quarter", Lang.T("Chọn cả năm hoặc một quý từ 1 đến 4.", "Choose the whole year or a quarter from 1 to 4."));
        }

        if (Form.Direction is not (TargetDirection.AtLeast or TargetDirection.AtMost))
        {
            ModelState.AddModelError("Form.Direction", Lang.T("Chọn ≥ hoặc ≤.", "Choose ≥ or ≤."));
        }

        var value = ParseValue(Form.Value);
        if (value is null)
        {
            ModelState.AddModelError("Form.Value", Lang.T("Nhập một số không âm, ví dụ 98 hoặc 98,5.", "Enter a number that is not negative, such as 98 or 98.5."));
        }
        else if (indicator?.Unit == IndicatorUnit.Percent && value > 100)
        {
            ModelState.AddModelError("Form.Value", Lang.T("Tỷ lệ không vượt quá 100%.", "A share cannot exceed 100%."));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var changed = await changes.SetAsync(Unit, indicator!.Code, ShownYear, Form.Quarter, value!.Value, Form.Direction, Scope, cancellationToken);
        Done = changed
            ? Lang.T("Đã lưu chỉ tiêu. Bảng chỉ số cập nhật sau lần tổng hợp kế tiếp.", "The target is saved. The scorecard shows it after the next rollup.")
            : Lang.T("Chỉ tiêu không thay đổi.", "The target was already so.");
        return Redirect(Url.Page("/Targets/Index", new { unit = Unit.Code, year = ShownYear })!);
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !await changes.RemoveAsync(id, Scope, cancellationToken))
        {
            return NotFound();
        }

        Done = Lang.T("Đã bỏ chỉ tiêu; đơn vị áp dụng lại chỉ tiêu của cấp trên (nếu có).", "The target is removed; the unit inherits its ancestors' target again (if any).");
        return Redirect(Url.Page("/Targets/Index", new { unit = Unit.Code, year = ShownYear })!);
    }

    public async Task<IActionResult> OnPostCopyAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var (copied, kept) = await changes.CopyYearAsync(Unit, ShownYear, Scope, cancellationToken);
        Done = Lang.T($"Đã sao chép {copied} chỉ tiêu sang năm {ShownYear + 1}; giữ nguyên {kept} chỉ tiêu đã có.", $"Copied {copied} targets to {ShownYear + 1}; kept {kept} already set there.");
        return Redirect(Url.Page("/Targets/Index", new { unit = Unit.Code, year = ShownYear + 1 })!);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var inherited = Rows.SelectMany(r => r.Quarters.Prepend(r.Year)).OfType<AppliedTarget>().Where(a => !a.SetHere);
        var content = await TargetSheet.ExportAsync(db, Scope, Unit, ShownYear, inherited, cancellationToken);
        return File(content, Spreadsheets.XlsxContentType, $"chi-tieu-{Unit.Code}-{ShownYear}.xlsx");
    }

    /// <summary>All or nothing: every row checked first; then one transaction sets the targets that changed, audited and marked for the rollup.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Upload is null || Upload.Length == 0 || !Upload.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Upload), Lang.T("Chọn tệp .xlsx.", "Choose an .xlsx file."));
            return Page();
        }

        using var content = new MemoryStream();
        await Upload.CopyToAsync(content, cancellationToken);
        var fileName = Path.GetFileName(Upload.FileName);
        var (values, errors) = await TargetSheet.ReadAsync(db, Scope, fileName, content.ToArray(), cancellationToken);
        if (errors.Count > 0)
        {
            ImportErrors = errors;
            return Page();
        }

        var changed = await changes.SetManyAsync(values, Scope, $"import: {fileName}", cancellationToken);
        Done = Lang.T($"Đã nhập {values.Count} chỉ tiêu từ {fileName}: {changed} thay đổi, {values.Count - changed} giữ nguyên.", $"Imported {values.Count} targets from {fileName}: {changed} changed, {values.Count - changed} unchanged.");
        return Redirect(Url.Page("/Targets/Index", new { unit = Unit.Code, year = ShownYear })!);
    }

    /// <summary>"98", "98,5" (Vietnamese) or "98.5"; null when not a number or negative.</summary>
    public static decimal? ParseValue(string? text)
    {
        var trimmed = text?.Trim().Replace(',', '.');
        return decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
    }

    /// <summary>The scope, the unit (the admin's own unless one of their subtree is named) and the year's targets; false for a unit outside the subtree.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? Scope.Own : Scope.Find(UnitCode);
        if (unit is null)
        {
            return false;
        }

        Unit = unit;
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime).Year;

        // The unit and its ancestors, nearest first: the ancestors may lie above the admin's subtree (a commune inherits the province's targets).
        var codes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse().ToList();
        var chain = (await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken))
            .OrderBy(u => codes.IndexOf(u.Code)).ToList();
        var chainIds = chain.Select(u => u.Id).ToList();
        var byId = chain.ToDictionary(u => u.Id);
        var targets = (await db.Targets.AsNoTracking().Where(t => t.Year == ShownYear && chainIds.Contains(t.UnitId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.IndicatorCode);

        AppliedTarget? Applied(IndicatorDefinition indicator, Period period) =>
            Target.Resolve(targets[indicator.Code], chainIds, period) is { } target ? new AppliedTarget(target, byId[target.UnitId].Code, byId[target.UnitId].Name, target.UnitId == unit.Id) : null;

        Rows = IndicatorCatalogue.All.Where(i => targets.Contains(i.Code))
            .Select(i => new TargetRow(i, Applied(i, Period.OfYear(ShownYear)), [.. Enumerable.Range(1, 4).Select(q => Applied(i, new Period(ShownYear, q)))]))
            .ToList();

        var subtree = Scope.SubtreeIds(unit).ToList();
        History = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == TargetChanges.RecordType && subtree.Contains(a.UnitId))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HistorySize).ToListAsync(cancellationToken);
        return true;
    }
}
