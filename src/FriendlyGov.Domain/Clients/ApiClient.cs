using System.Security.Cryptography;
using System.Text;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Clients;

/// <summary>What an API client may do. Read and write per record type; personal data separately.</summary>
[Flags]
public enum ClientScopes
{
    None = 0,
    DossiersRead = 1,
    DossiersWrite = 2,
    SurveysRead = 4,
    SurveysWrite = 8,
    PersonalData = 16, // Decree 13/2023/NĐ-CP: applicants' names, ID numbers, phones
    IndicatorsRead = 32,
    RollupsWrite = 64, // start rollups on demand
    All = DossiersRead | DossiersWrite | SurveysRead | SurveysWrite | PersonalData | IndicatorsRead | RollupsWrite,
}

/// <summary>
/// A system that calls the gRPC API (the provincial portal, another provincial system), bound to
/// a unit subtree. Its key is shown once when created and stored only as a SHA-256 hash: keys are
/// 256 random bits, so a fast hash is enough and lookups stay one index probe.
/// </summary>
public sealed class ApiClient : IRecord
{
    public const string KeyPrefix = "fgk_";

    private static readonly Dictionary<string, ClientScopes> ScopeNames = new(StringComparer.Ordinal)
    {
        ["dossiers:read"] = ClientScopes.DossiersRead,
        ["dossiers:write"] = ClientScopes.DossiersWrite,
        ["surveys:read"] = ClientScopes.SurveysRead,
        ["surveys:write"] = ClientScopes.SurveysWrite,
        ["personal_data"] = ClientScopes.PersonalData,
        ["indicators:read"] = ClientScopes.IndicatorsRead,
        ["rollups:write"] = ClientScopes.RollupsWrite,
    };

    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the key.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>The key's first characters, to tell keys apart in lists and logs.</summary>
    public string KeyHint { get; set; } = "";

    public ClientScopes Scopes { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>When the key was last accepted, to the minute (written at most once a minute per client).</summary>
    public DateTime? LastUsedAt { get; set; }

    public static IReadOnlyCollection<string> ScopeNameList => ScopeNames.Keys;

    /// <summary>Creates a client and its key; the key exists only in the return value.</summary>
    public static (ApiClient Client, string Key) Create(string name, AdministrativeUnit unit, ClientScopes scopes, DateTime nowUtc)
    {
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var client = new ApiClient { Name = name, Unit = unit, UnitId = unit.Id, Scopes = scopes, KeyHash = HashKey(key), KeyHint = key[..10], CreatedAt = nowUtc };
        return (client.EnsureValid(), key);
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static ClientScopes ParseScopes(string text)
    {
        var scopes = ClientScopes.None;
        foreach (var name in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            scopes |= name == "all" ? ClientScopes.All
                : ScopeNames.TryGetValue(name, out var scope) ? scope
                : throw new ArgumentException($"Unknown scope '{name}'. Scopes: all, {string.Join(", ", ScopeNames.Keys)}.");
        }

        return scopes;
    }

    public static string FormatScopes(ClientScopes scopes) =>
        string.Join(",", ScopeNames.Where(s => scopes.HasFlag(s.Value)).Select(s => s.Key));

    public bool Has(ClientScopes scope) => (Scopes & scope) == scope;

    public void RefreshDerived()
    {
    }

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Required(Name, "name", 200)
            .Check(KeyHash.Length == 64, "key", "must be stored as a SHA-256 hash")
            .Check(Scopes != ClientScopes.None && (Scopes & ~ClientScopes.All) == 0, "scopes", "must name at least one known scope")
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Time(CreatedAt, "create_time")
            .Errors;
}

/// <summary>One read of an applicant's personal data, kept for the Decree 13/2023 audit: by an API client or by a signed-in user.</summary>
public sealed class PersonalDataAccess
{
    public long Id { get; set; }

    /// <summary>The API client that read it; null when a user of the admin did.</summary>
    public int? ClientId { get; set; }

    /// <summary>The admin user who read it; null when an API client did.</summary>
    public string? UserName { get; set; }

    public string RecordType { get; set; } = "";

    public string RecordKey { get; set; } = "";

    /// <summary>The gRPC method (or page) that returned the data.</summary>
    public string Method { get; set; } = "";

    public DateTime AccessedAt { get; set; }
}
