using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Surveys;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>One record of a page: its position, its commit time, and the record itself (a dossier or a survey).</summary>
public readonly record struct FeedItem(long Sequence, DateTime UpdatedAt, Dossier? Dossier, SatisfactionSurvey? Survey);

/// <summary>
/// Reads the change feed's pages with a plain data reader on the context's connection, on both
/// providers: keyset pages on change_sequence up to a committed mark, each row read straight into
/// the domain record the wire mapping takes (no change tracking, no query pipeline per row). The
/// caller opens the connection for a pass and uses it for one thing at a time.
/// </summary>
public sealed class ChangeFeedReader(FriendlyGovDbContext db, bool dossiers, bool surveys)
{
    private const string DossierColumns =
        "change_sequence, code, unit_id, procedure_id, channel, online_level, inter_agency, received_at, due_at, finished_at, returned_at, status, "
        + "result_published, result_issued_electronically, digitised, paid_online, applicant_name, applicant_id_number, applicant_phone, "
        + "source_system, source_version, updated_at, supplements";

    private const string SurveyColumns =
        "change_sequence, source_system, key, unit_id, dossier_code, surveyed_at, channel, access_score, procedure_score, staff_attitude_score, "
        + "timeliness_score, result_score, feedback_handling_score, satisfied, comment, source_version, updated_at";

    private object _units = Array.Empty<int>();

    /// <summary>The unit ids whose records the feed sends (the caller's subtree).</summary>
    public void FilterUnits(IReadOnlyCollection<int> units) =>
        _units = db.Provider == DatabaseProvider.PostgreSql ? units.ToArray() : JsonSerializer.Serialize(units);

    /// <summary>Up to <paramref name="size"/> records after <paramref name="after"/> and up to <paramref name="committed"/>, in sequence order.</summary>
    public async Task<List<FeedItem>> ReadPageAsync(long after, long committed, int size, CancellationToken cancellationToken)
    {
        var items = new List<FeedItem>(size);
        if (dossiers)
        {
            await ReadAsync("dossiers", DossierColumns, after, committed, size, items, ReadDossier, cancellationToken);
        }

        if (surveys)
        {
            await ReadAsync("surveys", SurveyColumns, after, committed, size, items, ReadSurvey, cancellationToken);
        }

        // Both queries stop at the same committed sequence and each read up to a page in order:
        // merged, the first page's worth is in order with nothing skipped.
        if (dossiers && surveys)
        {
            items.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            if (items.Count > size)
            {
                items.RemoveRange(size, items.Count - size);
            }
        }

        return items;
    }

    private async Task ReadAsync(string table, string columns, long after, long committed, int size, List<FeedItem> items,
        Func<DbDataReader, FeedItem> read, CancellationToken cancellationToken)
    {
        // The unit filter is an array on PostgreSQL (hashed for long lists) and a JSON list on SQLite;
        // either way the page follows the change_sequence index.
        var units = db.Provider == DatabaseProvider.PostgreSql ? "unit_id = ANY(@units)" : "unit_id IN (SELECT value FROM json_each(@units))";
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {columns} FROM {table} WHERE change_sequence > @after AND change_sequence <= @committed AND {units} ORDER BY change_sequence LIMIT @size";
        Add(command, "@after", after);
        Add(command, "@committed", committed);
        Add(command, "@units", _units);
        Add(command, "@size", size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static FeedItem ReadDossier(DbDataReader r)
    {
        var dossier = new Dossier
        {
            ChangeSequence = r.GetInt64(0),
            Code = r.GetString(1),
            UnitId = r.GetInt32(2),
            ProcedureId = r.GetInt32(3),
            Channel = (DossierChannel)r.GetInt32(4),
            OnlineLevel = (OnlineLevel)r.GetInt32(5),
            InterAgency = r.GetBoolean(6),
            ReceivedAt = Utc(r, 7),
            DueAt = Utc(r, 8),
            FinishedAt = UtcOrNull(r, 9),
            ReturnedAt = UtcOrNull(r, 10),
            Status = (DossierStatus)r.GetInt32(11),
            ResultPublished = r.GetBoolean(12),
            ResultIssuedElectronically = r.GetBoolean(13),
            Digitised = r.GetBoolean(14),
            PaidOnline = r.GetBoolean(15),
            Applicant = new Applicant { Name = StringOrNull(r, 16), IdNumber = StringOrNull(r, 17), Phone = StringOrNull(r, 18) },
            SourceSystem = r.GetString(19),
            SourceVersion = r.GetInt64(20),
            UpdatedAt = Utc(r, 21),
            Supplements = Supplements(r, 22),
        };
        return new FeedItem(dossier.ChangeSequence, dossier.UpdatedAt, dossier, null);
    }

    private static FeedItem ReadSurvey(DbDataReader r)
    {
        var survey = new SatisfactionSurvey
        {
            ChangeSequence = r.GetInt64(0),
            SourceSystem = r.GetString(1),
            Key = r.GetString(2),
            UnitId = r.GetInt32(3),
            DossierCode = StringOrNull(r, 4),
            SurveyedAt = Utc(r, 5),
            Channel = (SurveyChannel)r.GetInt32(6),
            AccessScore = IntOrNull(r, 7),
            ProcedureScore = IntOrNull(r, 8),
            StaffAttitudeScore = IntOrNull(r, 9),
            TimelinessScore = IntOrNull(r, 10),
            ResultScore = IntOrNull(r, 11),
            FeedbackHandlingScore = IntOrNull(r, 12),
            Satisfied = r.GetBoolean(13),
            Comment = StringOrNull(r, 14),
            SourceVersion = r.GetInt64(15),
            UpdatedAt = Utc(r, 16),
        };
        return new FeedItem(survey.ChangeSequence, survey.UpdatedAt, null, survey);
    }

    // SQLite keeps times as text without a zone; every stored time is UTC (ProviderContexts).
    private static DateTime Utc(DbDataReader r, int ordinal) => DateTime.SpecifyKind(r.GetDateTime(ordinal), DateTimeKind.Utc);

    private static DateTime? UtcOrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Utc(r, ordinal);

    private static string? StringOrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static int? IntOrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);

    /// <summary>The supplements column as EF Core stores it: a JSON list of {RequestedAt, ResumedAt}; most dossiers have none.</summary>
    private static List<SupplementRequest> Supplements(DbDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal))
        {
            return [];
        }

        var json = r.GetString(ordinal);
        if (json == "[]")
        {
            return [];
        }

        var supplements = new List<SupplementRequest>();
        using var document = JsonDocument.Parse(json);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var resumed = element.GetProperty(nameof(SupplementRequest.ResumedAt));
            supplements.Add(new SupplementRequest
            {
                RequestedAt = ParseUtc(element.GetProperty(nameof(SupplementRequest.RequestedAt)).GetString()!),
                ResumedAt = resumed.ValueKind == JsonValueKind.Null ? null : ParseUtc(resumed.GetString()!),
            });
        }

        return supplements;
    }

    private static DateTime ParseUtc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
