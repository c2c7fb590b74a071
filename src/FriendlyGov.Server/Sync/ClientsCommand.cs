using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// `clients add --name N --unit CODE --scopes S` · `clients list` · `clients revoke --name N`:
/// API clients are managed by an operator on the server, and a key is printed only once.
/// </summary>
public static class ClientsCommand
{
    public static async Task<int> RunAsync(FriendlyGovDbContext db, string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var options = CommandOptions.Parse(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "add":
                return await AddAsync(db, options, output, cancellationToken);
            case "list":
                foreach (var client in await db.ApiClients.AsNoTracking().Include(c => c.Unit).OrderBy(c => c.Id).ToListAsync(cancellationToken))
                {
                    output.WriteLine($"{client.Id}\t{client.Name}\t{client.KeyHint}…\tunit {client.Unit!.Code}\t{ApiClient.FormatScopes(client.Scopes)}\t{(client.RevokedAt is null ? "active" : $"revoked {client.RevokedAt:yyyy-MM-dd HH:mm}Z")}");
                }

                return 0;
            case "revoke":
                var name = options.Get("name");
                var found = name is null ? null : await db.ApiClients.SingleOrDefaultAsync(c => c.Name == name && c.RevokedAt == null, cancellationToken);
                if (found is null)
                {
                    output.WriteLine($"No active client named '{name}'.");
                    return 1;
                }

                found.RevokedAt = DateTime.UtcNow;
                await db.SaveChangesAsync(cancellationToken);
                output.WriteLine($"Revoked client {found.Name}: its key no longer works.");
                return 0;
            default:
                output.WriteLine("usage: clients add --name NAME --unit UNIT_CODE --scopes SCOPES | clients list | clients revoke --name NAME");
                output.WriteLine($"scopes: all, {string.Join(", ", ApiClient.ScopeNameList)} (comma-separated)");
                return 1;
        }
    }

    private static async Task<int> AddAsync(FriendlyGovDbContext db, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var name = options.Get("name");
        var unitCode = options.Get("unit");
        var unit = unitCode is null ? null : await db.Units.SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken);
        if (name is null || unit is null)
        {
            output.WriteLine(unit is null && unitCode is not null ? $"No unit has the code '{unitCode}'." : "clients add needs --name and --unit.");
            return 1;
        }

        if (await db.ApiClients.AnyAsync(c => c.Name == name && c.RevokedAt == null, cancellationToken))
        {
            output.WriteLine($"An active client is already named '{name}'.");
            return 1;
        }

        try
        {
            var (client, key) = ApiClient.Create(name, unit, ApiClient.ParseScopes(options.Get("scopes") ?? ""), DateTime.UtcNow);
            db.ApiClients.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            output.WriteLine($"Created client {client.Name} (#{client.Id}) for unit {unit.Code} ({unit.Name}) with scopes {ApiClient.FormatScopes(client.Scopes)}.");
            output.WriteLine("The key is shown only now; send it as `authorization: Bearer <key>`.");
            output.WriteLine($"key: {key}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or DomainValidationException)
        {
            output.WriteLine(e.Message);
            return 1;
        }
    }
}
