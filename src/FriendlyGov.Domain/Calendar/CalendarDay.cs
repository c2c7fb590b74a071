namespace FriendlyGov.Domain.Calendar;

/// <summary>How a listed day differs from the normal week (Mon–Fri worked, Sat–Sun off).</summary>
public enum CalendarDayKind
{
    /// <summary>A Monday–Friday on which offices are closed: ngày lễ, Tết, nghỉ bù or nghỉ hoán đổi.</summary>
    Holiday = 1,

    /// <summary>A Saturday or Sunday on which offices work: ngày làm bù.</summary>
    WorkingDay = 2,
}

/// <summary>One exception to the normal week, as listed in the holiday table.</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name);
