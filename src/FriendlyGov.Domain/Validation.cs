using System.Globalization;
using FriendlyGov.Domain.Calendar;

namespace FriendlyGov.Domain;

/// <summary>One broken rule, named by the field path of the public contract (snake_case), so the
/// admin form, the gRPC BadRequest and a CSV import all report the same field.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A record kept by FriendlyGov. Derived columns (period keys, supplement totals) are
/// refreshed from the record itself before it is checked and saved.</summary>
public interface IRecord
{
    /// <summary>Never throws, whatever the fields hold: it runs before the rules are checked.</summary>
    void RefreshDerived();

    IReadOnlyList<FieldError> Validate();
}

public sealed class DomainValidationException(string record, IReadOnlyList<FieldError> errors)
    : Exception($"{record} is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public string Record { get; } = record;

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>
/// The dates a record may carry: 2000 to 2100, Vietnam time (the years a reporting period may
/// name). Anything else is a typing or conversion error, and the bound keeps every derived date —
/// quarter keys, the due time plus the citizen's supplement time — far from DateTime's limits.
/// </summary>
public static class RecordDates
{
    public static readonly DateOnly First = new(2000, 1, 1);

    public static readonly DateOnly Last = new(2100, 12, 31);

    public const string Described = "between 01/01/2000 and 31/12/2100 (Vietnam time)";

    public static bool Contains(DateOnly date) => date >= First && date <= Last;

    public static bool Contains(DateTime utc) =>
        utc.Kind == DateTimeKind.Utc && utc >= VietnamTime.StartOfDayUtc(First) && utc < VietnamTime.StartOfDayUtc(Last.AddDays(1));
}

/// <summary>
/// What text may hold. A single line (names, codes, keys, topics) has no control characters
/// (Unicode Cc: NUL, BEL, tab, line feed, DEL, C1), no invisible format characters (Cf: zero-width
/// and bidirectional controls, soft hyphen), no line or paragraph separators and no lone
/// surrogates. Free text (comments, outcomes, opinions) may also hold tabs, line breaks and
/// format characters (an emoji sequence joins its parts with one).
/// </summary>
public static class Text
{
    public static bool IsLine(string value) => IsClean(value, freeText: false);

    public static bool IsFreeText(string value) => IsClean(value, freeText: true);

    private static bool IsClean(string value, bool freeText)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++; // a character beyond the first plane (an emoji, a rare Hán Nôm character)
                continue;
            }

            var allowed = char.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.Surrogate => false,
                UnicodeCategory.Control => freeText && c is '\t' or '\n' or '\r',
                UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => freeText,
                _ => true,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Collects field errors with short helpers for the rules every record shares.</summary>
public sealed class Rules
{
    public const string LineCharacters = "must not contain control, format or line-break characters";
    public const string FreeTextCharacters = "must not contain control characters other than tabs and line breaks";

    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public Rules Add(string field, string message)
    {
        _errors.Add(new FieldError(field, message));
        return this;
    }

    public Rules Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    /// <summary>Required single-line text of at most <paramref name="maxLength"/> characters.</summary>
    public Rules Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "is required") : Optional(value, field, maxLength);

    /// <summary>Optional single-line text of at most <paramref name="maxLength"/> characters.</summary>
    public Rules Optional(string? value, string field, int maxLength) => OptionalText(value, field, maxLength, Text.IsLine, LineCharacters);

    /// <summary>Required free text (tabs and line breaks allowed) of at most <paramref name="maxLength"/> characters.</summary>
    public Rules RequiredFreeText(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "is required") : OptionalFreeText(value, field, maxLength);

    /// <summary>Optional free text (tabs and line breaks allowed) of at most <paramref name="maxLength"/> characters.</summary>
    public Rules OptionalFreeText(string? value, string field, int maxLength) => OptionalText(value, field, maxLength, Text.IsFreeText, FreeTextCharacters);

    /// <summary>A required key another system names a record by (a source system, a survey key): single-line text without leading or trailing spaces.</summary>
    public Rules Identifier(string? value, string field, int maxLength)
    {
        var before = _errors.Count;
        Required(value, field, maxLength);
        return _errors.Count > before ? this : Check(value!.Trim() == value, field, "must not begin or end with white space");
    }

    /// <summary>The system a synced record comes from (with the record's key, its identity elsewhere): at most 64 characters.</summary>
    public Rules SourceSystem(string? value, string field = "source_system") => Identifier(value, field, 64);

    public Rules Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Check(Enum.IsDefined(value) && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0, field, "must be one of the defined values");

    /// <summary>A required time: UTC, within <see cref="RecordDates"/>.</summary>
    public Rules Time(DateTime value, string field) =>
        value == default ? Add(field, "is required")
        : value.Kind != DateTimeKind.Utc ? Add(field, "must be a UTC time")
        : Check(RecordDates.Contains(value), field, "must be " + RecordDates.Described);

    /// <summary>An optional time: when set, UTC and within <see cref="RecordDates"/>.</summary>
    public Rules Time(DateTime? value, string field) => value is null ? this : Time(value.Value, field);

    /// <summary>A required date within <see cref="RecordDates"/>.</summary>
    public Rules Date(DateOnly value, string field) =>
        value == default ? Add(field, "is required") : Check(RecordDates.Contains(value), field, "must be " + RecordDates.Described);

    /// <summary>An optional date: when set, within <see cref="RecordDates"/>.</summary>
    public Rules Date(DateOnly? value, string field) =>
        value is not { } date ? this : Check(RecordDates.Contains(date), field, "must be " + RecordDates.Described);

    // The length first: a value over it is refused without its characters being looked at.
    private Rules OptionalText(string? value, string field, int maxLength, Func<string, bool> clean, string characters) =>
        value is null ? this
        : value.Length > maxLength ? Add(field, $"must be at most {maxLength} characters")
        : Check(clean(value), field, characters);

    public Rules NotBefore(DateTime? later, DateTime? earlier, string field, string earlierField) =>
        Check(later is null || earlier is null || later >= earlier, field, $"must not be before {earlierField}");

    public Rules NotNegative(int value, string field) => Check(value >= 0, field, "must not be negative");

    public Rules Positive(int value, string field) => Check(value > 0, field, "must be set");

    public Rules Positive(long value, string field) => Check(value > 0, field, "must be set");

    public Rules Positive(int? value, string field) => Check(value is null or > 0, field, "must be set");
}

public static class RecordExtensions
{
    /// <summary>Refreshes derived columns and throws when a rule is broken.</summary>
    public static T EnsureValid<T>(this T record)
        where T : IRecord
    {
        record.RefreshDerived();
        var errors = record.Validate();
        if (errors.Count > 0)
        {
            throw new DomainValidationException(typeof(T).Name, errors);
        }

        return record;
    }
}
