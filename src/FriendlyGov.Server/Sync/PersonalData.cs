using System.Security.Claims;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Clients;

namespace FriendlyGov.Server.Sync;

/// <summary>Applicants' personal data (Decree 13/2023/NĐ-CP): masked without the scope, every unmasked read logged.</summary>
public static class PersonalData
{
    /// <summary>A name keeps only each word's initial ("L* T* H*").</summary>
    public static string MaskName(string? name) =>
        string.IsNullOrEmpty(name) ? "" : string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[..1] + "*"));

    /// <summary>A number keeps its last three digits: enough for a citizen to recognise, too little to use.</summary>
    public static string Mask(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= 3 ? new string('*', value.Length) : new string('*', value.Length - 3) + value[^3..];

    /// <summary>
    /// Who sees applicants' personal data unmasked in the admin: the one-stop officers, whose work it is
    /// (Decree 13/2023's purpose limitation), and only for records of their own subtree. Leaders judge the
    /// figures and admins run the system: both see them masked.
    /// </summary>
    public static bool SeenUnmaskedBy(ClaimsPrincipal user) => user.IsInRole(StaffRoles.Officer);

    /// <summary>Records that a signed-in user saw one record's personal data on a page; saved with the caller's next save.</summary>
    public static void LogView(FriendlyGovDbContext db, string userName, string recordType, string key, string page, DateTime nowUtc) =>
        db.PersonalDataAccesses.Add(new PersonalDataAccess
        {
            UserName = userName,
            RecordType = recordType,
            RecordKey = key,
            Method = page,
            AccessedAt = nowUtc,
        });

    /// <summary>Records that the caller read the personal data of these records; saved with the caller's next save.</summary>
    public static void LogReads(FriendlyGovDbContext db, Caller caller, string recordType, IEnumerable<string> keys, string method)
    {
        var now = DateTime.UtcNow;
        db.PersonalDataAccesses.AddRange(keys.Select(key => new PersonalDataAccess
        {
            ClientId = caller.Client.Id,
            RecordType = recordType,
            RecordKey = key,
            Method = method,
            AccessedAt = now,
        }));
    }
}
