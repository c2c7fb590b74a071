using System.Linq.Expressions;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Admin;

namespace FriendlyGov.Server.Indicators;

/// <summary>The dossiers an indicator of a period counts, as the dossier list selects them (<c>/dossiers?set=…&amp;year=…&amp;quarter=…</c>).</summary>
public enum DossierSet
{
    Finished, // giải quyết xong trong kỳ: the denominator of the finished-based shares
    OnTime, // đúng hạn
    Counted, // the on-time share's denominator: finished in the period, and open and late at its end
    Late, // trễ hạn: finished late, and open and late at the end (the overdue count, apology coverage's denominator)
    Apologised,
    NotApologised,
    Published,
    NotPublished,
    Digitised,
    NotDigitised,
    Electronic,
    NotElectronic,
    InterAgency,
    Online, // received partly or fully online: the paid-online share's denominator
    PaidOnline,
    NotPaidOnline,
}

/// <summary>
/// The rules of the dossier indicators of <see cref="IndicatorQueries"/> as SQL expressions, written
/// once: the rollup counts with them and the dossier list selects with them, so that a list holds
/// exactly the dossiers behind a number. A period is judged as it stood at its end E
/// (<see cref="IndicatorQueries.JudgedAt"/>: its end, or now while it is running).
/// </summary>
public static class DossierSets
{
    /// <summary>Finished (with a result: finished or returned) in the quarters <c>first</c>–<c>last</c>, placed by its finished time.</summary>
    public static readonly Expression<Func<Dossier, int, int, bool>> IsFinishedIn = (d, first, last) =>
        (d.Status == DossierStatus.Finished || d.Status == DossierStatus.Returned) && d.FinishedQuarter >= first && d.FinishedQuarter <= last;

    /// <summary>A finished dossier on time: by its due time plus the citizen's supplement time, with at most one supplement request.</summary>
    public static readonly Expression<Func<Dossier, bool>> IsOnTime = d => d.FinishedAt <= d.EffectiveDueAt && d.SupplementCount <= 1;

    /// <summary>
    /// Open at the end E and late by then (<see cref="Dossier.IsLate"/>): received before E, not closed
    /// before it (closed at or after E counts as open), and late from <see cref="Dossier.LateAt"/> before E.
    /// Over the received, finished and late times, so that the rollup places the dossiers it read with the
    /// same rule. In two arms, each on a partial index of late_at: still open, or closed at or after E —
    /// then after going late (implied, late_at &lt; E ≤ finished_at, but it is the index's condition).
    /// </summary>
    public static readonly Expression<Func<DateTime, DateTime?, DateTime?, DateTime, bool>> IsOpenAndLateAt = (received, finished, lateAt, end) =>
        (finished == null && received < end && lateAt < end) || (finished >= end && lateAt < finished && received < end && lateAt < end);

    public static readonly Expression<Func<Dossier, int, int, bool>> IsReceivedIn = (d, first, last) => d.ReceivedQuarter >= first && d.ReceivedQuarter <= last;

    public static readonly Expression<Func<Dossier, bool>> IsOnline = d => d.OnlineLevel == OnlineLevel.PartlyOnline || d.OnlineLevel == OnlineLevel.FullyOnline;

    public static readonly Expression<Func<Dossier, bool>> IsPaidOnline = d => d.PaidOnline && d.Channel == DossierChannel.Online;

    private static readonly Dictionary<string, DossierSet> ByName = Enum.GetValues<DossierSet>().ToDictionary(Name, StringComparer.Ordinal);

