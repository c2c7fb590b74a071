using FriendlyGov.Domain.Units;
using Microsoft.AspNetCore.Identity;

namespace FriendlyGov.Data.Staff;

/// <summary>
/// A person who signs in to the admin (cán bộ, công chức): one role, and a unit whose subtree is
/// all they see. Passwords are hashed by ASP.NET Core Identity; none is ever stored in clear.
/// </summary>
public sealed class StaffUser : IdentityUser
{
    public string FullName { get; set; } = "";

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    /// <summary>When an admin disabled the account (UTC); null while it may sign in. Unlike a lockout, it has no end.</summary>
    public DateTime? DisabledAt { get; set; }
}

/// <summary>The three roles of the admin.</summary>
public static class StaffRoles
{
    /// <summary>Manages users, clients, targets and jobs in their subtree.</summary>
    public const string Admin = "admin";

    /// <summary>Keeps the records (một cửa officers).</summary>
    public const string Officer = "officer";

    /// <summary>Reads the scorecards and reports (chairmen, department heads).</summary>
    public const string Leader = "leader";

    public static IReadOnlyList<string> All { get; } = [Admin, Officer, Leader];
}
