namespace FriendlyGov.Domain.Indicators;

public enum IndicatorUnit
{
    Percent,
    Count,
    PerMonth,
    Score, // an average of 1–5 scores
}

/// <summary>
/// Which way an indicator is better. Neutral for volumes (dossiers received, births, deaths,
/// petitions, sessions): more or fewer is neither better nor worse; the shares and rules built on
/// them carry the judgement.
/// </summary>
public enum Better
{
    Higher,
    Lower,
    Neutral,
}

/// <summary>
/// One indicator: what it counts and how a record is placed in a period. The value is
/// numerator / denominator (× 100 for a percentage); a parent unit's is Σ numerators / Σ
/// denominators over its subtree, never an average of its children's values. Periods are
/// decided in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7).
/// </summary>
public sealed record IndicatorDefinition(
    string Code,
    string NameVi,
    string NameEn,
    IndicatorUnit Unit,
    Better Better,
    string Numerator,
    string Denominator,
    string PlacedBy)
{
    /// <summary>The value for a numerator and denominator; null when there is nothing to measure.</summary>
    public decimal? ValueOf(decimal numerator, decimal denominator) => Unit switch
    {
        IndicatorUnit.Count => numerator,
        _ when denominator == 0 => null,
        IndicatorUnit.Percent => Math.Round(numerator * 100m / denominator, 2),
        _ => Math.Round(numerator / denominator, 2),
    };
}

/// <summary>Every indicator FriendlyGov computes, with a stable code. The rollup computes each exactly as written here.</summary>
public static class IndicatorCatalogue
{
    public const string DossiersReceived = "dossiers.received";
    public const string DossiersReceivedCounter = "dossiers.received.counter";
    public const string DossiersReceivedPartlyOnline = "dossiers.received.partly_online";
    public const string DossiersReceivedFullyOnline = "dossiers.received.fully_online";
    public const string DossiersReceivedPostal = "dossiers.received.postal";
    public const string OnlineShare = IndicatorCodes.OnlineShare;
    public const string FullyOnlineShare = "dossiers.fully_online_share";
    public const string OnTimeShare = IndicatorCodes.OnTimeShare;
    public const string OverdueCount = IndicatorCodes.OverdueCount;
    public const string InterAgencyCount = "dossiers.inter_agency_count";
    public const string ResultsPublishedShare = "dossiers.results_published_share";
    public const string ResultsDigitisedShare = IndicatorCodes.ResultsDigitisedShare;
    public const string ResultsElectronicShare = "dossiers.results_electronic_share";
    public const string PaidOnlineShare = "dossiers.paid_online_share";
    public const string ApologyCoverage = IndicatorCodes.ApologyCoverage;
    public const string SatisfactionShare = IndicatorCodes.SatisfactionShare;
    public const string SurveyCount = "surveys.count";
    public const string ScoreAccess = "surveys.score.access";
    public const string ScoreProcedure = "surveys.score.procedure";
    public const string ScoreStaffAttitude = "surveys.score.staff_attitude";
    public const string ScoreTimeliness = "surveys.score.timeliness";
    public const string ScoreResult = "surveys.score.result";
    public const string ScoreFeedbackHandling = "surveys.score.feedback_handling";
    public const string PetitionsResolvedShare = "petitions.resolved_share";
    public const string PetitionsReceived = "petitions.received";
    public const string ReceptionSessions = "receptions.count";
    public const string PartySecretaryReceptionsPerMonth = IndicatorCodes.PartySecretaryReceptionsPerMonth;
    public const string ChairmanReceptionsPerMonth = IndicatorCodes.ChairmanReceptionsPerMonth;
    public const string Dialogues = "dialogues.count";
    public const string DialogueOpinions = "dialogues.opinions";
    public const string LettersMarriage = "letters.marriage_congratulation";
    public const string LettersBirth = "letters.birth_congratulation";
    public const string LettersCondolence = "letters.death_condolence";
    public const string LettersApology = "letters.late_apology";
    public const string LettersThanks = "letters.thanks";

