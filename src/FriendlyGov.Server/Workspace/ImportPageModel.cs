using System.Text;
using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Data.Imports;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Workspace;

/// <summary>
/// The import page of a record type (/receptions/import, …): upload an .xlsx or .csv file, watch
/// the check's progress, read the bad cells by row and column — or the rows as they will be saved —
/// and confirm; the write runs in the background too. Templates of the columns in .xlsx and .csv.
/// Only the user who uploaded a file sees its run.
/// </summary>
[Authorize(Policy = RecordScope.WritePolicy)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes)]
[RequestSizeLimit(MaxFileBytes + 65_536)]
public abstract class ImportPageModel(FriendlyGovDbContext db, IRecordImporter importer, IBackgroundJobClient jobs, ImportProgress progress, TimeProvider clock) : PageModel
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const int PreviewPageSize = 100;

    public IRecordImporter Importer => importer;

    /// <summary>The list this import adds to, e.g. "/receptions".</summary>
    public abstract string ListPath { get; }

    [FromRoute(Name = "id")]
    public long? Id { get; set; }

    [FromQuery(Name = "page")]
    public int PreviewPage { get; set; } = 1;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ImportRun? Run { get; private set; }

    public ImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return Page();
        }

        Run = await FindRunAsync(cancellationToken);
        if (Run is null)
        {
            return NotFound();
        }

        Report = Run.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(Run.Report, ImportJobs.Json);
        var pages = Math.Max(1, ((Report?.Preview.Count ?? 0) + PreviewPageSize - 1) / PreviewPageSize);
        PreviewPage = Math.Clamp(PreviewPage, 1, pages);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(Upload?.FileName ?? "").ToLowerInvariant();
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), Admin.Lang.T("Chọn tệp .xlsx hoặc .csv.", "Choose an .xlsx or .csv file."));
        }
        else if (extension is not (".xlsx" or ".csv"))
        {
            ModelState.AddModelError(nameof(Upload), Admin.Lang.T("Chỉ nhập được tệp .xlsx hoặc .csv.", "Only .xlsx and .csv files can be imported."));
        }
        else if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), Admin.Lang.T("Tệp lớn hơn 10 MB.", "The file is larger than 10 MB."));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = Staff.StaffScope.Of(User)!;
        using var content = new MemoryStream();
        await Upload!.CopyToAsync(content, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var run = new ImportRun
        {
            RecordType = importer.RecordType,
            UserName = scope.UserName,
            SubtreePath = scope.SubtreePath,
            FileName = Path.GetFileName(Upload.FileName),
            Content = content.ToArray(),
            State = ImportState.Checking,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<ImportJobs>(j => j.CheckAsync(run.Id, CancellationToken.None));
        return Redirect($"{ListPath}/import/{run.Id}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(cancellationToken);
        if (run is null)
        {
            return NotFound();
        }

        if (run.State == ImportState.Checked)
        {
            run.State = ImportState.Writing;
            run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            jobs.Enqueue<ImportJobs>(j => j.WriteAsync(run.Id, CancellationToken.None));
        }

        return Redirect($"{ListPath}/import/{run.Id}");
    }

    /// <summary>The progress bar's reading (wwwroot/js/import-progress.js): state and rows done.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(cancellationToken);
        if (run is null)
        {
            return NotFound();
        }

        var (done, total) = progress.Of(run.Id) ?? (0, 0);
        return new JsonResult(new { state = run.State.ToString().ToLowerInvariant(), done, total });
    }

    /// <summary>The template: the columns with a guide sheet (.xlsx), or the header row alone (.csv, UTF-8).</summary>
    public IActionResult OnGetTemplate(string? format)
    {
        var headings = importer.Columns.Select(c => c.Heading.Vi).ToList();
        var name = $"mau-nhap-{importer.RecordType}";
        if (format == "csv")
        {
            var line = string.Join(',', headings.Select(h => h.Contains(',', StringComparison.Ordinal) ? $"\"{h}\"" : h)) + "\r\n";
            return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(line)).ToArray(), "text/csv; charset=utf-8", name + ".csv");
        }

        var guide = importer.Columns.Select(c => (IReadOnlyList<OutCell>)[c.Heading.Vi, c.Heading.En, c.Required ? "Bắt buộc / Required" : "Không bắt buộc / Optional", $"{c.Format.Vi} / {c.Format.En}"]);
        return File(Spreadsheets.WriteXlsx(
                (importer.Title.Vi.Length > 31 ? importer.Title.Vi[..31] : importer.Title.Vi, headings, []),
                ("Hướng dẫn", ["Cột", "Column", "Bắt buộc", "Định dạng / Format"], guide)),
            Spreadsheets.XlsxContentType, name + ".xlsx");
    }

    private Task<ImportRun?> FindRunAsync(CancellationToken cancellationToken)
    {
        var user = Staff.StaffScope.Of(User)!.UserName;
        return Id is null ? Task.FromResult<ImportRun?>(null)
            : db.ImportRuns.SingleOrDefaultAsync(r => r.Id == Id && r.RecordType == importer.RecordType && r.UserName == user, cancellationToken);
    }
}
