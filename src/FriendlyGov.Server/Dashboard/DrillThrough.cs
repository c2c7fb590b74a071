using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A card's link to the records behind its number: the list, its filters, and what the link says.</summary>
public sealed record DrillLink(string Url, string Text);

/// <summary>
/// From a card to the records behind it: the record list of the unit's subtree for the period's days,
/// filtered so that it holds exactly the records the indicator counts (its numerator; for a share, also
/// what it is a share of). An indicator whose records no list can select exactly — late and overdue
/// dossiers judged at the period's end, sessions of the chairman and vice-chairmen together, opinions —
/// has no link rather than a list that would not add up.
/// </summary>
public static class DrillThrough
{
    public static IReadOnlyList<DrillLink> For(IndicatorDefinition indicator, string unitCode, Period period)
    {
        var days = $"unit={Uri.EscapeDataString(unitCode)}&from={Dates.Show(period.FirstDay)}&to={Dates.Show(period.EndExclusive.AddDays(-1))}";
        DrillLink Dossiers(string filter, string vi, string en) => new($"/dossiers?{days}{filter}", Lang.T(vi, en));
        DrillLink Surveys(string filter, string vi, string en) => new($"/surveys?{days}{filter}", Lang.T(vi, en));
        DrillLink Letters(string kind) => new($"/letters?{days}&kind={kind}&state=Issued", Lang.T("Xem các thư", "See the letters"));
        return indicator.Code switch
        {
            C.DossiersReceived => [Dossiers("", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedCounter => [Dossiers("&channel=Counter", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedPostal => [Dossiers("&channel=PublicPostal", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedPartlyOnline => [Dossiers("&level=PartlyOnline", "Xem các hồ sơ", "See the dossiers")],
            C.DossiersReceivedFullyOnline => [Dossiers("&level=FullyOnline", "Xem các hồ sơ", "See the dossiers")],
            C.OnlineShare => [Dossiers("&level=NotOnline", "Hồ sơ chưa trực tuyến", "Dossiers not online"), Dossiers("", "Tất cả hồ sơ", "All dossiers")],
            C.FullyOnlineShare => [Dossiers("&level=FullyOnline", "Hồ sơ toàn trình", "Fully online dossiers"), Dossiers("", "Tất cả hồ sơ", "All dossiers")],
            C.SurveyCount => [Surveys("", "Xem các phiếu", "See the surveys")],
            C.SatisfactionShare => [Surveys("&satisfied=no", "Phiếu không hài lòng", "Dissatisfied surveys"), Surveys("", "Tất cả phiếu", "All surveys")],
            C.ReceptionSessions => [new($"/receptions?{days}", Lang.T("Xem các buổi tiếp", "See the sessions"))],
            C.PartySecretaryReceptionsPerMonth => [new($"/receptions?{days}&role=PartySecretary", Lang.T("Các buổi Bí thư tiếp", "The secretary's sessions"))],
            C.Dialogues => [new($"/dialogues?{days}", Lang.T("Xem các buổi đối thoại", "See the dialogues"))],
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