    private const string ByReceived = "received time";
    private const string ByFinishedOrOpen = "finished time; a dossier still open at the end of a period is late in that period when, by then, "
        + "it was asked twice to supplement or was past its due time plus the citizen's supplement time elapsed (an open request pauses the clock up to the end)";
    private const string BySurveyed = "surveyed time";
    private const string ByIssued = "issued time";
    private const string ByHeld = "day held";

    public static IReadOnlyList<IndicatorDefinition> All { get; } =
    [
        new(DossiersReceived, "Hồ sơ tiếp nhận", "Dossiers received", IndicatorUnit.Count, Better.Neutral, "dossiers received", "—", ByReceived),
        new(DossiersReceivedCounter, "Hồ sơ tiếp nhận trực tiếp", "Received at the counter", IndicatorUnit.Count, Better.Neutral, "dossiers received at the counter", "—", ByReceived),
        new(DossiersReceivedPartlyOnline, "Hồ sơ trực tuyến một phần", "Received partly online", IndicatorUnit.Count, Better.Neutral, "dossiers received partly online (formerly level 3)", "—", ByReceived),
        new(DossiersReceivedFullyOnline, "Hồ sơ trực tuyến toàn trình", "Received fully online", IndicatorUnit.Count, Better.Neutral, "dossiers received fully online (formerly level 4)", "—", ByReceived),
        new(DossiersReceivedPostal, "Hồ sơ qua bưu chính công ích", "Received by public post", IndicatorUnit.Count, Better.Neutral, "dossiers received through the public postal service", "—", ByReceived),
        new(OnlineShare, "Tỷ lệ hồ sơ trực tuyến", "Online share", IndicatorUnit.Percent, Better.Higher, "dossiers received online (partly or fully)", "dossiers received", ByReceived),
        new(FullyOnlineShare, "Tỷ lệ hồ sơ trực tuyến toàn trình", "Fully online share", IndicatorUnit.Percent, Better.Higher, "dossiers received fully online", "dossiers received", ByReceived),
        new(OnTimeShare, "Tỷ lệ hồ sơ giải quyết đúng hạn", "On-time share", IndicatorUnit.Percent, Better.Higher,
            "dossiers finished in the period on or before their due time plus the citizen's supplement time, with at most one supplement request",
            "dossiers finished in the period, plus dossiers still open at its end and late by then", ByFinishedOrOpen),
        new(OverdueCount, "Hồ sơ quá hạn", "Overdue dossiers", IndicatorUnit.Count, Better.Lower,
            "dossiers finished late in the period, plus dossiers still open at its end and late by then", "—", ByFinishedOrOpen),
        new(InterAgencyCount, "Hồ sơ liên thông", "Inter-agency dossiers", IndicatorUnit.Count, Better.Neutral, "dossiers received through the inter-agency one-stop", "—", ByReceived),
        new(ResultsPublishedShare, "Tỷ lệ công khai kết quả", "Results published share", IndicatorUnit.Percent, Better.Higher, "dossiers finished with the result published", "dossiers finished", "finished time"),
        new(ResultsDigitisedShare, "Tỷ lệ số hóa kết quả", "Results digitised share", IndicatorUnit.Percent, Better.Higher, "dossiers finished with the dossier and result digitised", "dossiers finished", "finished time"),
        new(ResultsElectronicShare, "Tỷ lệ trả kết quả điện tử", "Results issued electronically share", IndicatorUnit.Percent, Better.Higher, "dossiers finished with the result issued electronically", "dossiers finished", "finished time"),
        new(PaidOnlineShare, "Tỷ lệ thanh toán trực tuyến", "Paid online share", IndicatorUnit.Percent, Better.Higher, "dossiers received online and paid online", "dossiers received online", ByReceived),
        new(ApologyCoverage, "Tỷ lệ xin lỗi hồ sơ trễ hạn", "Apology coverage", IndicatorUnit.Percent, Better.Higher,
            "late dossiers (as in the overdue count) with an apology letter issued before the period's end", "late dossiers", ByFinishedOrOpen),
        new(SatisfactionShare, "Tỷ lệ hài lòng", "Satisfaction share", IndicatorUnit.Percent, Better.Higher, "surveys answered satisfied", "surveys", BySurveyed),
        new(SurveyCount, "Phiếu khảo sát", "Surveys collected", IndicatorUnit.Count, Better.Neutral, "surveys", "—", BySurveyed),
        new(ScoreAccess, "Điểm tiếp cận dịch vụ", "Score: access", IndicatorUnit.Score, Better.Higher, "sum of access scores", "surveys scoring access", BySurveyed),
        new(ScoreProcedure, "Điểm thủ tục hành chính", "Score: procedure", IndicatorUnit.Score, Better.Higher, "sum of procedure scores", "surveys scoring the procedure", BySurveyed),
        new(ScoreStaffAttitude, "Điểm thái độ công chức", "Score: staff attitude", IndicatorUnit.Score, Better.Higher, "sum of staff attitude scores", "surveys scoring staff attitude", BySurveyed),
        new(ScoreTimeliness, "Điểm thời gian giải quyết", "Score: timeliness", IndicatorUnit.Score, Better.Higher, "sum of timeliness scores", "surveys scoring timeliness", BySurveyed),
        new(ScoreResult, "Điểm kết quả giải quyết", "Score: result", IndicatorUnit.Score, Better.Higher, "sum of result scores", "surveys scoring the result", BySurveyed),
        new(ScoreFeedbackHandling, "Điểm tiếp nhận, xử lý góp ý", "Score: feedback handling", IndicatorUnit.Score, Better.Higher, "sum of feedback-handling scores", "surveys scoring feedback handling", BySurveyed),
        new(PetitionsReceived, "Đơn thư tiếp nhận", "Petitions received", IndicatorUnit.Count, Better.Neutral, "petitions received", "—", "received day"),
        new(PetitionsResolvedShare, "Tỷ lệ giải quyết đơn thư", "Petitions resolved share", IndicatorUnit.Percent, Better.Higher, "petitions received in the period and resolved", "petitions received in the period", "received day"),
        new(ReceptionSessions, "Buổi tiếp công dân", "Reception sessions", IndicatorUnit.Count, Better.Neutral, "reception sessions", "—", ByHeld),
        new(PartySecretaryReceptionsPerMonth, "Bí thư tiếp công dân / tháng", "Party secretary receptions a month", IndicatorUnit.PerMonth, Better.Higher,
            "sessions hosted by the party secretary", "months in the period", ByHeld),
        new(ChairmanReceptionsPerMonth, "Chủ tịch, Phó Chủ tịch tiếp công dân / tháng", "Chairman receptions a month", IndicatorUnit.PerMonth, Better.Higher,
            "sessions hosted by the chairman or a vice-chairman", "months in the period", ByHeld),
        new(Dialogues, "Buổi đối thoại", "Dialogues", IndicatorUnit.Count, Better.Neutral, "dialogues held", "—", ByHeld),
        new(DialogueOpinions, "Ý kiến tại đối thoại", "Opinions raised in dialogues", IndicatorUnit.Count, Better.Neutral, "opinions raised in dialogues", "—", ByHeld),
        new(LettersMarriage, "Thư chúc mừng kết hôn", "Marriage congratulation letters", IndicatorUnit.Count, Better.Neutral, "letters issued", "—", ByIssued),
        new(LettersBirth, "Thư chúc mừng khai sinh", "Birth congratulation letters", IndicatorUnit.Count, Better.Neutral, "letters issued", "—", ByIssued),
        new(LettersCondolence, "Thư chia buồn", "Condolence letters", IndicatorUnit.Count, Better.Neutral, "letters issued", "—", ByIssued),
        new(LettersApology, "Thư xin lỗi", "Apology letters", IndicatorUnit.Count, Better.Neutral, "letters issued", "—", ByIssued),
        new(LettersThanks, "Thư cảm ơn", "Thank-you letters", IndicatorUnit.Count, Better.Neutral, "letters issued", "—", ByIssued),
    ];

    private static readonly Dictionary<string, IndicatorDefinition> ByCode = All.ToDictionary(i => i.Code, StringComparer.Ordinal);

    public static IndicatorDefinition Get(string code) =>
        ByCode.TryGetValue(code, out var definition) ? definition : throw new KeyNotFoundException($"No indicator has the code '{code}'.");

    public static bool TryGet(string code, out IndicatorDefinition definition) => ByCode.TryGetValue(code, out definition!);
}
