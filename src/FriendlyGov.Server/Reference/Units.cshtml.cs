using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Reference;

public sealed class UnitForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public UnitLevel Level { get; set; }

    public string? ParentCode { get; set; }

    public string? ValidFrom { get; set; }
}

/// <summary>A successor of a unit closed by a reorganisation, as the tree shows it.</summary>
public sealed record Successor(int PredecessorId, string Name, string Code, DateOnly EffectiveOn);

/// <summary>
/// /admin/units: the unit tree of the admin's subtree with validity dates and successors (the 1 July 2025 reform);
/// a new unit under one of the subtree's units. A unit never moves and is never deleted (its records and rollups
/// keep their history): a reorganisation closes units and adds new ones, which `reference import` does in bulk.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class UnitsModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const string AuditRecordType = "unit";

    [BindProperty]
    public UnitForm Form { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    public RecordScope Scope { get; private set; } = null!;

    public ILookup<int, Successor> Successors { get; private set; } = Enumerable.Empty<Successor>().ToLookup(s => s.PredecessorId);

    public static Words LevelName(UnitLevel level) => level switch
    {
        UnitLevel.Province => new("Tỉnh, thành phố", "Province"),
        UnitLevel.District => new("Huyện, thị xã", "District"),
        _ => new("Xã, phường, thị trấn", "Commune"),
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var code = Form.Code?.Trim() ?? "";
        if (!AdministrativeUnit.IsWellFormedCode(code))
        {
            ModelState.AddModelError("Form.Code", Lang.T("Mã đơn vị gồm 1–16 chữ số hoặc chữ in hoa.", "A unit code is 1–16 digits or capital letters."));
        }
        else if (await db.Units.AnyAsync(u => u.Code == code, cancellationToken))
        {
            ModelState.AddModelError("Form.Code", Lang.T($"Đã có đơn vị mã {code}.", $"A unit with the code {code} exists."));
        }

        var name = Form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            ModelState.AddModelError("Form.Name", Lang.T("Nhập tên đơn vị (tối đa 200 ký tự).", "Enter the unit's name (at most 200 characters)."));
        }

        if (Form.Level is not (UnitLevel.District or UnitLevel.Commune))
        {
            ModelState.AddModelError("Form.Level", Lang.T("Chọn cấp huyện hoặc cấp xã.", "Choose district or commune."));
        }

        var parent = Scope.Find(Form.ParentCode);
        if (parent is null)
        {
            ModelState.AddModelError("Form.ParentCode", Lang.T("Chọn đơn vị cấp trên trong phạm vi của bạn.", "Choose the parent within your scope."));
        }

        var validFrom = Dates.TryParse(Form.ValidFrom, out var from) ? from : (DateOnly?)null;
        if (validFrom is null)
        {
            ModelState.AddModelError("Form.ValidFrom", Lang.T("Nhập ngày dạng dd/MM/yyyy.", "Enter a date as dd/MM/yyyy."));
        }
        else if (parent is not null && !parent.IsValidOn(validFrom.Value))
        {
            ModelState.AddModelError("Form.ValidFrom", Lang.T($"{parent.Name} không hoạt động vào ngày {validFrom:dd/MM/yyyy}.", $"{parent.Name} did not exist on {validFrom:dd/MM/yyyy}."));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var parentUnit = await db.Units.SingleAsync(u => u.Id == parent!.Id, cancellationToken);
        var unit = AdministrativeUnit.Create(code, name, Form.Level, parentUnit, validFrom!.Value);
        db.Units.Add(unit);
        await AuditTrail.SaveAsync(db, AuditRecordType, [unit], u => ((AdministrativeUnit)u).Id, Scope.UserName, null, id => id == parentUnit.Id ? parentUnit.Code : null, clock, cancellationToken);
        Done = Lang.T($"Đã thêm {name} ({code}) thuộc {parent!.Name}.", $"Added {name} ({code}) under {parent!.Name}.");
        return Redirect("/admin/units");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Form.ParentCode ??= Scope.Own.Code;
        var ids = Scope.UnitIds.ToList();
        Successors = (await db.UnitSuccessions.AsNoTracking().Where(s => ids.Contains(s.PredecessorId))
            .Select(s => new Successor(s.PredecessorId, s.Successor!.Name, s.Successor.Code, s.EffectiveOn)).ToListAsync(cancellationToken))
            .ToLookup(s => s.PredecessorId);
    }
}
