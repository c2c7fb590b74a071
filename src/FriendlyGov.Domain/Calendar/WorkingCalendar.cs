using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;

namespace FriendlyGov.Domain.Calendar;

/// <summary>
/// The working-day calendar of Vietnamese state offices, used to compute a dossier's due time
/// (hẹn trả) = the day it was received + N working days, at office closing time.
/// </summary>
/// <remarks>
/// <para>
/// A day is a working day when it is Monday–Friday and not listed as a <see cref="CalendarDayKind.Holiday"/>
/// (ngày lễ, Tết, nghỉ bù, nghỉ hoán đổi), or when it is Saturday/Sunday and listed as a
/// <see cref="CalendarDayKind.WorkingDay"/> (ngày làm bù). The table therefore only lists exceptions
/// to the normal week; holidays that fall on a weekend are not listed, the weekday they move to is.
/// </para>
/// <para>
/// Holidays are decided each year by the government (Tết days, nghỉ bù, swaps), so they cannot be
/// computed; they come from a table an administrator keeps up to date. The calendar covers the years
/// from the first to the last year in the table and refuses (<see cref="InvalidOperationException"/>)
/// to answer about any other year: a silently wrong deadline is worse than an error.
/// </para>
/// <para>
/// Counting: <see cref="AddWorkingDays"/>(start, n) is the n-th working day strictly after
/// <paramref name="start"/>, so the day of receipt never counts, whatever the hour; n = 0 is
/// "same day" (the next working day if received on a day off).
/// </para>
/// </remarks>
public sealed class WorkingCalendar
{
    /// <summary>The header line of the CSV table.</summary>
    public const string CsvHeader = "date,kind,name";

    /// <summary>Offices close at 17:00 Vietnam time; a due date means "by closing time that day".</summary>
    public static readonly TimeOnly OfficeClosesAt = new(17, 0);

    private const string DateFormat = "yyyy-MM-dd";

    private readonly FrozenDictionary<DateOnly, CalendarDay> _byDate;

    /// <summary>Builds a calendar from its exceptions to the normal week.</summary>
    /// <exception cref="ArgumentException">
    /// A day is listed twice, a holiday is on a weekend, a working day is on a weekday, a name is empty,
    /// the list is empty, or a year between the first and last has no days at all.
    /// </exception>
    public WorkingCalendar(IEnumerable<CalendarDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);

        var list = new List<CalendarDay>();
        var byDate = new Dictionary<DateOnly, CalendarDay>();
        foreach (CalendarDay day in days)
        {
            if (day is null)
            {
                throw new ArgumentException("The calendar contains a null day.", nameof(days));
            }

            if (ProblemWith(day) is { } problem)
            {
                throw new ArgumentException(problem, nameof(days));
            }

            if (!byDate.TryAdd(day.Date, day))
            {
                throw new ArgumentException($"{Iso(day.Date)} is listed twice.", nameof(days));
            }

            list.Add(day);
        }

        if (TableProblem(list) is { } tableProblem)
        {
            throw new ArgumentException(tableProblem, nameof(days));
        }

