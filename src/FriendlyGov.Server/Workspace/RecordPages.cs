using System.Globalization;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Workspace;

/// <summary>
/// What every list of records shares: the filters in the URL (unit, date range), sorting, paging,
/// and the same filters for the .xlsx export. Dates are typed dd/MM/yyyy.
/// </summary>
public abstract class RecordListModel : PageModel
{
    public const int PageSize = 50;
    public const int MaxExportRows = 100_000;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [FromQuery(Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public RecordScope Scope { get; private set; } = null!;

    /// <summary>The unit filtered on; null for the whole subtree.</summary>
    public ScopeUnit? Unit { get; private set; }

    public DateOnly? FromDate { get; private set; }

    public DateOnly? ToDate { get; private set; }

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Reads the scope and the common filters; false when the unit is outside the user's subtree (404).</summary>
    protected async Task<bool> ResolveAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        if (!string.IsNullOrWhiteSpace(UnitCode))
        {
            Unit = Scope.Find(UnitCode);
            if (Unit is null)
            {
                return false;
            }
        }

        FromDate = FilterDate(From, nameof(From));
        ToDate = FilterDate(To, nameof(To));
        if (FromDate > ToDate)
        {
            ModelState.AddModelError(nameof(To), Admin.Lang.T("Ngày cuối không được trước ngày đầu.", "The end must not be before the start."));
        }

        PageNumber = Math.Max(1, PageNumber);
        return true;
    }

    private DateOnly? FilterDate(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Dates.TryParse(text, out var date))
        {
            return date;
        }

        ModelState.AddModelError(key, Admin.Lang.T("Nhập ngày dạng dd/MM/yyyy.", "Enter a date as dd/MM/yyyy."));
        return null;
    }

    /// <summary>One page of the rows (the page number is kept within the pages there are).</summary>
    protected async Task<List<T>> PageAsync<T>(IQueryable<T> rows, CancellationToken cancellationToken)
    {
        Total = await rows.CountAsync(cancellationToken);
        PageNumber = Math.Min(PageNumber, Pages);
        return await rows.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>This list's URL with some query values changed (null removes one); a new filter or sort starts at page 1.</summary>
    public string Link(params (string Key, string? Value)[] changes)
    {
        var query = Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        query.Remove("handler");
        if (!changes.Any(c => c.Key == "page"))
        {
            query.Remove("page");
        }

        foreach (var (key, value) in changes)
        {
            query[key] = value;
        }

        var text = new StringBuilder(Request.Path);
        var separator = '?';
        foreach (var (key, value) in query.Where(q => !string.IsNullOrEmpty(q.Value)))
        {
            text.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value!));
            separator = '&';
        }

        return text.ToString();
    }

    /// <summary>The link of a column heading: sorts by it, or turns the order round when it is already the sort.</summary>
    public string SortLink(string key) => Link(("sort", key), ("desc", Sort == key && !Descending ? "true" : null));

    /// <summary>aria-sort of a column heading.</summary>
    public string? AriaSort(string key) => Sort == key ? (Descending ? "descending" : "ascending") : null;

    public string ExportLink => Link(("handler", "export"));

    protected FileContentResult Xlsx(string name, byte[] content) =>
        File(content, Spreadsheets.XlsxContentType, $"{name}-{DateTime.UtcNow:yyyyMMdd}.xlsx");
}

/// <summary>An audit list as a record's detail page shows it, with the record's field names.</summary>
public sealed record AuditView(IReadOnlyList<AuditEntry> Entries, Func<string, Words?> LabelOf)
{
    /// <summary>"matters[1].content" → "Vụ việc 2 · Nội dung".</summary>
    public string Field(string path)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return LabelOf(path)?.ToString() ?? path;
        }

        var close = path.IndexOf(']', bracket);
        var collection = path[..bracket];
        var index = path[(bracket + 1)..close];
        var field = path[(close + 2)..];
        var item = LabelOf(collection)?.ToString() ?? collection;
        var number = int.TryParse(index, out var i) ? (i + 1).ToString(CultureInfo.InvariantCulture) : Admin.Lang.T("(đã xóa)", "(removed)");
        return $"{item} {number} · {LabelOf($"{collection}[].{field}")?.ToString() ?? field}";
    }
}

/// <summary>Form helpers: the domain's field errors beside the inputs, and dates typed dd/MM/yyyy.</summary>
public static class FormErrors
{
    /// <summary>Puts each broken rule beside its input: "matters[0].content" → "Form.Matters[0].Content".</summary>
    public static void Add(ModelStateDictionary state, IEnumerable<FieldError> errors, Func<string, Words?> labelOf, string prefix = "Form")
    {
        foreach (var error in errors)
        {
            state.AddModelError($"{prefix}.{Pascal(error.Field)}", FieldMessages.Translate(error, labelOf).ToString());
        }
    }

    /// <summary>A date input: null and an error beside it when it is not dd/MM/yyyy (or empty but required).</summary>
    public static DateOnly? Date(ModelStateDictionary state, string key, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                state.AddModelError(key, Admin.Lang.T("Bắt buộc nhập.", "Required."));
            }

