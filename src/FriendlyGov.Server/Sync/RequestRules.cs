using FriendlyGov.Domain;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Rules of the request fields that name or filter records, in the domain's terms. Every method
/// checks its request with them before anything else, so an oversized or malformed value never
/// reaches a query, a log line or a status.
/// </summary>
public static class RequestRules
{
    /// <summary>A unit code; empty passes (the field is optional where this is used).</summary>
    public static Rules UnitCode(this Rules rules, string code, string field) =>
        rules.Check(code.Length == 0 || AdministrativeUnit.IsWellFormedCode(code), field, AdministrativeUnit.CodeShape);

    /// <summary>A procedure code; empty passes.</summary>
    public static Rules ProcedureCode(this Rules rules, string code, string field) =>
        rules.Check(code.Length == 0 || Procedure.IsWellFormedCode(code), field, Procedure.CodeShape);

    /// <summary>A dossier code; empty passes.</summary>
    public static Rules DossierCode(this Rules rules, string code, string field) =>
        rules.Check(code.Length == 0 || Dossier.IsWellFormedCode(code), field, Dossier.CodeShape);

    /// <summary>Each value of a repeated enum filter is one of the defined values, UNSPECIFIED excluded.</summary>
    public static Rules Values<TEnum>(this Rules rules, IReadOnlyList<TEnum> values, string field)
        where TEnum : struct, Enum
    {
        for (var i = 0; i < values.Count; i++)
        {
            rules.Defined(values[i], $"{field}[{i}]");
        }

        return rules;
    }
}