        list.Sort((a, b) => a.Date.CompareTo(b.Date));
        Days = list.AsReadOnly();
        _byDate = byDate.ToFrozenDictionary();
        FirstYear = list[0].Date.Year;
        LastYear = list[^1].Date.Year;
    }

    /// <summary>The listed exceptions, in date order.</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>First year the calendar has holiday data for (inclusive).</summary>
    public int FirstYear { get; }

    /// <summary>Last year the calendar has holiday data for (inclusive).</summary>
    public int LastYear { get; }

    /// <summary>Whether the calendar has holiday data for the year of <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    /// <summary>
    /// Parses the administrator-edited table: a header line <c>date,kind,name</c>, then one line per day
    /// <c>yyyy-MM-dd,holiday|workingday,name</c>. Blank lines and lines starting with <c>#</c> are ignored;
    /// the name may contain commas (everything after the second comma).
    /// </summary>
    /// <exception cref="FormatException">A line is malformed; the message names the line number.</exception>
    public static WorkingCalendar Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);

        string[] lines = csv.ReplaceLineEndings("\n").Split('\n');
        var days = new List<CalendarDay>();
        var lineOfDate = new Dictionary<DateOnly, int>();
        bool headerSeen = false;

        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].TrimStart('\uFEFF').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // The header comes first so a file with shuffled columns fails loudly instead of misreading.
            if (!headerSeen)
            {
                if (!IsHeader(line))
                {
                    throw Bad(lineNumber, $"expected the header '{CsvHeader}', found '{line}'.");
                }

                headerSeen = true;
                continue;
            }

            string[] fields = line.Split(',', 3);
            if (fields.Length != 3)
            {
                throw Bad(lineNumber, $"expected 'date,kind,name', found '{line}'.");
            }

            string dateText = fields[0].Trim();
            string kindText = fields[1].Trim();
            string name = fields[2].Trim();

            if (!DateOnly.TryParseExact(dateText, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            {
                throw Bad(lineNumber, $"'{dateText}' is not a valid date in the form yyyy-MM-dd.");
            }

            CalendarDayKind kind = ParseKind(kindText)
                ?? throw Bad(lineNumber, $"unknown kind '{kindText}'; expected 'holiday' or 'workingday'.");

            if (lineOfDate.TryGetValue(date, out int firstLine))
            {
                throw Bad(lineNumber, $"{Iso(date)} is listed twice (first on line {firstLine}).");
            }

            var day = new CalendarDay(date, kind, name);
            if (ProblemWith(day) is { } problem)
            {
                throw Bad(lineNumber, problem);
            }

            lineOfDate.Add(date, lineNumber);
            days.Add(day);
        }

        if (!headerSeen)
        {
            throw new FormatException($"The holiday table is empty: expected the header '{CsvHeader}' and one line per day.");
        }

        if (TableProblem(days) is { } tableProblem)
        {
            throw new FormatException(tableProblem);
        }

        return new WorkingCalendar(days);
    }

    /// <summary>
    /// Mon–Fri unless listed as a holiday; Sat/Sun only if listed as a working day (ngày làm bù).
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar has no data for that year.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        if (_byDate.TryGetValue(date, out CalendarDay? day))
        {
            return day.Kind == CalendarDayKind.WorkingDay;
        }

        return !IsWeekend(date);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day strictly after <paramref name="start"/>.
    /// For 0: <paramref name="start"/> itself if it is a working day, else the next working day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The count reaches a year the calendar has no data for.</exception>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        EnsureCovered(start);

        DateOnly date = start;
        if (workingDays == 0)
        {
            while (!IsWorkingDay(date))
            {
                date = date.AddDays(1);
            }

            return date;
        }

        // Walk day by day; IsWorkingDay throws once we leave the covered years, so this always ends.
        int remaining = workingDays;
        while (remaining > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>Working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toInclusive"/> is before <paramref name="fromExclusive"/>.</exception>
    /// <exception cref="InvalidOperationException">Either end is in a year the calendar has no data for.</exception>
    public int CountWorkingDays(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive < fromExclusive)
        {
            throw new ArgumentOutOfRangeException(
                nameof(toInclusive), toInclusive, $"Must not be before {nameof(fromExclusive)} ({Iso(fromExclusive)}).");
        }

        EnsureCovered(fromExclusive);
        EnsureCovered(toInclusive);

        int count = 0;
        for (DateOnly date = fromExclusive.AddDays(1); date <= toInclusive; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Due time (hẹn trả) of a dossier received at <paramref name="receivedUtc"/> with a processing time of
    /// <paramref name="workingDays"/> working days: 17:00 Vietnam time on
    /// <see cref="AddWorkingDays"/>(local date of receipt, <paramref name="workingDays"/>), as UTC.
    /// The day of receipt is the Vietnam-local date, not the UTC date. For 0 days the result is 17:00 on the
    /// day of receipt even if the dossier came in after closing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="receivedUtc"/> is not a UTC time.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The due date falls in a year the calendar has no data for.</exception>
    public DateTime DueTimeUtc(DateTime receivedUtc, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (receivedUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Expected a UTC time (DateTimeKind.Utc).", nameof(receivedUtc));
        }

        DateOnly receivedLocalDate = VietnamTime.LocalDate(receivedUtc);
        DateOnly dueLocalDate = AddWorkingDays(receivedLocalDate, workingDays);
        return VietnamTime.ToUtc(dueLocalDate, OfficeClosesAt);
    }

    private void EnsureCovered(DateOnly date)
    {
        if (!Covers(date))
        {
            throw new InvalidOperationException(
                $"The working-day calendar has holiday data for {FirstYear}–{LastYear} only, not for {Iso(date)}. " +
                $"Add the public holidays of {date.Year} to the holiday table (holidays-vn.csv) before computing deadlines in that year.");
        }
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    // A weekend "holiday" or weekday "working day" changes nothing, so it is almost surely a wrong date.
    private static string? ProblemWith(CalendarDay day)
    {
        bool weekend = IsWeekend(day.Date);
        return day.Kind switch
        {
            CalendarDayKind.Holiday when weekend =>
                $"{Iso(day.Date)} is a {day.Date.DayOfWeek}, already a day off; list the weekday the holiday moves to (ngày nghỉ bù) instead.",
            CalendarDayKind.WorkingDay when !weekend =>
                $"{Iso(day.Date)} is a {day.Date.DayOfWeek}, already a working day; 'workingday' (ngày làm bù) is only for a Saturday or Sunday.",
            CalendarDayKind.Holiday or CalendarDayKind.WorkingDay when string.IsNullOrWhiteSpace(day.Name) =>
                $"{Iso(day.Date)} has no name.",
            CalendarDayKind.Holiday or CalendarDayKind.WorkingDay => null,
            _ => $"{Iso(day.Date)} has an unknown kind ({(int)day.Kind}).",
        };
    }

    // Every real year has at least one weekday holiday, so a year with no lines means missing data.
    private static string? TableProblem(List<CalendarDay> days)
    {
        if (days.Count == 0)
        {
            return "The holiday table lists no days; the calendar needs at least one year of holidays.";
        }

        int first = days.Min(d => d.Date.Year);
        int last = days.Max(d => d.Date.Year);
        var years = days.Select(d => d.Date.Year).ToHashSet();
        int[] missing = Enumerable.Range(first, last - first + 1).Where(y => !years.Contains(y)).ToArray();
        return missing.Length == 0
            ? null
            : $"The holiday table has no days for {string.Join(", ", missing)} (between {first} and {last}); every year in that range must list its holidays.";
    }

    private static bool IsHeader(string line) =>
        string.Equals(string.Join(',', line.Split(',').Select(f => f.Trim())), CsvHeader, StringComparison.OrdinalIgnoreCase);

    private static CalendarDayKind? ParseKind(string text) =>
        text.ToUpperInvariant() switch
        {
            "HOLIDAY" => CalendarDayKind.Holiday,
            "WORKINGDAY" => CalendarDayKind.WorkingDay,
            _ => null,
        };

    private static FormatException Bad(int lineNumber, string problem) => new($"Line {lineNumber}: {problem}");

    private static string Iso(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
}
