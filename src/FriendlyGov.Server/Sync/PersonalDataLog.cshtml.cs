using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>One read of personal data as the log shows it.</summary>
public sealed record PersonalDataRow(DateTime AccessedAt, string? UserName, string? ClientName, string RecordType, string RecordKey, string Method);

/// <summary>
/// /admin/personal-data-log (Decree 13/2023/NĐ-CP): who read which applicant's personal data, when, through gRPC or a
/// page; filtered by who (a user's or a client's name), record (a dossier code or letter number), unit and days;
/// exported as .xlsx. Only reads of records of the admin's subtree are listed (a dossier's or a letter's unit).
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class PersonalDataLogModel(FriendlyGovDbContext db) : RecordListModel
{
    [FromQuery(Name = "who")]
    public string? Who { get; set; }

    [FromQuery(Name = "record")]
    public string? Record { get; set; }

    public IReadOnlyList<PersonalDataRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Rows = ModelState.IsValid ? await PageAsync(Query(), cancellationToken) : [];
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await Query().Take(MaxExportRows).ToListAsync(cancellationToken);
        return Xlsx("nhat-ky-du-lieu-ca-nhan", Spreadsheets.WriteXlsx((Lang.T("Nhật ký dữ liệu cá nhân", "Personal data log"),
            [Lang.T("Thời điểm", "Time"), Lang.T("Người dùng", "User"), Lang.T("Hệ thống kết nối", "API client"), Lang.T("Loại", "Type"), Lang.T("Mã", "Key"), Lang.T("Qua", "Through")],
            rows.Select(r => (IReadOnlyList<OutCell>)[VietnamTime.ToLocal(r.AccessedAt).ToString("dd/MM/yyyy HH:mm:ss"), r.UserName, r.ClientName, r.RecordType, r.RecordKey, r.Method]))));
    }

    private IQueryable<PersonalDataRow> Query()
    {
        var units = Scope.SubtreeIds(Unit).ToList();
        var dossiers = db.Dossiers.Where(d => units.Contains(d.UnitId)).Select(d => d.Code);
        var letters = db.Letters.Where(l => units.Contains(l.UnitId)).Select(l => l.Id.ToString());
        var reads = db.PersonalDataAccesses.AsNoTracking()
            .Where(a => (a.RecordType == "dossier" && dossiers.Contains(a.RecordKey)) || (a.RecordType == "letter" && letters.Contains(a.RecordKey)));
        if (FromDate is { } from)
        {
            var start = VietnamTime.StartOfDayUtc(from);
            reads = reads.Where(a => a.AccessedAt >= start);
        }

        if (ToDate is { } to)
        {
            var end = VietnamTime.StartOfDayUtc(to.AddDays(1));
            reads = reads.Where(a => a.AccessedAt < end);
        }

        if (!string.IsNullOrWhiteSpace(Record))
        {
            var key = Record.Trim();
            reads = reads.Where(a => a.RecordKey == key);
        }

        var rows = from a in reads
                   join c in db.ApiClients on a.ClientId equals c.Id into clients
                   from c in clients.DefaultIfEmpty()
                   select new { a, ClientName = c == null ? null : c.Name };
        if (!string.IsNullOrWhiteSpace(Who))
        {
            var who = Who.Trim();
            rows = rows.Where(r => r.a.UserName == who || r.ClientName == who);
        }

        return rows.OrderByDescending(r => r.a.AccessedAt).ThenByDescending(r => r.a.Id)
            .Select(r => new PersonalDataRow(r.a.AccessedAt, r.a.UserName, r.ClientName, r.a.RecordType, r.a.RecordKey, r.a.Method));
    }
}
