using System.Security.Cryptography;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Staff;

/// <summary>
/// `users add --name N --role R --unit CODE [--full-name "…"]` · `users list` · `users reset-password --name N` ·
/// `users disable|enable --name N` · `users set-role --name N --role R [--unit CODE]`:
/// there is no default password; every password is generated, printed once and stored only as a hash.
/// </summary>
public static class UsersCommand
{
    public const string PasswordLinePrefix = "Password (shown once): ";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var options = CommandOptions.Parse(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "add":
                return await AddAsync(services, options, output, cancellationToken);
            case "list":
                var context = services.GetRequiredService<FriendlyGovDbContext>();
                var roles = await context.UserRoles.Join(context.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
                foreach (var user in await users.Users.AsNoTracking().Include(u => u.Unit).OrderBy(u => u.UserName).ToListAsync(cancellationToken))
                {
                    var locked = user.DisabledAt is not null ? $"disabled since {user.DisabledAt:yyyy-MM-dd HH:mm}Z"
                        : user.LockoutEnd > DateTimeOffset.UtcNow ? $"locked until {user.LockoutEnd:yyyy-MM-dd HH:mm}Z" : "active";
                    output.WriteLine($"{user.UserName}\t{string.Join(",", roles.Where(r => r.UserId == user.Id).Select(r => r.Name))}\tunit {user.Unit!.Code} ({user.Unit.Name})\t{user.FullName}\t{locked}");
                }

                return 0;
            case "reset-password" or "disable" or "enable" or "set-role":
                return await ChangeAsync(services, args[0], options, output, cancellationToken);
            default:
                output.WriteLine("usage: users add --name NAME --role admin|officer|leader --unit UNIT_CODE [--full-name \"FULL NAME\"] | users list"
                    + " | users reset-password --name NAME | users disable --name NAME | users enable --name NAME | users set-role --name NAME --role ROLE [--unit UNIT_CODE]");
                return 1;
        }
    }

    /// <summary>The changes to one account, through the same <see cref="StaffAccounts"/> as /admin/users (audited as the operator's command).</summary>
    private static async Task<int> ChangeAsync(IServiceProvider services, string change, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<StaffAccounts>();
        var found = options.Get("name") is { } name ? await accounts.FindAsync(name) : null;
        if (found is null)
        {
            output.WriteLine($"No user named '{options.Get("name")}'.");
            return 1;
        }

        var by = $"command ({Environment.UserName})";
        Workspace.Words? problem;
        switch (change)
        {
            case "reset-password":
                (var password, problem) = await accounts.ResetPasswordAsync(found, by, cancellationToken);
                if (password is not null)
                {
                    output.WriteLine($"New password for {found.UserName}; the old one no longer works.");
                    output.WriteLine(PasswordLinePrefix + password);
                }

                break;
            case "disable":
                problem = await accounts.DisableAsync(found, by, cancellationToken);
                if (problem is null)
                {
                    output.WriteLine($"Disabled {found.UserName}: they can no longer sign in, and their open sessions end at their next request.");
                }

                break;
            case "enable":
                problem = await accounts.EnableAsync(found, by, cancellationToken);
                if (problem is null)
                {
                    output.WriteLine($"Enabled {found.UserName}: they can sign in again with their password.");
                }

                break;
            default:
                var db = services.GetRequiredService<FriendlyGovDbContext>();
                var role = options.Get("role") ?? await accounts.RoleOfAsync(found);
                var unitCode = options.Get("unit");
                var unit = unitCode is null
                    ? await db.Units.AsNoTracking().SingleAsync(u => u.Id == found.UnitId, cancellationToken)
                    : await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken);
                if (unit is null)
                {
                    output.WriteLine($"No unit has the code '{unitCode}'.");
                    return 1;
                }

                problem = await accounts.SetRoleAsync(found, role, unit.Id, unit.Code, by, cancellationToken);
                if (problem is null)
                {
                    output.WriteLine($"{found.UserName} is now {role} of unit {unit.Code} ({unit.Name}); they sign in again to use it.");
                }

                break;
        }

        if (problem is { } words)
        {
            output.WriteLine(words.En);
            return 1;
        }

        return 0;
    }

    private static async Task<int> AddAsync(IServiceProvider services, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var (name, role, unitCode) = (options.Get("name"), options.Get("role"), options.Get("unit"));
        if (name is null || role is null || unitCode is null)
        {
            output.WriteLine("users add needs --name, --role and --unit.");
            return 1;
        }

        var password = NewPassword();
        var problem = await CreateAsync(services, new StaffAccount(name, options.Get("full-name") ?? name, role, unitCode), password, cancellationToken);
        if (problem is not null)
        {
            output.WriteLine(problem);
            return 1;
        }

        output.WriteLine($"Created user {name} ({role}, unit {unitCode}). Sign in at /login; the password is shown only now.");
        output.WriteLine(PasswordLinePrefix + password);
        return 0;
    }

    /// <summary>Creates a user with one role, audited as made by <paramref name="by"/> (the operator's command when null); the reason in words when it cannot.</summary>
    public static async Task<string?> CreateAsync(IServiceProvider services, StaffAccount account, string password, CancellationToken cancellationToken, string? by = null)
    {
        if (!StaffRoles.All.Contains(account.Role))
        {
            return $"The role must be one of {string.Join(", ", StaffRoles.All)}, not '{account.Role}'.";
        }

        var db = services.GetRequiredService<FriendlyGovDbContext>();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == account.UnitCode, cancellationToken);
        if (unit is null)
        {
            return $"No unit has the code '{account.UnitCode}'.";
        }

        var accounts = services.GetRequiredService<StaffAccounts>();
        await accounts.EnsureRoleAsync(account.Role);
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new StaffUser { UserName = account.UserName, FullName = account.FullName, UnitId = unit.Id };
        var created = await users.CreateAsync(user, password);
        var added = created.Succeeded ? await users.AddToRoleAsync(user, account.Role) : created;
        if (!added.Succeeded)
        {
            return Describe(added);
        }

        accounts.Audit(user, Domain.Audit.AuditAction.Created, by ?? $"command ({Environment.UserName})",
            [new() { Field = "full_name", New = account.FullName }, new() { Field = "role", New = account.Role }, new() { Field = "unit_code", New = unit.Code }]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>20 characters from a cryptographic source, with every class Identity's password rules ask for.</summary>
    public static string NewPassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "-_.!@#%+=";
        const string all = lower + upper + digits + symbols;
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        // One of each class at a random place, so the rules always hold.
        string[] classes = [lower, upper, digits, symbols];
        var places = Enumerable.Range(0, chars.Length).OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(classes.Length).ToArray();
        for (var i = 0; i < classes.Length; i++)
        {
            chars[places[i]] = classes[i][RandomNumberGenerator.GetInt32(classes[i].Length)];
        }

        return new string(chars);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

public sealed record StaffAccount(string UserName, string FullName, string Role, string UnitCode);
