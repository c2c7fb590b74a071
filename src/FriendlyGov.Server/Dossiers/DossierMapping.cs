using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Sync;
using Model = FriendlyGov.Domain.Dossiers;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Dossiers;

/// <summary>Dossiers between the wire (friendlygov.v1.Dossier) and the domain. The rules stay the domain's.</summary>
public static class DossierMapping
{
    /// <summary>Maps a record of a batch; its broken rules are added to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public static Model.Dossier ToDomain(Wire.Dossier wire, ReferenceCodes codes, Caller caller, string prefix, List<FieldError> errors)
    {
        var dossier = new Model.Dossier
        {
            Code = wire.Code,
            Channel = (Model.DossierChannel)wire.Channel,
            OnlineLevel = (Model.OnlineLevel)wire.OnlineLevel,
            InterAgency = wire.InterAgency,
            ReceivedAt = ProtoTime.ToUtc(wire.ReceivedTime) ?? default,
            DueAt = ProtoTime.ToUtc(wire.DueTime) ?? default,
            FinishedAt = ProtoTime.ToUtc(wire.FinishedTime),
            ReturnedAt = ProtoTime.ToUtc(wire.ReturnedTime),
            Status = (Model.DossierStatus)wire.Status,
            Supplements = [.. wire.Supplements.Select(s => new Model.SupplementRequest { RequestedAt = ProtoTime.ToUtc(s.RequestedTime) ?? default, ResumedAt = ProtoTime.ToUtc(s.ResumedTime) })],
            ResultPublished = wire.ResultPublished,
            ResultIssuedElectronically = wire.ResultIssuedElectronically,
            Digitised = wire.Digitised,
            PaidOnline = wire.PaidOnline,
            SourceSystem = wire.SourceSystem,
            SourceVersion = wire.SourceVersion,
            UpdatedAt = DateTime.UtcNow,
        };

        var own = new List<FieldError>();
        if (!codes.UnitsByCode.TryGetValue(wire.UnitCode, out var unit))
        {
            own.Add(new FieldError("unit_code", $"no unit has the code '{wire.UnitCode}'"));
        }
        else
        {
            if (!caller.SeesUnit(unit.Path))
            {
                GrpcErrors.PermissionDenied($"{prefix}unit_code: unit {wire.UnitCode} is outside the client's unit subtree.");
            }

            dossier.UnitId = unit.Id;
            if (dossier.ReceivedAt.Kind == DateTimeKind.Utc && dossier.ReceivedAt != default && !unit.IsValidOn(VietnamTime.LocalDate(dossier.ReceivedAt)))
            {
                own.Add(new FieldError("unit_code", $"unit {wire.UnitCode} did not exist on the received date"));
            }
        }

        if (codes.ProceduresByCode.TryGetValue(wire.ProcedureCode, out var procedureId))
        {
            dossier.ProcedureId = procedureId;
        }
        else
        {
            own.Add(new FieldError("procedure_code", $"no procedure has the code '{wire.ProcedureCode}'"));
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
        errors.AddRange(own.Concat(dossier.Validate().Where(e => own.All(o => o.Field != e.Field)))
            .Select(e => e with { Field = prefix + e.Field }));
        return dossier;
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
