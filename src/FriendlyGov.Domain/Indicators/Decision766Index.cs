namespace FriendlyGov.Domain.Indicators;

/// <summary>One group of the Decision 766 index: its points, or the criteria that cannot be computed.</summary>
public sealed record Decision766Group(string Code, string NameVi, string NameEn, decimal MaxPoints, decimal? Points, IReadOnlyList<Decision766Criterion> Missing);

/// <summary>A criterion of the index, as a reader is told it is missing (and, where it never can be computed here, why).</summary>
public sealed record Decision766Criterion(string NameVi, string NameEn);

/// <summary>
/// The national index of Decision 766/QĐ-TTg (2022): 100 points in five groups. FriendlyGov scores
/// the criteria its records support, from the same snapshots every other reader uses, and lists
/// each criterion it has no records for instead of guessing it; a group with a missing criterion
/// has no total. How the decree splits a group's points between its criteria is simplified here
/// to equal halves where a group has two measured criteria.
/// </summary>
public static class Decision766Index
{
    /// <summary>The scored groups, from indicator values (percentages 0–100) by code; a missing value leaves its criterion unscored.</summary>
    public static IReadOnlyList<Decision766Group> Score(IReadOnlyDictionary<string, decimal?> values)
    {
        decimal? Value(string code) => values.TryGetValue(code, out var v) ? v : null;
        var onTime = Value(IndicatorCatalogue.OnTimeShare);
        var online = Value(IndicatorCatalogue.OnlineShare);
        var digitised = Value(IndicatorCatalogue.ResultsDigitisedShare);
        var electronic = Value(IndicatorCatalogue.ResultsElectronicShare);
        var paidOnline = Value(IndicatorCatalogue.PaidOnlineShare);
        var overdueRate = onTime is null ? null : 100m - onTime;

        return
        [
            new("publicity", "Công khai, minh bạch", "Publicity and transparency", 18m, null,
                [new("công khai thủ tục và tiến độ hồ sơ trên Cổng dịch vụ công quốc gia: hệ thống không có dữ liệu này",
                    "publication of procedures and of dossier progress on the national portal: no records of it here")]),
            Group("progress", "Tiến độ giải quyết", "Progress and results", 20m,
                (onTime, v => 20m * v / 100m, new("tỷ lệ hồ sơ giải quyết đúng hạn", "on-time rate"))),
            Group("online", "Dịch vụ trực tuyến", "Online services", 22m,
                (online, v => 11m * Math.Min(1m, v / 50m), new("tỷ lệ hồ sơ trực tuyến (đủ điểm khi ≥ 50%)", "online share (full points at ≥ 50%)")),
                (paidOnline, v => 11m * v / 100m, new("tỷ lệ thanh toán trực tuyến của hồ sơ trực tuyến", "online payment share of online dossiers"))),
            Group("digitisation", "Số hóa hồ sơ", "Digitisation", 22m,
                (digitised, v => 11m * Math.Min(1m, v / 80m), new("tỷ lệ số hóa kết quả (đủ điểm khi ≥ 80%)", "results digitised (full points at ≥ 80%)")),
                (electronic, v => 11m * Math.Min(1m, v / 80m), new("tỷ lệ cấp kết quả điện tử (đủ điểm khi ≥ 80%)", "results issued electronically (full points at ≥ 80%)"))),
            Group("satisfaction", "Mức độ hài lòng", "Satisfaction", 18m,
                (overdueRate, v => 18m * Math.Max(0m, 100m - v) / 100m, new("100% − tỷ lệ hồ sơ quá hạn", "100% − overdue rate")),
                (null, _ => 0m, new("tỷ lệ hồ sơ bị phản ánh, kiến nghị: phản ánh chưa gắn với hồ sơ",
                    "share of dossiers that drew a complaint: complaints are not linked to dossiers"))),
        ];
    }

    private static Decision766Group Group(string code, string nameVi, string nameEn, decimal max, params (decimal? Value, Func<decimal, decimal> Points, Decision766Criterion Criterion)[] criteria)
    {
        var missing = criteria.Where(c => c.Value is null).Select(c => c.Criterion).ToList();
        var points = missing.Count == 0 ? Math.Round(criteria.Sum(c => c.Points(c.Value!.Value)), 2) : (decimal?)null;
        return new Decision766Group(code, nameVi, nameEn, max, points, missing);
    }
}
