using System.Security.Cryptography;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Staff;

/// <summary>
/// `users add --name N --role R --unit CODE [--full-name "…"]` · `users list` · `users reset-password --name N`:
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
                var db = services.GetRequiredService<FriendlyGovDbContext>();
                var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
                foreach (var user in await users.Users.AsNoTracking().Include(u => u.Unit).OrderBy(u => u.UserName).ToListAsync(cancellationToken))
                {
                    var locked = user.LockoutEnd > DateTimeOffset.UtcNow ? $"locked until {user.LockoutEnd:yyyy-MM-dd HH:mm}Z" : "active";
                    output.WriteLine($"{user.UserName}\t{string.Join(",", roles.Where(r => r.UserId == user.Id).Select(r => r.Name))}\tunit {user.Unit!.Code} ({user.Unit.Name})\t{user.FullName}\t{locked}");
                }

                return 0;
            case "reset-password":
                var found = options.Get("name") is { } name ? await users.FindByNameAsync(name) : null;
                if (found is null)
                {
                    output.WriteLine($"No user named '{options.Get("name")}'.");
                    return 1;
                }

                var password = NewPassword();
                var reset = await users.ResetPasswordAsync(found, await users.GeneratePasswordResetTokenAsync(found), password);
                if (!reset.Succeeded)
                {
                    output.WriteLine(Describe(reset));
                    return 1;
                }

                await users.SetLockoutEndDateAsync(found, null);
                await users.ResetAccessFailedCountAsync(found);
                output.WriteLine($"New password for {found.UserName}; the old one no longer works.");
                output.WriteLine(PasswordLinePrefix + password);
                return 0;
            default:
                output.WriteLine("usage: users add --name NAME --role admin|officer|leader --unit UNIT_CODE [--full-name \"FULL NAME\"] | users list | users reset-password --name NAME");
                return 1;
        }
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

    /// <summary>Creates a user with one role; the reason in words when it cannot.</summary>
    public static async Task<string?> CreateAsync(IServiceProvider services, StaffAccount account, string password, CancellationToken cancellationToken)
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

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(account.Role))
        {
            await roles.CreateAsync(new IdentityRole(account.Role));
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new StaffUser { UserName = account.UserName, FullName = account.FullName, UnitId = unit.Id };
        var created = await users.CreateAsync(user, password);
        var added = created.Succeeded ? await users.AddToRoleAsync(user, account.Role) : created;
        if (!added.Succeeded)
        {
            return Describe(added);
        }

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
