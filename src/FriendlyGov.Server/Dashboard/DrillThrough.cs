using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Workspace;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A card's link to the records behind its number: the list, its filters, and what the link says.</summary>
public sealed record DrillLink(string Url, string Text);

/// <summary>
/// From a card to the records behind it: the record list of the unit's subtree for the period,
/// filtered so that it holds exactly the records the indicator counts (its numerator; for a share, what
/// it misses, then what it is a share of). Records placed by the day they were received, surveyed, held
/// or issued are filtered by the period's days; dossiers judged at the period's end, or placed by their
/// finished time, by the set of the period that the rollup counts (<see cref="DossierSets"/>). An
/// average survey score leads to the surveys that scored its criterion low (1–2 of 5), then to all that
/// scored it (the average's denominator).
/// </summary>
public static class DrillThrough
{
    private const string ScorePrefix = "surveys.score.";

    /// <summary>
    /// The records behind one element of a chart — a bar, a point, a segment, a row of its table: the
    /// first list of its indicator (what a share misses, as on the cards), for its unit and quarter.
    /// <paramref name="category"/> and <paramref name="series"/> index <see cref="BuiltChart.Data"/>.
    /// </summary>
    public static DrillLink? ForElement(BuiltChart chart, int category, int series, string unitCode, Period period)
    {
        var codes = chart.Definition.Indicators;
        (string Indicator, string Unit, Period Period)? element = chart.Data.Kind switch
        {
            ChartKind.Bullet => (codes[category], unitCode, period),
            ChartKind.Trend => (codes[series], unitCode, chart.Periods![category]),
            ChartKind.Stacked => (codes[series], unitCode, chart.Periods![category]),
            _ => chart.UnitCodes is { } units ? (codes[0], units[category], period) : null,
        };
        return element is { } e && For(IndicatorCatalogue.Get(e.Indicator), e.Unit, e.Period) is [var first, ..] ? first : null;
    }

