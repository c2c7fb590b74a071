using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Sync;
using Model = FriendlyGov.Domain.Dossiers;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Dossiers;

/// <summary>Dossiers between the wire (friendlygov.v1.Dossier) and the domain. The rules stay the domain's.</summary>
public static class DossierMapping
{
    /// <summary>Maps a record of a batch and returns it with its broken rules, named without the batch's prefix.</summary>
    public static (Model.Dossier Dossier, IReadOnlyList<FieldError> Errors) ToDomain(Wire.Dossier wire, ReferenceCodes codes, Caller caller, string prefix)
    {
        // Rules of the wire itself (times that are no valid Timestamp, codes naming nothing) come
        // first; the domain's rules follow, except on a field already reported.
        var own = new Rules();
        var dossier = new Model.Dossier
        {
            Code = wire.Code,
            Channel = (Model.DossierChannel)wire.Channel,
            OnlineLevel = (Model.OnlineLevel)wire.OnlineLevel,
            InterAgency = wire.InterAgency,
            ReceivedAt = ProtoTime.ToUtc(wire.ReceivedTime, "received_time", own) ?? default,
            DueAt = ProtoTime.ToUtc(wire.DueTime, "due_time", own) ?? default,
            FinishedAt = ProtoTime.ToUtc(wire.FinishedTime, "finished_time", own),
            ReturnedAt = ProtoTime.ToUtc(wire.ReturnedTime, "returned_time", own),
            Status = (Model.DossierStatus)wire.Status,
            ResultPublished = wire.ResultPublished,
            ResultIssuedElectronically = wire.ResultIssuedElectronically,
            Digitised = wire.Digitised,
            PaidOnline = wire.PaidOnline,
            SourceSystem = wire.SourceSystem,
            SourceVersion = wire.SourceVersion,
            UpdatedAt = DateTime.UtcNow,
        };

        // Past the limit the domain reports the count alone: one request more than it allows is enough to tell, so a huge list is never mapped.
        if (wire.Supplements.Count <= Model.Dossier.MaxSupplements)
        {
            for (var i = 0; i < wire.Supplements.Count; i++)
            {
                var s = wire.Supplements[i];
                dossier.Supplements.Add(new Model.SupplementRequest
                {
                    RequestedAt = ProtoTime.ToUtc(s.RequestedTime, $"supplements[{i}].requested_time", own) ?? default,
                    ResumedAt = ProtoTime.ToUtc(s.ResumedTime, $"supplements[{i}].resumed_time", own),
                });
            }
        }
        else
        {
            dossier.Supplements.AddRange(Enumerable.Range(0, Model.Dossier.MaxSupplements + 1).Select(_ => new Model.SupplementRequest()));
        }

        UnitLifetime? lifetime = null;
        if (!AdministrativeUnit.IsWellFormedCode(wire.UnitCode))
        {
            own.Add("unit_code", AdministrativeUnit.CodeShape);
        }
        else if (!codes.UnitsByCode.TryGetValue(wire.UnitCode, out var unit))
        {
            own.Add("unit_code", $"no unit has the code {wire.UnitCode}");
        }
        else
        {
            if (!caller.SeesUnit(unit.Path))
            {
                GrpcErrors.PermissionDenied($"{prefix}unit_code: unit {wire.UnitCode} is outside the client's unit subtree.");
            }

            dossier.UnitId = unit.Id;
            lifetime = unit.Lifetime;
        }

        Model.OnlineCapability? capability = null;
        if (!Model.Procedure.IsWellFormedCode(wire.ProcedureCode))
        {
            own.Add("procedure_code", Model.Procedure.CodeShape);
        }
        else if (codes.ProceduresByCode.TryGetValue(wire.ProcedureCode, out var procedure))
        {
            dossier.ProcedureId = procedure.Id;
            capability = procedure.OnlineCapability;
        }
        else
        {
            own.Add("procedure_code", $"no procedure has the code {wire.ProcedureCode}");
        }

        if (wire.Applicant is { } applicant)
        {
            if (!caller.Has(ClientScopes.PersonalData))
            {
                GrpcErrors.PermissionDenied($"{prefix}applicant: writing personal data needs the personal_data scope.");
            }

            dossier.Applicant = new Model.Applicant { Name = NullIfEmpty(applicant.Name), IdNumber = NullIfEmpty(applicant.IdNumber), Phone = NullIfEmpty(applicant.Phone) };
        }

        dossier.RefreshDerived();
        var errors = own.Errors.Concat(dossier.Validate(lifetime, capability).Where(e => own.Errors.All(o => o.Field != e.Field))).ToList();
        return (dossier, errors);
    }

    public static Wire.Dossier ToWire(Model.Dossier dossier, ReferenceCodes codes, bool personalData)
    {
        var wire = new Wire.Dossier
        {
            Code = dossier.Code,
            UnitCode = codes.UnitsById[dossier.UnitId].Code,
            ProcedureCode = codes.ProcedureCodes[dossier.ProcedureId],
            Channel = (Wire.DossierChannel)dossier.Channel,
            OnlineLevel = (Wire.OnlineLevel)dossier.OnlineLevel,
            InterAgency = dossier.InterAgency,
            ReceivedTime = ProtoTime.ToTimestamp(dossier.ReceivedAt),
            DueTime = ProtoTime.ToTimestamp(dossier.DueAt),
            FinishedTime = ProtoTime.ToTimestamp(dossier.FinishedAt),
            ReturnedTime = ProtoTime.ToTimestamp(dossier.ReturnedAt),
            Status = (Wire.DossierStatus)dossier.Status,
            ResultPublished = dossier.ResultPublished,
            ResultIssuedElectronically = dossier.ResultIssuedElectronically,
            Digitised = dossier.Digitised,
            PaidOnline = dossier.PaidOnline,
            SourceSystem = dossier.SourceSystem,
            SourceVersion = dossier.SourceVersion,
            UpdateTime = ProtoTime.ToTimestamp(dossier.UpdatedAt),
        };
        wire.Supplements.AddRange(dossier.Supplements.Select(s => new Wire.Supplement { RequestedTime = ProtoTime.ToTimestamp(s.RequestedAt), ResumedTime = ProtoTime.ToTimestamp(s.ResumedAt) }));
        if (HasPersonalData(dossier))
        {
            var a = dossier.Applicant;
            wire.Applicant = personalData
                ? new Wire.Applicant { Name = a.Name ?? "", IdNumber = a.IdNumber ?? "", Phone = a.Phone ?? "" }
                : new Wire.Applicant { Name = PersonalData.MaskName(a.Name), IdNumber = PersonalData.Mask(a.IdNumber), Phone = PersonalData.Mask(a.Phone), Masked = true };
        }

        return wire;
    }

    public static bool HasPersonalData(Model.Dossier dossier) =>
        dossier.Applicant.Name is not null || dossier.Applicant.IdNumber is not null || dossier.Applicant.Phone is not null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
