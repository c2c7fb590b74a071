using System.Globalization;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;

namespace FriendlyGov.Server.Dashboard;

/// <summary>Indicator values and periods in the reader's language (vi-VN: 97,5%; 1.234).</summary>
public static class IndicatorFormat
{
    public static string Value(decimal? value, IndicatorUnit unit) => value is not { } v ? "—" : unit switch
    {
        IndicatorUnit.Percent => v.ToString("0.#", CultureInfo.CurrentCulture) + "%",
        IndicatorUnit.Count => v.ToString("N0", CultureInfo.CurrentCulture),
        _ => v.ToString("0.##", CultureInfo.CurrentCulture),
    };

    /// <summary>The comparison a target asks for: "≥" where higher is better, "≤" where lower is.</summary>
    public static string TargetSign(IndicatorDefinition indicator) => indicator.Better == Better.Lower ? "≤" : "≥";

    /// <summary>Points of the Decision 766 index (19,52).</summary>
    public static string Points(decimal points) => points.ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>The difference to the previous period; percentages in percentage points.</summary>
    public static string Change(decimal change, IndicatorUnit unit)
    {
        var sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        var size = Math.Abs(change);
        return unit == IndicatorUnit.Percent
            ? $"{sign}{size.ToString("0.#", CultureInfo.CurrentCulture)} {Lang.T("điểm %", "pts")}"
            : sign + Value(size, unit);
    }

    public static string Period(Period period) => period.IsYear
        ? Lang.T($"năm {period.Year}", $"year {period.Year}")
        : Lang.T($"quý {period.Quarter}/{period.Year}", $"Q{period.Quarter} {period.Year}");

    /// <summary>A period compared with, as a column's heading: "Kỳ trước (quý 3/2023)", "Cùng kỳ năm trước (quý 4/2022)".</summary>
    public static string Compared(Period against, Period period) => against == period.Previous
        ? Lang.T($"Kỳ trước ({Period(against)})", $"Previous ({Period(against)})")
        : Lang.T($"Cùng kỳ năm trước ({Period(against)})", $"A year before ({Period(against)})");

    /// <summary>What the values of an indicator count, for an axis.</summary>
    public static string Measure(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "%",
        IndicatorUnit.Count => Lang.T("Số lượng", "Count"),
        IndicatorUnit.PerMonth => Lang.T("Lần / tháng", "Per month"),
        _ => Lang.T("Điểm (1–5)", "Score (1–5)"),
    };

    public static string Name(IndicatorDefinition indicator) => Lang.T(indicator.NameVi, indicator.NameEn);

    /// <summary>What a missing value means: the period had nothing to measure (its denominator is zero).</summary>
    public static string Nothing(IndicatorDefinition indicator) => indicator.Code switch
    {
        IndicatorCatalogue.ApologyCoverage => Lang.T("Không có hồ sơ trễ hạn", "No late dossier"),
        IndicatorCatalogue.OnTimeShare => Lang.T("Không có hồ sơ đến hạn trả", "No dossier due"),
        IndicatorCatalogue.OnlineShare or IndicatorCatalogue.FullyOnlineShare => Lang.T("Không có hồ sơ tiếp nhận", "No dossier received"),
        IndicatorCatalogue.PaidOnlineShare => Lang.T("Không có hồ sơ trực tuyến", "No online dossier"),
        IndicatorCatalogue.ResultsPublishedShare or IndicatorCatalogue.ResultsDigitisedShare or IndicatorCatalogue.ResultsElectronicShare
            => Lang.T("Không có hồ sơ giải quyết xong", "No dossier finished"),
        IndicatorCatalogue.SatisfactionShare => Lang.T("Không có phiếu khảo sát", "No survey"),
        IndicatorCatalogue.PetitionsResolvedShare => Lang.T("Không có đơn thư", "No petition"),
        _ when indicator.Unit == IndicatorUnit.Score => Lang.T("Không có phiếu chấm điểm", "No scored survey"),
        _ => Lang.T("Chưa có số liệu", "No figures yet"),
    };

    /// <summary>A running period as far as its figures go: "quý 4/2026 (đến 20/11/2026)".</summary>
    public static string PeriodToDate(Period period, DateOnly to) =>
        Lang.T($"{Period(period)} (đến {to:dd/MM/yyyy})", $"{Period(period)} (to {to:dd/MM/yyyy})");
}
