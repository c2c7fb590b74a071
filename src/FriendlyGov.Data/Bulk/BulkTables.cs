using System.Text.Json;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Surveys;
using NpgsqlTypes;

namespace FriendlyGov.Data.Bulk;

/// <summary>
/// The tables whose rows come by the thousand: synced dossiers, paper forms from one file with
/// their audit entries, a rollup's snapshots. Enums are written as their numbers and complex
/// collections as the JSON EF Core writes, so that a row written in bulk reads back as EF Core's own.
/// </summary>
public static class BulkTables
{
    /// <summary>PostgreSQL's sync path (<see cref="DossierBulkWriter"/>); on SQLite EF Core writes synced dossiers, with its own JSON dates.</summary>
    public static readonly BulkTable<Dossier> Dossiers = new("dossiers",
    [
        Of<Dossier>.Value("code", NpgsqlDbType.Varchar, d => d.Code),
        Of<Dossier>.Value("unit_id", NpgsqlDbType.Integer, d => d.UnitId),
        Of<Dossier>.Value("procedure_id", NpgsqlDbType.Integer, d => d.ProcedureId),
        Of<Dossier>.Value("channel", NpgsqlDbType.Integer, d => (int)d.Channel),
        Of<Dossier>.Value("online_level", NpgsqlDbType.Integer, d => (int)d.OnlineLevel),
        Of<Dossier>.Value("inter_agency", NpgsqlDbType.Boolean, d => d.InterAgency),
        Of<Dossier>.Value("received_at", NpgsqlDbType.TimestampTz, d => d.ReceivedAt),
        Of<Dossier>.Value("due_at", NpgsqlDbType.TimestampTz, d => d.DueAt),
        Of<Dossier>.Nullable("finished_at", NpgsqlDbType.TimestampTz, d => d.FinishedAt),
        Of<Dossier>.Nullable("returned_at", NpgsqlDbType.TimestampTz, d => d.ReturnedAt),
        Of<Dossier>.Value("status", NpgsqlDbType.Integer, d => (int)d.Status),
        Of<Dossier>.Value("result_published", NpgsqlDbType.Boolean, d => d.ResultPublished),
        Of<Dossier>.Value("result_issued_electronically", NpgsqlDbType.Boolean, d => d.ResultIssuedElectronically),
        Of<Dossier>.Value("digitised", NpgsqlDbType.Boolean, d => d.Digitised),
        Of<Dossier>.Value("paid_online", NpgsqlDbType.Boolean, d => d.PaidOnline),
        Of<Dossier>.Value("applicant_name", NpgsqlDbType.Varchar, d => d.Applicant.Name),
        Of<Dossier>.Value("applicant_id_number", NpgsqlDbType.Varchar, d => d.Applicant.IdNumber),
        Of<Dossier>.Value("applicant_phone", NpgsqlDbType.Varchar, d => d.Applicant.Phone),
        Of<Dossier>.Value("source_system", NpgsqlDbType.Varchar, d => d.SourceSystem),
        Of<Dossier>.Value("source_version", NpgsqlDbType.Bigint, d => d.SourceVersion),
        Of<Dossier>.Value("updated_at", NpgsqlDbType.TimestampTz, d => d.UpdatedAt),
        Of<Dossier>.Value("change_sequence", NpgsqlDbType.Bigint, d => d.ChangeSequence),
        Of<Dossier>.Value("received_quarter", NpgsqlDbType.Integer, d => d.ReceivedQuarter),
        Of<Dossier>.Nullable("finished_quarter", NpgsqlDbType.Integer, d => d.FinishedQuarter),
        Of<Dossier>.Value("supplement_count", NpgsqlDbType.Integer, d => d.SupplementCount),
        Of<Dossier>.Value("effective_due_at", NpgsqlDbType.TimestampTz, d => d.EffectiveDueAt),
        Of<Dossier>.Nullable("late_at", NpgsqlDbType.TimestampTz, d => d.LateAt),
        Of<Dossier>.Value("derived_version", NpgsqlDbType.Integer, d => d.DerivedVersion),
        Of<Dossier>.Value("content_hash", NpgsqlDbType.Varchar, d => d.ContentHash),
        Of<Dossier>.Value("supplements", NpgsqlDbType.Jsonb, d => SupplementsJson(d.Supplements)),
    ], null);

