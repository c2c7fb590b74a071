using System.Text;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Letters;
using MimeKit;

namespace FriendlyGov.Server.Subscriptions;

/// <summary>
/// A subscriber's mail, in Vietnamese: the scorecard's summary as the dashboard shows it (n/m targets met,
/// what was missed, each target and the other figures per section), the periodic report attached when
/// subscribed to it, and links to the dashboard and to the subscriptions page.
/// </summary>
public static class SubscriptionMail
{
    public static MimeMessage Compose(
        MailSettings settings, MailboxAddress to, AdministrativeUnit unit, Period period, ScorecardSummary summary, DateTime? closedAt, bool withScorecard, (string Name, byte[] Content)? report)
    {
        var periodText = summary.DataTo is { } dataTo ? IndicatorFormat.PeriodToDate(period, dataTo) : IndicatorFormat.Period(period);
        var verdict = summary.Running
            ? "số liệu tạm tính, chưa đánh giá"
            : $"{summary.MetCount}/{summary.JudgedCount} chỉ tiêu đạt";
        var message = new MimeMessage { Subject = $"{unit.Name} – {periodText}: {verdict}" };
        message.From.Add(settings.From!);
        message.To.Add(to);

        var text = new StringBuilder();
        text.AppendLine($"Kính gửi {to.Name},").AppendLine();
        text.Append($"Bảng chỉ số của {unit.Name}, {periodText}");
        text.AppendLine(closedAt is { } closed ? $" (đã khóa sổ ngày {VietnamTime.LocalDate(closed):dd/MM/yyyy})." : ".");
        if (withScorecard)
        {
            text.AppendLine();
            if (summary.Running)
            {
                text.AppendLine($"Kỳ chưa kết thúc: {summary.Targeted.Count} chỉ tiêu tạm tính đến {summary.DataTo:dd/MM/yyyy}, chưa đánh giá đạt hay chưa đạt.");
            }
            else
            {
                var nothing = summary.Targeted.Count - summary.JudgedCount;
                text.AppendLine($"{summary.MetCount}/{summary.JudgedCount} chỉ tiêu đạt{(nothing > 0 ? $" ({nothing} chỉ tiêu không có gì để đánh giá)" : "")}.");
                if (summary.Missed.Any())
                {
                    text.AppendLine($"Chưa đạt: {string.Join(", ", summary.Missed.Select(c => IndicatorFormat.Name(c.Indicator)))}.");
                }
            }

            if (summary.Targeted.Count > 0)
            {
                text.AppendLine().AppendLine("Chỉ tiêu:");
                foreach (var card in summary.Targeted)
                {
                    text.AppendLine($"- {IndicatorFormat.Name(card.Indicator)}: {IndicatorFormat.Value(card.Current.Value, card.Indicator.Unit)} "
                        + $"(chỉ tiêu {IndicatorFormat.TargetSign(card.Indicator)} {IndicatorFormat.Value(card.Current.Target, card.Indicator.Unit)}) – {card.StateText}");
                }
            }

            foreach (var (section, cards) in summary.Sections)
            {
                text.AppendLine().AppendLine($"{section.TitleVi}:");
                foreach (var card in cards)
                {
                    text.AppendLine($"- {IndicatorFormat.Name(card.Indicator)}: {(card.State == "no-value" ? card.StateText : IndicatorFormat.Value(card.Current.Value, card.Indicator.Unit))}");
                }
            }
        }

        var baseUrl = settings.PublicBaseUrl!.ToString().TrimEnd('/');
        text.AppendLine().AppendLine($"Xem bảng chỉ số: {baseUrl}/dashboard?unit={Uri.EscapeDataString(unit.Code)}&year={period.Year}&quarter={period.Quarter}");
        if (report is { } attached)
        {
            text.AppendLine($"Báo cáo định kỳ đính kèm: {attached.Name}.");
        }

        text.AppendLine().AppendLine($"Thư gửi tự động theo đăng ký nhận thư của Quý vị. Xem hoặc hủy đăng ký: {baseUrl}/subscriptions");

        var body = new BodyBuilder { TextBody = text.ToString() };
        if (report is { } docx)
        {
            body.Attachments.Add(docx.Name, docx.Content, ContentType.Parse(LetterDocx.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
