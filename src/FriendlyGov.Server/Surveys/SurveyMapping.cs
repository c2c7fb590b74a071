using FriendlyGov.Domain;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Sync;
using Model = FriendlyGov.Domain.Surveys;
using Wire = FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Surveys;

/// <summary>Surveys between the wire (friendlygov.v1.Survey) and the domain. The rules stay the domain's.</summary>
public static class SurveyMapping
{
    /// <summary>
    /// Maps a record of a batch and returns it with its broken rules, named without the batch's
    /// prefix; <paramref name="dossierIds"/> holds the dossiers (by code) the batch names and the caller sees.
    /// </summary>
    public static (Model.SatisfactionSurvey Survey, IReadOnlyList<FieldError> Errors) ToDomain(
        Wire.Survey wire, ReferenceCodes codes, IReadOnlyDictionary<string, long> dossierIds, Caller caller, string prefix)
    {
        var own = new Rules();
        var scores = wire.Scores ?? new Wire.SurveyScores();
        var survey = new Model.SatisfactionSurvey
        {
            Key = wire.Key,
            SurveyedAt = ProtoTime.ToUtc(wire.SurveyedTime, "surveyed_time", own) ?? default,
            Channel = (Model.SurveyChannel)wire.Channel,
            AccessScore = scores.HasAccess ? scores.Access : null,
            ProcedureScore = scores.HasProcedure ? scores.Procedure : null,
            StaffAttitudeScore = scores.HasStaffAttitude ? scores.StaffAttitude : null,
            TimelinessScore = scores.HasTimeliness ? scores.Timeliness : null,
            ResultScore = scores.HasResult ? scores.Result : null,
            FeedbackHandlingScore = scores.HasFeedbackHandling ? scores.FeedbackHandling : null,
            Satisfied = wire.Satisfied,
            Comment = wire.Comment.Length == 0 ? null : wire.Comment,
            SourceSystem = wire.SourceSystem,
            SourceVersion = wire.SourceVersion,
            UpdatedAt = DateTime.UtcNow,
        };

        UnitLifetime? lifetime = null;
        if (!AdministrativeUnit.IsWellFormedCode(wire.UnitCode))
        {
            own.Add("unit_code", AdministrativeUnit.CodeShape);
        }
        else if (!codes.UnitsByCode.TryGetValue(wire.UnitCode, out var unit))
        {
            own.Add("unit_code", $"no unit has the code {wire.UnitCode}");
        }
        else if (!caller.SeesUnit(unit.Path))
        {
            GrpcErrors.PermissionDenied($"{prefix}unit_code: unit {wire.UnitCode} is outside the client's unit subtree.");
        }
        else
        {
            survey.UnitId = unit.Id;
            lifetime = unit.Lifetime;
        }

        // A dossier not stored yet, or outside the caller's subtree, is linked when it arrives in that subtree (SurveyLinks).
        if (wire.DossierCode.Length > 0)
        {
            survey.DossierCode = wire.DossierCode;
            if (dossierIds.TryGetValue(wire.DossierCode, out var dossierId))
            {
                survey.DossierId = dossierId;
            }
            else
            {
                survey.DossierScopePath = caller.SubtreePath;
            }
        }

        survey.RefreshDerived();
        var errors = own.Errors.Concat(survey.Validate(lifetime).Where(e => own.Errors.All(o => o.Field != e.Field))).ToList();
        return (survey, errors);
    }

    public static Wire.Survey ToWire(Model.SatisfactionSurvey survey, ReferenceCodes codes)
    {
        var scores = new Wire.SurveyScores();
        if (survey.AccessScore is { } access)
        {
            scores.Access = access;
        }

        if (survey.ProcedureScore is { } procedure)
        {
            scores.Procedure = procedure;
        }

        if (survey.StaffAttitudeScore is { } attitude)
        {
            scores.StaffAttitude = attitude;
        }

        if (survey.TimelinessScore is { } timeliness)
        {
            scores.Timeliness = timeliness;
        }

        if (survey.ResultScore is { } result)
        {
            scores.Result = result;
        }

        if (survey.FeedbackHandlingScore is { } feedback)
        {
            scores.FeedbackHandling = feedback;
        }

        return new Wire.Survey
        {
            SourceSystem = survey.SourceSystem,
            Key = survey.Key,
            UnitCode = codes.UnitsById[survey.UnitId].Code,
            DossierCode = survey.DossierCode ?? "",
            SurveyedTime = ProtoTime.ToTimestamp(survey.SurveyedAt),
            Channel = (Wire.SurveyChannel)survey.Channel,
            Scores = scores,
            Satisfied = survey.Satisfied,
            Comment = survey.Comment ?? "",
            SourceVersion = survey.SourceVersion,
            UpdateTime = ProtoTime.ToTimestamp(survey.UpdatedAt),
        };
    }
}