    /// <summary>The set's name in the URL: on-time, not-apologised, …</summary>
    public static string Name(DossierSet set) => string.Concat(set.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static DossierSet? Parse(string? name) => name is not null && ByName.TryGetValue(name.Trim(), out var set) ? set : null;

    public static IReadOnlyList<DossierSet> All { get; } = Enum.GetValues<DossierSet>();

    /// <summary>
    /// The dossiers of the set for the period, judged at <see cref="IndicatorQueries.JudgedAt"/>. Each
    /// placing by quarter also bounds the time it is computed from (the same days in UTC), so that the
    /// database reads the indexes of received, finished and late times; <paramref name="letters"/> are the apologies' table.
    /// </summary>
    public static Expression<Func<Dossier, bool>> Where(DossierSet set, Period period, DateTime asOfUtc, IQueryable<Letter> letters)
    {
        var first = period.IsYear ? (period.Year * 10) + 1 : period.Key;
        var last = period.IsYear ? (period.Year * 10) + 4 : period.Key;
        var start = VietnamTime.StartOfDayUtc(period.FirstDay);
        var end = period.EndUtc;
        var judged = IndicatorQueries.JudgedAt(period, asOfUtc);
        Expression<Func<Dossier, bool>> finished = d => d.FinishedAt >= start && d.FinishedAt < end && IsFinishedIn.Compile()(d, first, last);
        Expression<Func<Dossier, bool>> received = d => d.ReceivedAt >= start && d.ReceivedAt < end && IsReceivedIn.Compile()(d, first, last);
        Expression<Func<Dossier, bool>> openLate = d => IsOpenAndLateAt.Compile()(d.ReceivedAt, d.FinishedAt, d.LateAt, judged);
        Expression<Func<Dossier, bool>> late = d => (finished.Compile()(d) && !IsOnTime.Compile()(d)) || openLate.Compile()(d);

        // An apology counts when it was issued before the end (one apology a dossier at most).
        Expression<Func<Dossier, bool>> apologised = d => letters.Any(l => l.DossierId == d.Id && l.Kind == LetterKind.LateApology && l.State == LetterState.Issued && l.IssuedAt < judged);
        Expression<Func<Dossier, bool>> rule = set switch
        {
            DossierSet.Finished => d => finished.Compile()(d),
            DossierSet.OnTime => d => finished.Compile()(d) && IsOnTime.Compile()(d),
            DossierSet.Counted => d => finished.Compile()(d) || openLate.Compile()(d),
            DossierSet.Late => d => late.Compile()(d),
            DossierSet.Apologised => d => late.Compile()(d) && apologised.Compile()(d),
            DossierSet.NotApologised => d => late.Compile()(d) && !apologised.Compile()(d),
            DossierSet.Published => d => finished.Compile()(d) && d.ResultPublished,
            DossierSet.NotPublished => d => finished.Compile()(d) && !d.ResultPublished,
            DossierSet.Digitised => d => finished.Compile()(d) && d.Digitised,
            DossierSet.NotDigitised => d => finished.Compile()(d) && !d.Digitised,
            DossierSet.Electronic => d => finished.Compile()(d) && d.ResultIssuedElectronically,
            DossierSet.NotElectronic => d => finished.Compile()(d) && !d.ResultIssuedElectronically,
            DossierSet.InterAgency => d => received.Compile()(d) && d.InterAgency,
            DossierSet.Online => d => received.Compile()(d) && IsOnline.Compile()(d),
            DossierSet.PaidOnline => d => received.Compile()(d) && IsPaidOnline.Compile()(d),
            _ => d => received.Compile()(d) && IsOnline.Compile()(d) && !IsPaidOnline.Compile()(d),
        };

        // Implied by every set (a dossier is received before it finishes) and bounds the list's walk down the (received, id) index.
        return Inline.Expand<Func<Dossier, bool>>(d => d.ReceivedAt < end && rule.Compile()(d));
    }

    /// <summary>The set's name in the filter's choices.</summary>
    public static string Label(DossierSet set) => set switch
    {
        DossierSet.Finished => Lang.T("Đã giải quyết trong kỳ", "Finished in the period"),
        DossierSet.OnTime => Lang.T("Giải quyết đúng hạn", "Finished on time"),
        DossierSet.Counted => Lang.T("Tính tỷ lệ đúng hạn (đã giải quyết và còn mở trễ hạn)", "Counted in the on-time share"),
        DossierSet.Late => Lang.T("Trễ hạn (tính đến hết kỳ)", "Late (as at the period's end)"),
        DossierSet.Apologised => Lang.T("Trễ hạn, đã có thư xin lỗi", "Late, with an apology"),
        DossierSet.NotApologised => Lang.T("Trễ hạn, chưa có thư xin lỗi", "Late, without an apology"),
        DossierSet.Published => Lang.T("Đã công khai kết quả", "Result published"),
        DossierSet.NotPublished => Lang.T("Chưa công khai kết quả", "Result not published"),
        DossierSet.Digitised => Lang.T("Đã số hóa kết quả", "Result digitised"),
        DossierSet.NotDigitised => Lang.T("Chưa số hóa kết quả", "Result not digitised"),
        DossierSet.Electronic => Lang.T("Có kết quả điện tử", "Electronic result"),
        DossierSet.NotElectronic => Lang.T("Không có kết quả điện tử", "No electronic result"),
        DossierSet.InterAgency => Lang.T("Liên thông (theo ngày nhận)", "Inter-agency (by day received)"),
        DossierSet.Online => Lang.T("Trực tuyến (theo ngày nhận)", "Online (by day received)"),
        DossierSet.PaidOnline => Lang.T("Đã thanh toán trực tuyến", "Paid online"),
        _ => Lang.T("Trực tuyến, chưa thanh toán trực tuyến", "Online, not paid online"),
    };

    /// <summary>What the list holds, in words: "Hồ sơ trễ hạn của quý 4/2023, tính đến hết ngày 31/12/2023".</summary>
    public static string Title(DossierSet set, string unitName, Period period, DateTime asOfUtc)
    {
        var of = period.IsYear ? Lang.T($"năm {period.Year}", $"year {period.Year}") : Lang.T($"quý {period.Quarter}/{period.Year}", $"Q{period.Quarter} {period.Year}");
        var judged = IndicatorQueries.JudgedAt(period, asOfUtc);
        var until = judged < period.EndUtc
            ? Lang.T($"tính đến {VietnamTime.ToLocal(judged):dd/MM/yyyy HH:mm} (kỳ chưa kết thúc)", $"as of {VietnamTime.ToLocal(judged):dd/MM/yyyy HH:mm} (the period is not over)")
            : Lang.T($"tính đến hết ngày {period.EndExclusive.AddDays(-1):dd/MM/yyyy}", $"as it stood at the end of {period.EndExclusive.AddDays(-1):dd/MM/yyyy}");
        string Finished(string vi, string en) => Lang.T($"Hồ sơ của {unitName} giải quyết trong {of}{vi}", $"Dossiers of {unitName} finished in {of}{en}");
        string Received(string vi, string en) => Lang.T($"Hồ sơ {vi} của {unitName} tiếp nhận trong {of}", $"{en} dossiers of {unitName} received in {of}");
        return set switch
        {
            DossierSet.Finished => Finished("", ""),
            DossierSet.OnTime => Finished(" đúng hạn", " on time"),
            DossierSet.Counted => Lang.T($"Hồ sơ của {unitName} tính tỷ lệ đúng hạn {of}, {until}", $"Dossiers of {unitName} counted in the on-time share of {of}, {until}"),
            DossierSet.Late => Lang.T($"Hồ sơ trễ hạn của {unitName} trong {of}, {until}", $"Late dossiers of {unitName} in {of}, {until}"),
            DossierSet.Apologised => Lang.T($"Hồ sơ trễ hạn của {unitName} trong {of} đã có thư xin lỗi, {until}", $"Late dossiers of {unitName} in {of} with an apology, {until}"),
            DossierSet.NotApologised => Lang.T($"Hồ sơ trễ hạn của {unitName} trong {of} chưa có thư xin lỗi, {until}", $"Late dossiers of {unitName} in {of} without an apology, {until}"),
            DossierSet.Published => Finished(", đã công khai kết quả", ", result published"),
            DossierSet.NotPublished => Finished(", chưa công khai kết quả", ", result not published"),
            DossierSet.Digitised => Finished(", đã số hóa kết quả", ", result digitised"),
            DossierSet.NotDigitised => Finished(", chưa số hóa kết quả", ", result not digitised"),
            DossierSet.Electronic => Finished(", có kết quả điện tử", ", result issued electronically"),
            DossierSet.NotElectronic => Finished(", không có kết quả điện tử", ", result not issued electronically"),
            DossierSet.InterAgency => Received("liên thông", "Inter-agency"),
            DossierSet.Online => Received("trực tuyến (một phần, toàn trình)", "Online (partly or fully)"),
            DossierSet.PaidOnline => Received("trực tuyến đã thanh toán trực tuyến", "Online, paid online,"),
            _ => Received("trực tuyến chưa thanh toán trực tuyến", "Online, not paid online,"),
        };
    }

    /// <summary>How the set places a dossier in the period, in words.</summary>
    public static string Placement(DossierSet set, Period period, DateTime asOfUtc)
    {
        var judged = IndicatorQueries.JudgedAt(period, asOfUtc);
        var at = judged < period.EndUtc ? VietnamTime.ToLocal(judged).ToString("dd/MM/yyyy HH:mm") : Lang.T($"hết ngày {period.EndExclusive.AddDays(-1):dd/MM/yyyy}", $"the end of {period.EndExclusive.AddDays(-1):dd/MM/yyyy}");
        var finished = Lang.T("Xếp vào kỳ theo ngày có kết quả (giờ Việt Nam); chỉ hồ sơ đã giải quyết hoặc đã trả kết quả.",
            "Placed in the period by the day of its result (Vietnam time); only dossiers finished or returned.");
        var onTime = Lang.T(" Đúng hạn: có kết quả không muộn hơn hạn trả cộng thời gian công dân bổ sung, và bị yêu cầu bổ sung nhiều nhất một lần.",
            " On time: the result by the due time plus the citizen's supplement time, with at most one supplement request.");
        var late = Lang.T($"Gồm hồ sơ có kết quả trong kỳ mà trễ hạn (sau hạn trả cộng thời gian công dân bổ sung, hoặc bị yêu cầu bổ sung hơn một lần) và hồ sơ còn mở lúc {at} đã trễ hạn khi đó. Kỳ được đánh giá như lúc kết thúc: việc xảy ra sau đó không thay đổi danh sách.",
            $"The dossiers finished in the period late (after the due time plus the citizen's supplement time, or after more than one supplement request) and those still open at {at} and late by then. A period is judged as it stood at its end: nothing after it changes the list.");
        var apology = Lang.T($" Thư xin lỗi được tính khi đã phát hành trước {at}.", $" An apology counts when issued before {at}.");
        return set switch
        {
            DossierSet.Finished or DossierSet.Published or DossierSet.NotPublished or DossierSet.Digitised or DossierSet.NotDigitised
                or DossierSet.Electronic or DossierSet.NotElectronic => finished,
            DossierSet.OnTime => finished + onTime,
            DossierSet.Counted => Lang.T($"Hồ sơ có kết quả trong kỳ (xếp theo ngày có kết quả, giờ Việt Nam) và hồ sơ còn mở lúc {at} đã trễ hạn khi đó.",
                $"The dossiers with a result in the period (placed by the day of the result, Vietnam time) and those still open at {at} and late by then.") + onTime,
            DossierSet.Late => late,
            DossierSet.Apologised or DossierSet.NotApologised => late + apology,
            _ => Lang.T("Xếp vào kỳ theo ngày tiếp nhận (giờ Việt Nam).", "Placed in the period by the day received (Vietnam time)."),
        };
    }
}
