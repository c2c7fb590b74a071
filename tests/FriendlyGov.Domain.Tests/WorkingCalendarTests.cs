using FriendlyGov.Domain.Calendar;

namespace FriendlyGov.Domain.Tests;

public class WorkingCalendarTests
{
    private const string RelativeCsvPath = "src/FriendlyGov.Data/Calendar/holidays-vn.csv";

    private static readonly Lazy<string> RealCsv = new(() => File.ReadAllText(FindRealCsv()));

    private static readonly Lazy<WorkingCalendar> Real = new(() => WorkingCalendar.Parse(RealCsv.Value));

    private static WorkingCalendar Calendar => Real.Value;

    // The test binaries run from bin/…; walk up to the repository root (the folder with FriendlyGov.slnx).
    private static string FindRealCsv()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FriendlyGov.slnx")))
            {
                return Path.Combine(dir.FullName, RelativeCsvPath);
            }
        }

        throw new InvalidOperationException($"No FriendlyGov.slnx above {AppContext.BaseDirectory}.");
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static DateTime LocalAsUtc(int year, int month, int day, int hour, int minute) =>
        VietnamTime.ToUtc(new DateTime(year, month, day, hour, minute, 0));

    // ---- The real holiday file -------------------------------------------------------------

    [Fact]
    public void The_real_holiday_file_parses_without_errors()
    {
        WorkingCalendar calendar = WorkingCalendar.Parse(RealCsv.Value);

        Assert.NotEmpty(calendar.Days);
        Assert.Equal(calendar.Days.OrderBy(d => d.Date), calendar.Days);
    }

    [Fact]
    public void The_real_holiday_file_covers_2023_through_2027()
    {
        Assert.Equal(2023, Calendar.FirstYear);
        Assert.Equal(2027, Calendar.LastYear);
        Assert.True(Calendar.Covers(D(2023, 1, 1)));
        Assert.True(Calendar.Covers(D(2027, 12, 31)));
        Assert.False(Calendar.Covers(D(2022, 12, 31)));
        Assert.False(Calendar.Covers(D(2028, 1, 1)));
    }

    // Labour Code 2019 Art. 112 gives 11 days; weekend ones are compensated and swaps are neutral,
    // so holidays minus làm-bù days is 11 every year. If the law adds a day (e.g. 24/11), update this.
    [Theory]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    public void Every_year_gives_the_eleven_statutory_days_off_net_of_working_Saturdays(int year)
    {
        int holidays = Calendar.Days.Count(d => d.Date.Year == year && d.Kind == CalendarDayKind.Holiday);
        int workingDays = Calendar.Days.Count(d => d.Date.Year == year && d.Kind == CalendarDayKind.WorkingDay);

        Assert.Equal(11, holidays - workingDays);
    }

    [Fact]
    public void Every_line_in_the_holiday_file_is_a_weekday_holiday_or_a_weekend_working_day()
    {
        // Read the raw lines independently of the parser, so this checks the data, not the loader.
        string[] dataLines = RealCsv.Value.ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Skip(1) // header
            .ToArray();

        Assert.NotEmpty(dataLines);
        foreach (string line in dataLines)
        {
            string[] fields = line.Split(',', 3);
            DateOnly date = DateOnly.ParseExact(fields[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            bool weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            bool ok = (fields[1] == "holiday" && !weekend) || (fields[1] == "workingday" && weekend);
            Assert.True(ok, $"'{line}' is a {date.DayOfWeek}: only weekday holidays and weekend working days belong in the file.");
        }
    }

    // ---- Due dates -------------------------------------------------------------------------

    [Fact]
    public void A_dossier_received_just_before_Tet_2024_skips_the_whole_holiday_week()
    {
        // Wed 07/02/2024; Tết off Thu 08/02 – Wed 14/02. Working days: Thu 15, Fri 16, Mon 19.
        DateTime received = LocalAsUtc(2024, 2, 7, 10, 0);

        DateTime due = Calendar.DueTimeUtc(received, 3);

        Assert.Equal(LocalAsUtc(2024, 2, 19, 17, 0), due);
        Assert.Equal(Utc(2024, 2, 19, 10, 0), due);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
    }

    [Fact]
    public void Every_day_of_the_Tet_2024_break_is_a_day_off()
    {
        for (DateOnly day = D(2024, 2, 8); day <= D(2024, 2, 14); day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day} should be a day off");
        }

        Assert.True(Calendar.IsWorkingDay(D(2024, 2, 7)));
        Assert.True(Calendar.IsWorkingDay(D(2024, 2, 15)));
    }

    [Fact]
    public void A_due_date_across_a_weekend_skips_Saturday_and_Sunday()
    {
        // Thu 13/03/2025 + 2 working days = Fri 14, Mon 17.
        Assert.Equal(D(2025, 3, 17), Calendar.AddWorkingDays(D(2025, 3, 13), 2));
        Assert.Equal(LocalAsUtc(2025, 3, 17, 17, 0), Calendar.DueTimeUtc(LocalAsUtc(2025, 3, 13, 9, 0), 2));
    }

    [Fact]
    public void A_compensatory_Saturday_counts_as_a_working_day()
    {
        // 2025: Friday 02/05 off, swapped with Saturday 26/04 (ngày làm bù).
        Assert.True(Calendar.IsWorkingDay(D(2025, 4, 26)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 5, 2)));
        Assert.Equal(D(2025, 4, 26), Calendar.AddWorkingDays(D(2025, 4, 25), 1));

        // Fri 25/04 + 4: Sat 26, Mon 28, Tue 29, then 30/4–4/5 off, Mon 05/05.
        Assert.Equal(D(2025, 5, 5), Calendar.AddWorkingDays(D(2025, 4, 25), 4));
    }

    [Theory]
    [InlineData(2024, 5, 4)]
    [InlineData(2025, 4, 26)]
    [InlineData(2026, 1, 10)]
    [InlineData(2026, 8, 22)]
    public void Each_announced_compensatory_weekend_day_is_a_working_day(int year, int month, int day)
    {
        Assert.True(Calendar.IsWorkingDay(D(year, month, day)));
    }

    [Fact]
    public void A_dossier_received_on_a_Saturday_starts_counting_after_the_weekend()
    {
        // Sat 15/03/2025 (an ordinary Saturday) + 1 working day = Mon 17/03.
        DateTime received = LocalAsUtc(2025, 3, 15, 9, 0);

        Assert.False(Calendar.IsWorkingDay(D(2025, 3, 15)));
        Assert.Equal(LocalAsUtc(2025, 3, 17, 17, 0), Calendar.DueTimeUtc(received, 1));
    }

    [Fact]
    public void Zero_working_days_means_the_same_day_when_received_on_a_working_day()
    {
        Assert.Equal(D(2025, 3, 17), Calendar.AddWorkingDays(D(2025, 3, 17), 0));
        Assert.Equal(LocalAsUtc(2025, 3, 17, 17, 0), Calendar.DueTimeUtc(LocalAsUtc(2025, 3, 17, 8, 0), 0));
    }

    [Fact]
    public void Zero_working_days_means_the_next_working_day_when_received_on_a_day_off()
    {
        Assert.Equal(D(2025, 3, 17), Calendar.AddWorkingDays(D(2025, 3, 15), 0)); // Saturday
        Assert.Equal(D(2025, 2, 3), Calendar.AddWorkingDays(D(2025, 1, 29), 0)); // mùng 1 Tết Ất Tỵ
    }

    [Fact]
    public void A_dossier_received_at_23_30_local_on_31_March_counts_from_that_local_date()
    {
        // 16:30 UTC = 23:30 in Vietnam, still Mon 31/03/2025 locally.
        DateTime received = Utc(2025, 3, 31, 16, 30);

        Assert.Equal(Utc(2025, 4, 1, 10, 0), Calendar.DueTimeUtc(received, 1));
        // + 5: Tue 1, Wed 2, Thu 3, Fri 4, (Mon 07/04 Giỗ Tổ), Tue 08/04.
        Assert.Equal(Utc(2025, 4, 8, 10, 0), Calendar.DueTimeUtc(received, 5));
    }

    [Fact]
    public void A_dossier_received_after_midnight_local_counts_from_the_local_date_not_the_UTC_date()
    {
        // 17:30 UTC on 31/03 is already 00:30 on Tue 01/04 in Vietnam.
        DateTime received = Utc(2025, 3, 31, 17, 30);

        Assert.Equal(LocalAsUtc(2025, 4, 2, 17, 0), Calendar.DueTimeUtc(received, 1));
    }

    [Fact]
    public void Counting_working_days_is_the_inverse_of_adding_them()
    {
        Assert.Equal(3, Calendar.CountWorkingDays(D(2024, 2, 7), D(2024, 2, 19)));
        Assert.Equal(0, Calendar.CountWorkingDays(D(2024, 2, 7), D(2024, 2, 7)));

        for (int n = 1; n <= 30; n++)
        {
            DateOnly start = D(2026, 2, 10);
            Assert.Equal(n, Calendar.CountWorkingDays(start, Calendar.AddWorkingDays(start, n)));
        }
    }

    // ---- Refusals --------------------------------------------------------------------------

    [Fact]
    public void A_year_outside_the_table_throws_instead_of_guessing()
    {
        var before = Assert.Throws<InvalidOperationException>(() => Calendar.IsWorkingDay(D(2022, 12, 30)));
        Assert.Contains("2023", before.Message);
        Assert.Contains("2022-12-30", before.Message);

        // Received inside the table, but the count runs into 2028.
        Assert.Throws<InvalidOperationException>(() => Calendar.AddWorkingDays(D(2027, 12, 29), 5));
        Assert.Throws<InvalidOperationException>(() => Calendar.DueTimeUtc(Utc(2028, 1, 3, 3, 0), 1));
        Assert.Throws<InvalidOperationException>(() => Calendar.CountWorkingDays(D(2027, 12, 1), D(2028, 1, 5)));
    }

    [Fact]
    public void A_negative_number_of_working_days_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D(2025, 3, 17), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.DueTimeUtc(Utc(2025, 3, 17, 3, 0), -1));
    }

    [Fact]
    public void A_received_time_that_is_not_UTC_is_rejected()
    {
        var local = new DateTime(2025, 3, 17, 9, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Calendar.DueTimeUtc(local, 1));
    }

    // ---- Parsing errors --------------------------------------------------------------------

    [Theory]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-13-01,holiday,Bad month", "Line 3", "2024-13-01")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n01/02/2024,holiday,Wrong format", "Line 3", "yyyy-MM-dd")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-04-29,dayoff,Unknown kind", "Line 3", "dayoff")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-01-01,holiday,Again", "Line 3", "line 2")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-04-30,holiday", "Line 3", "date,kind,name")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-04-30,holiday,  ", "Line 3", "no name")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-08-31,holiday,Sat", "Line 3", "Saturday")]
    [InlineData("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n2024-05-06,workingday,Mon", "Line 3", "Monday")]
    [InlineData("# comment\n\ndate,kind,name\n# another\n2024-01-01,holiday,Tết Dương lịch\n2024-02-30,holiday,No such day", "Line 6", "2024-02-30")]
    [InlineData("kind,date,name\n2024-01-01,holiday,Tết Dương lịch", "Line 1", "header")]
    public void A_bad_line_gives_a_FormatException_naming_the_line(string csv, string expectedLine, string expectedDetail)
    {
        var error = Assert.Throws<FormatException>(() => WorkingCalendar.Parse(csv));

        Assert.StartsWith(expectedLine + ":", error.Message);
        Assert.Contains(expectedDetail, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only comments\n")]
    [InlineData("date,kind,name\n")]
    public void An_empty_table_is_rejected(string csv)
    {
        Assert.Throws<FormatException>(() => WorkingCalendar.Parse(csv));
    }

    [Fact]
    public void A_year_missing_in_the_middle_of_the_table_is_rejected()
    {
        const string csv = "date,kind,name\n2023-01-02,holiday,A\n2025-01-01,holiday,B";

        var error = Assert.Throws<FormatException>(() => WorkingCalendar.Parse(csv));

        Assert.Contains("2024", error.Message);
    }

    [Fact]
    public void Parsing_accepts_windows_line_endings_a_byte_order_mark_and_commas_in_names()
    {
        const string csv = "\uFEFFdate,kind,name\r\n2024-01-01,holiday,Tết Dương lịch, năm mới\r\n2024-05-04,WorkingDay,Làm bù\r\n";

        WorkingCalendar calendar = WorkingCalendar.Parse(csv);

        Assert.Equal(2, calendar.Days.Count);
        Assert.Equal("Tết Dương lịch, năm mới", calendar.Days[0].Name);
        Assert.Equal(CalendarDayKind.WorkingDay, calendar.Days[1].Kind);
        Assert.False(calendar.IsWorkingDay(D(2024, 1, 1)));
        Assert.True(calendar.IsWorkingDay(D(2024, 5, 4)));
    }

    [Fact]
    public void The_constructor_applies_the_same_rules_as_the_parser()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(
        [
            new CalendarDay(D(2024, 1, 1), CalendarDayKind.Holiday, "A"),
            new CalendarDay(D(2024, 1, 1), CalendarDayKind.Holiday, "B"),
        ]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(
            [new CalendarDay(D(2024, 1, 1), (CalendarDayKind)7, "A")]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([]));
    }
}
