using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

public sealed class ClientForm
{
    public string? Name { get; set; }

    public string? UnitCode { get; set; }

    public List<string> Scopes { get; set; } = [];
}

/// <summary>
/// /admin/clients: the API clients of the admin's subtree (key hints, scopes, last use), a new one (its key shown
/// once, on the answer to the form), and revoking one. A client of a unit outside the subtree does not exist here.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class ClientsModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const string AuditRecordType = "api_client";

    [BindProperty]
    public ClientForm Form { get; set; } = new();

    public RecordScope Scope { get; private set; } = null!;

    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];

    /// <summary>The key of the client just created; only in the answer to the form.</summary>
    public string? CreatedKey { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var name = Form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            ModelState.AddModelError("Form.Name", Lang.T("Nhập tên hệ thống (tối đa 200 ký tự).", "Enter the system's name (at most 200 characters)."));
        }
        else if (await db.ApiClients.AnyAsync(c => c.Name == name && c.RevokedAt == null, cancellationToken))
        {
            ModelState.AddModelError("Form.Name", Lang.T($"Đã có hệ thống đang hoạt động tên {name}.", $"An active client is already named {name}."));
        }

        var unit = Scope.Find(Form.UnitCode);
        if (unit is null)
        {
            ModelState.AddModelError("Form.UnitCode", Lang.T("Chọn một đơn vị trong phạm vi của bạn.", "Choose a unit within your scope."));
        }

        var scopes = ClientScopes.None;
        try
        {
            scopes = ApiClient.ParseScopes(string.Join(",", Form.Scopes));
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError("Form.Scopes", Lang.T("Quyền không hợp lệ.", "An unknown scope."));
        }

        if (scopes == ClientScopes.None && ModelState["Form.Scopes"] is null)
        {
            ModelState.AddModelError("Form.Scopes", Lang.T("Chọn ít nhất một quyền.", "Choose at least one scope."));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var unitEntity = await db.Units.SingleAsync(u => u.Id == unit!.Id, cancellationToken);
        var (client, key) = ApiClient.Create(name, unitEntity, scopes, clock.GetUtcNow().UtcDateTime);
        db.ApiClients.Add(client);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            Audit(client, AuditAction.Created, [new() { Field = "name", New = name }, new() { Field = "unit_code", New = unit!.Code }, new() { Field = "scopes", New = ApiClient.FormatScopes(scopes) }, new() { Field = "key_hint", New = client.KeyHint }]);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        CreatedKey = key;
        Form = new ClientForm { Name = name, UnitCode = unit.Code };
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var ids = Scope.UnitIds.ToList();
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id && c.RevokedAt == null && ids.Contains(c.UnitId), cancellationToken);
        if (client is null)
        {
            return NotFound();
        }

        client.RevokedAt = clock.GetUtcNow().UtcDateTime;
        Audit(client, AuditAction.Changed, [new() { Field = "name", Old = client.Name, New = client.Name }, new() { Field = "revoked", Old = "false", New = "true" }]);
        await db.SaveChangesAsync(cancellationToken); // one SaveChanges: the revocation and its audit entry commit together
        Done = Lang.T($"Đã thu hồi khóa của {client.Name}: khóa không dùng được nữa.", $"Revoked {client.Name}: its key no longer works.");
        return Redirect("/admin/clients");
    }

    private void Audit(ApiClient client, AuditAction action, List<AuditChange> changes) =>
        AuditTrail.Add(db, AuditRecordType, client.Id, client.UnitId, action, Scope.UserName, clock, changes);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Form.UnitCode ??= Scope.Own.Code;
        var ids = Scope.UnitIds.ToList();
        Clients = await db.ApiClients.AsNoTracking().Where(c => ids.Contains(c.UnitId))
            .OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ToListAsync(cancellationToken);
    }
}
