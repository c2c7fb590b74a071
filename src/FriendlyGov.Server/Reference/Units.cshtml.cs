using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Indicators;
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

/// <summary>A merger (sáp nhập): the units that close on a day and their one successor, an existing unit or a new one.</summary>
public sealed class MergerForm
{
    public List<string> PredecessorCodes { get; set; } = [];

    /// <summary>The first day of the successor (the predecessors' Hiệu lực đến).</summary>
    public string? EffectiveOn { get; set; }

    /// <summary>An existing unit of the subtree; empty for a new unit described by the New… fields.</summary>
    public string? SuccessorCode { get; set; }

    public string? NewCode { get; set; }

    public string? NewName { get; set; }

    public UnitLevel NewLevel { get; set; } = UnitLevel.Commune;

    public string? NewParentCode { get; set; }

    /// <summary>The legal act (căn cứ), e.g. the resolution of the National Assembly Standing Committee.</summary>
    public string? Basis { get; set; }
}

/// <summary>A successor of a unit closed by a reorganisation, as the tree shows it.</summary>
public sealed record Successor(int PredecessorId, string Name, string Code, DateOnly EffectiveOn);

/// <summary>
/// /admin/units: the unit tree of the admin's subtree with validity dates and successors (the 1 July 2025 reform);
/// a new unit under one of the subtree's units; a merger (several units close on a day, one successor — new or
/// existing — takes them over). A unit never moves and is never deleted (its records and rollups keep their
/// history): a reorganisation closes units and adds new ones, which `reference import` does in bulk, by the same
/// succession rule (<see cref="UnitSuccession.Check"/>).
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class UnitsModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const string AuditRecordType = "unit";

    [BindProperty]
    public UnitForm Form { get; set; } = new();

    [BindProperty]
    public MergerForm Merger { get; set; } = new();

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

    /// <summary>
    /// The merger in one transaction: the predecessors' Hiệu lực đến, the new successor (if any), the successions,
    /// an audit entry per unit and a rollup mark for the successor from the merger's quarter (a new unit's snapshots
    /// are made by the next incremental rollup). The predecessors' snapshots are left as they are: each unit keeps its history.
    /// </summary>
    public async Task<IActionResult> OnPostMergeAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        void Error(string field, string vi, string en) => ModelState.AddModelError($"Merger.{field}", Lang.T(vi, en));

        var day = Dates.TryParse(Merger.EffectiveOn, out var parsed) ? parsed : (DateOnly?)null;
        if (day is null)
        {
            Error(nameof(MergerForm.EffectiveOn), "Nhập ngày dạng dd/MM/yyyy.", "Enter a date as dd/MM/yyyy.");
        }

        var basis = Merger.Basis?.Trim() ?? "";
        if (basis.Length is 0 or > FriendlyGov.Data.Reference.UnitFile.MaxBasisLength)
        {
            Error(nameof(MergerForm.Basis), "Nhập căn cứ (văn bản quyết định sắp xếp, tối đa 300 ký tự).", "Enter the legal basis (the act deciding the merger, at most 300 characters).");
        }

        var chosen = Merger.PredecessorCodes.Select(c => Scope.Find(c)).ToList();
        if (chosen.Count == 0 || chosen.Any(c => c is null))
        {
            Error(nameof(MergerForm.PredecessorCodes), "Chọn ít nhất một đơn vị trong phạm vi của bạn để hợp nhất.", "Choose at least one unit within your scope to merge.");
        }

        var ids = Scope.UnitIds.ToList();
        var units = await db.Units.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var predecessors = chosen.OfType<ScopeUnit>().DistinctBy(c => c.Id).Select(c => units[c.Id]).ToList();
        foreach (var unit in predecessors.Where(u => u.ValidTo is not null))
        {
            Error(nameof(MergerForm.PredecessorCodes), $"{unit.Name} đã hết hiệu lực từ {unit.ValidTo:dd/MM/yyyy}.", $"{unit.Name} closed on {unit.ValidTo:dd/MM/yyyy}.");
        }

        foreach (var unit in predecessors.Where(u => day is { } d && d <= u.ValidFrom))
        {
            Error(nameof(MergerForm.EffectiveOn), $"Ngày hợp nhất phải sau ngày {unit.Name} bắt đầu hiệu lực ({unit.ValidFrom:dd/MM/yyyy}).", $"The merger must come after {unit.Name} began ({unit.ValidFrom:dd/MM/yyyy}).");
        }

        var successor = day is { } on ? await SuccessorAsync(units, predecessors, on, Error, cancellationToken) : null;
        if (!ModelState.IsValid || successor is null)
        {
            db.ChangeTracker.Clear();
            return Page();
        }

        var effective = day!.Value;
        foreach (var unit in predecessors)
        {
            unit.ValidTo = effective;
        }

        // Validity nests: a unit under a merged one must close with it (merge it too, or first).
        var closing = predecessors.ToHashSet();
        foreach (var child in units.Values.Where(u => u.Parent is { } p && closing.Contains(p) && !closing.Contains(u) && !u.NestsIn(p)))
        {
            Error(nameof(MergerForm.PredecessorCodes), $"{child.Name} thuộc {child.Parent!.Name} còn hoạt động sau ngày hợp nhất: hợp nhất cả đơn vị này.", $"{child.Name} under {child.Parent!.Name} still exists after the merger: merge it too.");
        }

        if (!ModelState.IsValid)
        {
            db.ChangeTracker.Clear();
            return Page();
        }

        db.UnitSuccessions.AddRange(predecessors.Select(p => new UnitSuccession { Predecessor = p, Successor = successor, EffectiveOn = effective, Basis = basis }));
        var source = $"merger: {string.Join(", ", predecessors.Select(p => p.Code))} → {successor.Code} ({effective:dd/MM/yyyy}; {basis})";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var audited = db.Entry(successor).State == EntityState.Added ? [.. predecessors, successor] : predecessors;
        await AuditTrail.SaveAsync(db, AuditRecordType, audited, u => ((AdministrativeUnit)u).Id, Scope.UserName, source, id => units.GetValueOrDefault(id)?.Code, clock, cancellationToken);
        db.RollupMarks.Add(new RollupMark { UnitId = successor.Id, FromQuarter = Period.QuarterKey(effective) });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Done = Lang.T($"Đã hợp nhất {string.Join(", ", predecessors.Select(p => p.Name))} vào {successor.Name} từ ngày {effective:dd/MM/yyyy}.", $"Merged {string.Join(", ", predecessors.Select(p => p.Name))} into {successor.Name} from {effective:dd/MM/yyyy}.");
        return Redirect("/admin/units");
    }

    /// <summary>The successor: an existing unit of the subtree, or a new one (tracked as added); null with the errors added.</summary>
    private async Task<AdministrativeUnit?> SuccessorAsync(Dictionary<int, AdministrativeUnit> units, List<AdministrativeUnit> predecessors, DateOnly day, Action<string, string, string> error, CancellationToken cancellationToken)
    {
        AdministrativeUnit? successor;
        if (!string.IsNullOrWhiteSpace(Merger.SuccessorCode))
        {
            successor = Scope.Find(Merger.SuccessorCode) is { } found ? units[found.Id] : null;
            if (successor is null)
            {
                error(nameof(MergerForm.SuccessorCode), "Chọn đơn vị kế thừa trong phạm vi của bạn.", "Choose the successor within your scope.");
                return null;
            }
        }
        else
        {
            var code = Merger.NewCode?.Trim() ?? "";
            var name = Merger.NewName?.Trim() ?? "";
            var parent = Scope.Find(Merger.NewParentCode) is { } p ? units[p.Id] : null;
            if (!AdministrativeUnit.IsWellFormedCode(code))
            {
                error(nameof(MergerForm.NewCode), "Mã đơn vị gồm 1–16 chữ số hoặc chữ in hoa.", "A unit code is 1–16 digits or capital letters.");
            }
            else if (await db.Units.AnyAsync(u => u.Code == code, cancellationToken))
            {
                error(nameof(MergerForm.NewCode), $"Đã có đơn vị mã {code}; chọn nó ở ô đơn vị kế thừa.", $"A unit with the code {code} exists; choose it as the successor.");
            }

            if (name.Length is 0 or > 200)
            {
                error(nameof(MergerForm.NewName), "Nhập tên đơn vị mới (tối đa 200 ký tự).", "Enter the new unit's name (at most 200 characters).");
            }

            if (Merger.NewLevel is not (UnitLevel.District or UnitLevel.Commune))
            {
                error(nameof(MergerForm.NewLevel), "Chọn cấp huyện hoặc cấp xã.", "Choose district or commune.");
            }

            if (parent is null || !parent.IsValidOn(day) || predecessors.Any(p => parent.IsWithin(p.Path)))
            {
                error(nameof(MergerForm.NewParentCode), $"Chọn đơn vị cấp trên trong phạm vi của bạn, còn hoạt động từ ngày {day:dd/MM/yyyy}.", $"Choose a parent within your scope that exists from {day:dd/MM/yyyy}.");
            }

            if (!ModelState.IsValid)
            {
                return null;
            }

            successor = AdministrativeUnit.Create(code, name, Merger.NewLevel, parent, day);
            db.Units.Add(successor);
        }

        foreach (var predecessor in predecessors)
        {
            switch (UnitSuccession.Check(predecessor, successor, day))
            {
                case SuccessionProblem.SucceedsItself:
                    error(nameof(MergerForm.SuccessorCode), $"{successor.Name} là một đơn vị bị hợp nhất, không kế thừa chính nó được.", $"{successor.Name} is one of the merged units and cannot succeed itself.");
                    return null;
                case SuccessionProblem.SuccessorNotValid:
                    error(nameof(MergerForm.SuccessorCode), $"{successor.Name} không hoạt động vào ngày {day:dd/MM/yyyy}.", $"{successor.Name} does not exist on {day:dd/MM/yyyy}.");
                    return null;
            }

            if (successor.IsWithin(predecessor.Path))
            {
                error(nameof(MergerForm.SuccessorCode), $"{successor.Name} thuộc {predecessor.Name}, đơn vị sẽ hết hiệu lực.", $"{successor.Name} lies under {predecessor.Name}, which closes.");
                return null;
            }
        }

        var successions = await db.UnitSuccessions.AsNoTracking().ToListAsync(cancellationToken);
        if (successor.Id > 0 && UnitSuccession.WouldCycle(successor.Id, [.. predecessors.Select(p => p.Id)], successions))
        {
            error(nameof(MergerForm.SuccessorCode), $"{successor.Name} đã được một đơn vị bị hợp nhất kế thừa: kế thừa sẽ thành vòng.", $"{successor.Name} already leads to one of the merged units: the successions would form a cycle.");
            return null;
        }

        return successor;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Form.ParentCode ??= Scope.Own.Code;
        Merger.NewParentCode ??= Scope.Own.Code;
        var ids = Scope.UnitIds.ToList();
        Successors = (await db.UnitSuccessions.AsNoTracking().Where(s => ids.Contains(s.PredecessorId))
            .Select(s => new Successor(s.PredecessorId, s.Successor!.Name, s.Successor.Code, s.EffectiveOn)).ToListAsync(cancellationToken))
            .ToLookup(s => s.PredecessorId);
    }
}