            return null;
        }

        if (Dates.TryParse(text, out var date))
        {
            return date;
        }

        state.AddModelError(key, Admin.Lang.T("Nhập ngày dạng dd/MM/yyyy, ví dụ 05/03/2026.", "Enter a date as dd/MM/yyyy, e.g. 05/03/2026."));
        return null;
    }

    /// <summary>A text input: trimmed, or null when empty.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Renumbers a child list's field paths from the record's items to the form's rows ("matters[0]" → "matters[2]" when blank rows came before).</summary>
    public static IEnumerable<FieldError> Reindex(IEnumerable<FieldError> errors, string collection, IReadOnlyList<int> formRows) =>
        errors.Select(e => e.Field.StartsWith(collection + "[", StringComparison.Ordinal)
            && int.TryParse(e.Field[(collection.Length + 1)..e.Field.IndexOf(']', StringComparison.Ordinal)], out var i) && i < formRows.Count
                ? e with { Field = $"{collection}[{formRows[i]}]{e.Field[e.Field.IndexOf(']', StringComparison.Ordinal)..][1..]}" }
                : e);

    /// <summary>snake_case field path to the form's property path: "matters[0].content" → "Matters[0].Content".</summary>
    public static string Pascal(string path) =>
        string.Join('.', path.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var suffix = bracket < 0 ? "" : segment[bracket..];
            return string.Concat(name.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])) + suffix;
        }));
}

/// <summary>The unit input of a record form: a choice among the subtree's units, or the one unit as text.</summary>
public sealed record UnitFieldView(RecordScope Scope, string? Code, Words Label)
{
    public string Key => "Form.UnitCode";

    public string? Error(Microsoft.AspNetCore.Mvc.Rendering.ViewContext context) =>
        context.ModelState.TryGetValue(Key, out var entry) ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}

/// <summary>
/// What the detail, edit and delete pages of every record type share: the record is looked up
/// inside the user's subtree only (outside it, it does not exist: 404).
/// </summary>
public abstract class RecordPageModel<T>(FriendlyGovDbContext db) : PageModel
    where T : class, IRolledUpRecord
{
    public RecordScope Scope { get; private set; } = null!;

    protected FriendlyGovDbContext Db => db;

    /// <summary>The records with what the page shows of them (units, child rows).</summary>
    protected abstract IQueryable<T> Records(FriendlyGovDbContext db);

    protected async Task<T?> FindAsync(long id, bool tracked, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var records = Scope.Within(Records(db));
        return await (tracked ? records : records.AsNoTracking()).SingleOrDefaultAsync(r => EF.Property<long>(r, "Id") == id, cancellationToken);
    }

    protected async Task LoadScopeAsync(CancellationToken cancellationToken) => Scope = await RecordScope.OfAsync(db, User, cancellationToken);

    /// <summary>The form's unit for a record of that day: the unit, or null with the reason beside the unit input.</summary>
    protected ScopeUnit? CheckUnit(string? code, DateOnly? date)
    {
        if (date is not { } day)
        {
            return null;
        }

        if (Scope.CheckUnit(code, day, out var unit) is { } problem)
        {
            ModelState.AddModelError("Form.UnitCode", problem.ToString());
            return null;
        }

        return unit;
    }
}

/// <summary>/…/{id}/delete of a record type: asks, then deletes the record (its child rows with it); the audit keeps what it held.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = RecordScope.WritePolicy)]
public abstract class DeleteRecordModel<T>(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<T>(db)
    where T : class, IRolledUpRecord
{
    public T Record { get; private set; } = null!;

    protected abstract string RecordType { get; }

    protected abstract string ListPath { get; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, tracked: false, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Record = record;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, tracked: true, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Db.Remove(record);
        await AuditTrail.SaveAsync(Db, RecordType, record, Scope.UserName, Scope.CodeOf, clock, cancellationToken);
        return Redirect(ListPath);
    }
}

/// <summary>Puts a form's child rows (matters, opinions) into a record's child list: kept rows updated or added, the others removed.</summary>
public static class ChildRows
{
    /// <summary>Returns, for each child kept, the index of its row in the form (to put a child's errors beside its row).</summary>
    public static List<int> Apply<TRow, TChild>(IReadOnlyList<TRow> rows, List<TChild> children, Func<TRow, bool> skip, Func<TRow, long> id, Func<TChild, long> childId, Action<TRow, TChild, int> fill)
        where TChild : new()
    {
        var kept = new List<int>();
        var result = new List<TChild>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (skip(row))
            {
                continue;
            }

            var child = id(row) > 0 ? children.SingleOrDefault(c => childId(c) == id(row)) ?? new TChild() : new TChild();
            fill(row, child, i);
            result.Add(child);
            kept.Add(i);
        }

        children.RemoveAll(c => !result.Contains(c));
        children.AddRange(result.Where(c => !children.Contains(c)));
        return kept;
    }
}