    public static IReadOnlyList<DrillLink> For(IndicatorDefinition indicator, string unitCode, Period period)
    {
        var days = $"unit={Uri.EscapeDataString(unitCode)}&from={Dates.Show(period.FirstDay)}&to={Dates.Show(period.EndExclusive.AddDays(-1))}";
        DrillLink Dossiers(string filter, string vi, string en) => new($"/dossiers?{days}{filter}", Lang.T(vi, en));
        DrillLink Surveys(string filter, string vi, string en) => new($"/surveys?{days}{filter}", Lang.T(vi, en));
        DrillLink Letters(string kind) => new($"/letters?{days}&kind={kind}&state=Issued", Lang.T("Xem các thư", "See the letters"));

        // Sets judged at the period's end, or placed by a time other than the day received (DossierSets).
        var judged = $"unit={Uri.EscapeDataString(unitCode)}&year={period.Year}{(period.IsYear ? "" : $"&quarter={period.Quarter}")}";
        DrillLink Set(DossierSet set, string vi, string en) => new($"/dossiers?{judged}&set={DossierSets.Name(set)}", Lang.T(vi, en));
        return indicator.Code switch
        {
            C.DossiersReceived => [Dossiers("", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedCounter => [Dossiers("&channel=Counter", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedPostal => [Dossiers("&channel=PublicPostal", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedPartlyOnline => [Dossiers("&level=PartlyOnline", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedFullyOnline => [Dossiers("&level=FullyOnline", "Xem các hồ sơ", "See the dossiers")],
            C.OnlineShare => [Dossiers("&level=NotOnline", "Hồ sơ chưa trực tuyến", "Dossiers not online"), Dossiers("", "Tất cả hồ sơ", "All dossiers")],
            C.FullyOnlineShare => [Dossiers("&level=FullyOnline", "Hồ sơ toàn trình", "Fully online dossiers"), Dossiers("", "Tất cả hồ sơ", "All dossiers")],
            C.OnTimeShare => [Set(DossierSet.Late, "Hồ sơ trễ hạn", "Late dossiers"), Set(DossierSet.Counted, "Tất cả hồ sơ được tính", "All dossiers counted")],
            C.OverdueCount => [Set(DossierSet.Late, "Xem các hồ sơ", "See the dossiers")],
            C.ApologyCoverage => [Set(DossierSet.NotApologised, "Chưa có thư xin lỗi", "Without an apology"), Set(DossierSet.Late, "Tất cả hồ sơ trễ hạn", "All late dossiers")],
            C.ResultsPublishedShare => [Set(DossierSet.NotPublished, "Chưa công khai kết quả", "Result not published"), Set(DossierSet.Finished, "Tất cả hồ sơ đã giải quyết", "All dossiers finished")],
            C.ResultsDigitisedShare => [Set(DossierSet.NotDigitised, "Chưa số hóa kết quả", "Result not digitised"), Set(DossierSet.Finished, "Tất cả hồ sơ đã giải quyết", "All dossiers finished")],
            C.ResultsElectronicShare => [Set(DossierSet.NotElectronic, "Không có kết quả điện tử", "No electronic result"), Set(DossierSet.Finished, "Tất cả hồ sơ đã giải quyết", "All dossiers finished")],
            C.PaidOnlineShare => [Set(DossierSet.NotPaidOnline, "Chưa thanh toán trực tuyến", "Not paid online"), Set(DossierSet.Online, "Tất cả hồ sơ trực tuyến", "All online dossiers")],
            C.InterAgencyCount => [Set(DossierSet.InterAgency, "Xem các hồ sơ", "See the dossiers")],
            C.SurveyCount => [Surveys("", "Xem các phiếu", "See the surveys")],
            C.SatisfactionShare => [Surveys("&satisfied=no", "Phiếu không hài lòng", "Dissatisfied surveys"), Surveys("", "Tất cả phiếu", "All surveys")],
            _ when indicator.Unit == IndicatorUnit.Score && indicator.Code.StartsWith(ScorePrefix, StringComparison.Ordinal) =>
            [
                Surveys($"&criterion={indicator.Code[ScorePrefix.Length..]}&score=low", "Phiếu chấm điểm thấp", "Low scores"),
                Surveys($"&criterion={indicator.Code[ScorePrefix.Length..]}", "Tất cả phiếu chấm tiêu chí này", "All surveys scoring it"),
            ],
            C.ReceptionSessions => [new($"/receptions?{days}", Lang.T("Xem các buổi tiếp", "See the sessions"))],
            C.PartySecretaryReceptionsPerMonth => [new($"/receptions?{days}&rule=party-secretary", Lang.T("Các buổi Bí thư tiếp", "The secretary's sessions"))],
            C.ChairmanReceptionsPerMonth => [new($"/receptions?{days}&rule=chairman", Lang.T("Các buổi Chủ tịch, Phó Chủ tịch tiếp", "The chairman's and vice-chairmen's sessions"))],
            C.Dialogues => [new($"/dialogues?{days}", Lang.T("Xem các buổi đối thoại", "See the dialogues"))],
            C.DialogueOpinions => [new($"/dialogues/opinions?{days}", Lang.T("Xem các ý kiến", "See the opinions"))],
            C.PetitionsReceived => [new($"/petitions?{days}", Lang.T("Xem các đơn thư", "See the petitions"))],
            C.PetitionsResolvedShare => [new($"/petitions?{days}&status=Resolved", Lang.T("Đơn thư đã giải quyết", "Resolved petitions")), new($"/petitions?{days}", Lang.T("Tất cả đơn thư", "All petitions"))],
            C.LettersMarriage => [Letters("MarriageCongratulation")],
            C.LettersBirth => [Letters("BirthCongratulation")],
            C.LettersCondolence => [Letters("DeathCondolence")],
            C.LettersApology => [Letters("LateApology")],
            C.LettersThanks => [Letters("Thanks")],
            _ => [],
        };
    }
}
