namespace FriendlyGov.Domain;

/// <summary>One broken rule, named by the field path of the public contract (snake_case), so the
/// admin form, the gRPC BadRequest and a CSV import all report the same field.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A record kept by FriendlyGov. Derived columns (period keys, supplement totals) are
/// refreshed from the record itself before it is checked and saved.</summary>
public interface IRecord
{
    void RefreshDerived();

    IReadOnlyList<FieldError> Validate();
}

public sealed class DomainValidationException(string record, IReadOnlyList<FieldError> errors)
    : Exception($"{record} is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public string Record { get; } = record;

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>Collects field errors with short helpers for the rules every record shares.</summary>
public sealed class Rules
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public Rules Add(string field, string message)
    {
        _errors.Add(new FieldError(field, message));
        return this;
    }

    public Rules Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    public Rules Required(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        return Check(value.Length <= maxLength, field, $"must be at most {maxLength} characters");
    }

    public Rules Optional(string? value, string field, int maxLength) =>
        Check(value is null || value.Length <= maxLength, field, $"must be at most {maxLength} characters");

    public Rules Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Check(Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0, field, "must be one of the defined values");

    public Rules Utc(DateTime value, string field) =>
        Check(value.Kind == DateTimeKind.Utc && value != default, field, "must be a UTC time");

    public Rules Utc(DateTime? value, string field) => value is null ? this : Utc(value.Value, field);

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
