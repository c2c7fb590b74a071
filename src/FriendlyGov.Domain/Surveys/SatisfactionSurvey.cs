using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Surveys;

public enum SurveyChannel
{
    Unspecified = 0,
    Paper = 1, // phiếu giấy
    Kiosk = 2, // máy đánh giá tại quầy
    Online = 3, // trên Cổng dịch vụ công
    Sms = 4,
}

/// <summary>A satisfaction survey form (phiếu khảo sát mức độ hài lòng). Criterion scores are 1–5, empty when not asked.</summary>
public sealed class SatisfactionSurvey : IRecord, IChangeFeedRecord, IRolledUpRecord
{
    public const int MaxKeyLength = 100;

    public long Id { get; set; }

    /// <summary>The survey's own key in its source system, unique together with it (paper forms: "PAPER-…").</summary>
    public string Key { get; set; } = "";

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    /// <summary>National code of the dossier the survey is about, as its source sent it; null when about no single dossier.</summary>
    public string? DossierCode { get; set; }

    /// <summary>The dossier named by <see cref="DossierCode"/>, once it is stored (a survey may arrive before its dossier).</summary>
    public long? DossierId { get; set; }

    public Dossier? Dossier { get; set; }

    /// <summary>
    /// While the named dossier is not linked: the unit subtree (path) of whoever sent the survey. The
    /// dossier is linked when it arrives only if it lies in that subtree, as it would have been had
    /// it been stored first; a dossier of another unit is never linked.
    /// </summary>
    public string? DossierScopePath { get; set; }

    public DateTime SurveyedAt { get; set; }

    public SurveyChannel Channel { get; set; }

    public int? AccessScore { get; set; } // tiếp cận dịch vụ

    public int? ProcedureScore { get; set; } // thủ tục hành chính

    public int? StaffAttitudeScore { get; set; } // thái độ công chức

    public int? TimelinessScore { get; set; } // thời gian giải quyết

    public int? ResultScore { get; set; } // kết quả giải quyết

    public int? FeedbackHandlingScore { get; set; } // tiếp nhận, xử lý góp ý

    public bool Satisfied { get; set; }

    public string? Comment { get; set; }

    public string SourceSystem { get; set; } = "";

    public long SourceVersion { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int SurveyedQuarter { get; set; }

    public string QuarterProperty => nameof(SurveyedQuarter);

    public long ChangeSequence { get; set; }

    public string ContentHash { get; set; } = "";

    public void RefreshDerived()
    {
        SurveyedQuarter = RecordDates.Contains(SurveyedAt) ? Period.QuarterKey(SurveyedAt) : 0;
        ContentHash = new ContentHasher().Add(Key).Add(UnitId).Add(DossierCode).Add(SurveyedAt).Add(Channel).Add(AccessScore).Add(ProcedureScore)
            .Add(StaffAttitudeScore).Add(TimelinessScore).Add(ResultScore).Add(FeedbackHandlingScore).Add(Satisfied).Add(Comment)
            .Add(SourceSystem).Add(SourceVersion).Hash();
    }

    /// <summary>Every rule; the unit's lifetime is checked when <see cref="Unit"/> is loaded.</summary>
    public IReadOnlyList<FieldError> Validate() => Validate(Unit is null ? null : new UnitLifetime(Unit.ValidFrom, Unit.ValidTo));

    /// <summary>Every rule, with the lifetime of the unit the survey names (a synced survey names it by code); left out when null.</summary>
    public IReadOnlyList<FieldError> Validate(UnitLifetime? unit)
    {
        var rules = new Rules()
            .Identifier(Key, "key", MaxKeyLength)
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Time(SurveyedAt, "surveyed_time")
            .Defined(Channel, "channel")
            .Check(DossierCode is null || Dossiers.Dossier.IsWellFormedCode(DossierCode), "dossier_code", Dossiers.Dossier.CodeShape)
            .OptionalFreeText(Comment, "comment", 4000)
            .SourceSystem(SourceSystem)
            .Check(SourceVersion >= 0, "source_version", "must not be negative")
            .Check(unit is not { } lifetime || !RecordDates.Contains(SurveyedAt) || lifetime.Covers(Calendar.VietnamTime.LocalDate(SurveyedAt)),
                "unit_code", "the unit did not exist on the surveyed date (Vietnam time)");
        foreach (var (score, field) in Scores())
        {
            rules.Check(score is null or (>= 1 and <= 5), field, "must be between 1 and 5");
        }

        return rules.Errors;
    }

    public IEnumerable<(int? Score, string Field)> Scores() =>
    [
        (AccessScore, "scores.access"),
        (ProcedureScore, "scores.procedure"),
        (StaffAttitudeScore, "scores.staff_attitude"),
        (TimelinessScore, "scores.timeliness"),
        (ResultScore, "scores.result"),
        (FeedbackHandlingScore, "scores.feedback_handling"),
    ];
}