    public static readonly BulkTable<SatisfactionSurvey> Surveys = new("surveys",
    [
        Of<SatisfactionSurvey>.Value("key", NpgsqlDbType.Varchar, s => s.Key),
        Of<SatisfactionSurvey>.Value("unit_id", NpgsqlDbType.Integer, s => s.UnitId),
        Of<SatisfactionSurvey>.Value("dossier_code", NpgsqlDbType.Varchar, s => s.DossierCode),
        Of<SatisfactionSurvey>.Nullable("dossier_id", NpgsqlDbType.Bigint, s => s.DossierId),
        Of<SatisfactionSurvey>.Value("dossier_scope_path", NpgsqlDbType.Varchar, s => s.DossierScopePath),
        Of<SatisfactionSurvey>.Value("surveyed_at", NpgsqlDbType.TimestampTz, s => s.SurveyedAt),
        Of<SatisfactionSurvey>.Value("channel", NpgsqlDbType.Integer, s => (int)s.Channel),
        Of<SatisfactionSurvey>.Nullable("access_score", NpgsqlDbType.Integer, s => s.AccessScore),
        Of<SatisfactionSurvey>.Nullable("procedure_score", NpgsqlDbType.Integer, s => s.ProcedureScore),
        Of<SatisfactionSurvey>.Nullable("staff_attitude_score", NpgsqlDbType.Integer, s => s.StaffAttitudeScore),
        Of<SatisfactionSurvey>.Nullable("timeliness_score", NpgsqlDbType.Integer, s => s.TimelinessScore),
        Of<SatisfactionSurvey>.Nullable("result_score", NpgsqlDbType.Integer, s => s.ResultScore),
        Of<SatisfactionSurvey>.Nullable("feedback_handling_score", NpgsqlDbType.Integer, s => s.FeedbackHandlingScore),
        Of<SatisfactionSurvey>.Value("satisfied", NpgsqlDbType.Boolean, s => s.Satisfied),
        Of<SatisfactionSurvey>.Value("comment", NpgsqlDbType.Varchar, s => s.Comment),
        Of<SatisfactionSurvey>.Value("source_system", NpgsqlDbType.Varchar, s => s.SourceSystem),
        Of<SatisfactionSurvey>.Value("source_version", NpgsqlDbType.Bigint, s => s.SourceVersion),
        Of<SatisfactionSurvey>.Value("updated_at", NpgsqlDbType.TimestampTz, s => s.UpdatedAt),
        Of<SatisfactionSurvey>.Value("surveyed_quarter", NpgsqlDbType.Integer, s => s.SurveyedQuarter),
        Of<SatisfactionSurvey>.Value("change_sequence", NpgsqlDbType.Bigint, s => s.ChangeSequence),
        Of<SatisfactionSurvey>.Value("content_hash", NpgsqlDbType.Varchar, s => s.ContentHash),
    ], (s, id) => s.Id = id);

    public static readonly BulkTable<AuditEntry> AuditEntries = new("audit_entries",
    [
        Of<AuditEntry>.Value("record_type", NpgsqlDbType.Varchar, a => a.RecordType),
        Of<AuditEntry>.Value("record_id", NpgsqlDbType.Bigint, a => a.RecordId),
        Of<AuditEntry>.Value("unit_id", NpgsqlDbType.Integer, a => a.UnitId),
        Of<AuditEntry>.Value("action", NpgsqlDbType.Integer, a => (int)a.Action),
        Of<AuditEntry>.Value("user_name", NpgsqlDbType.Varchar, a => a.UserName),
        Of<AuditEntry>.Value("at", NpgsqlDbType.TimestampTz, a => a.At),
        Of<AuditEntry>.Value("source", NpgsqlDbType.Varchar, a => a.Source),
        Of<AuditEntry>.Value("changes", NpgsqlDbType.Jsonb, a => ChangesJson(a.Changes)),
    ], null);

    public static readonly BulkTable<IndicatorSnapshot> Snapshots = new("indicator_snapshots",
    [
        Of<IndicatorSnapshot>.Value("unit_id", NpgsqlDbType.Integer, s => s.UnitId),
        Of<IndicatorSnapshot>.Value("period_key", NpgsqlDbType.Integer, s => s.PeriodKey),
        Of<IndicatorSnapshot>.Value("indicator_code", NpgsqlDbType.Varchar, s => s.IndicatorCode),
        Of<IndicatorSnapshot>.Value("numerator", NpgsqlDbType.Numeric, s => s.Numerator),
        Of<IndicatorSnapshot>.Value("denominator", NpgsqlDbType.Numeric, s => s.Denominator),
        Of<IndicatorSnapshot>.Value("own_numerator", NpgsqlDbType.Numeric, s => s.OwnNumerator),
        Of<IndicatorSnapshot>.Value("own_denominator", NpgsqlDbType.Numeric, s => s.OwnDenominator),
        Of<IndicatorSnapshot>.Nullable("value", NpgsqlDbType.Numeric, s => s.Value),
        Of<IndicatorSnapshot>.Nullable("target", NpgsqlDbType.Numeric, s => s.Target),
        Of<IndicatorSnapshot>.Nullable("met", NpgsqlDbType.Boolean, s => s.Met),
        Of<IndicatorSnapshot>.Value("computed_at", NpgsqlDbType.TimestampTz, s => s.ComputedAt),
        Of<IndicatorSnapshot>.Nullable("closed_at", NpgsqlDbType.TimestampTz, s => s.ClosedAt),
        Of<IndicatorSnapshot>.Nullable("corrected_at", NpgsqlDbType.TimestampTz, s => s.CorrectedAt),
    ], null);

    /// <summary>An array (empty when there is no request), property names as in C#.</summary>
    private static string SupplementsJson(List<SupplementRequest> supplements) =>
        JsonSerializer.Serialize(supplements.Select(s => new { s.RequestedAt, s.ResumedAt }));

    /// <summary>Property names as in C#, nulls written.</summary>
    private static string ChangesJson(List<AuditChange> changes) =>
        JsonSerializer.Serialize(changes.Select(c => new { c.Field, c.New, c.Old }));

    /// <summary>Columns of one row type: a value (a reference may be null) or a nullable value type.</summary>
    private static class Of<T>
    {
        public static BulkColumn<T> Value<TValue>(string name, NpgsqlDbType type, Func<T, TValue> value) =>
            new BulkColumn<T, TValue>(name, type, value);

        public static BulkColumn<T> Nullable<TValue>(string name, NpgsqlDbType type, Func<T, TValue?> value)
            where TValue : struct =>
            new NullableBulkColumn<T, TValue>(name, type, value);
    }
}
