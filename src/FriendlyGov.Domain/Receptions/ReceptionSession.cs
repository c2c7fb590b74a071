using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Receptions;

public enum HostRole
{
    Unspecified = 0,
    PartySecretary = 1, // Bí thư Đảng ủy — the rule: 2 sessions a month
    Chairman = 2, // Chủ tịch UBND — with the vice-chairmen: 4 a month
    ViceChairman = 3, // Phó Chủ tịch UBND
    Official = 4, // công chức
}

/// <summary>How a matter raised at a reception was dealt with (Law on Citizen Reception 2013, art. 26–28).</summary>
public enum MatterHandling
{
    Unspecified = 0,
    AnsweredOnTheSpot = 1, // giải thích, hướng dẫn, trả lời trực tiếp
    AcceptedForResolution = 2, // tiếp nhận đơn để giải quyết theo thẩm quyền
    ForwardedToCompetentLevel = 3, // chuyển, hướng dẫn đến cơ quan có thẩm quyền
    Declined = 4, // từ chối tiếp (art. 9: not within the rules of reception)
}

/// <summary>A citizen reception session (buổi tiếp công dân).</summary>
public sealed class ReceptionSession : IRecord, IRolledUpRecord
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public DateOnly HeldOn { get; set; }

    public string HostName { get; set; } = "";

    public HostRole HostRole { get; set; }

    public int CitizensReceived { get; set; }

    /// <summary>The session's heading in the reception book, e.g. "Tiếp công dân định kỳ".</summary>
    public string Topic { get; set; } = "";

    public string? Outcome { get; set; }

    /// <summary>The matters (vụ việc) raised, each with how it was handled.</summary>
    public List<ReceptionMatter> Matters { get; set; } = [];

    public int HeldQuarter { get; set; }

    public string QuarterProperty => nameof(HeldQuarter);

    public void RefreshDerived() => HeldQuarter = Period.QuarterKey(HeldOn);

    public IReadOnlyList<FieldError> Validate()
    {
        var rules = new Rules()
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Date(HeldOn, "held_on")
            .Required(HostName, "host_name", 200)
            .Defined(HostRole, "host_role")
            .NotNegative(CitizensReceived, "citizens_received")
            .Required(Topic, "topic", 1000)
            .OptionalFreeText(Outcome, "outcome", 4000)
            .Check(Matters.Count == 0 || CitizensReceived > 0, "citizens_received", "must be at least 1 when matters were raised");
        for (var i = 0; i < Matters.Count; i++)
        {
            rules.RequiredFreeText(Matters[i].Content, $"matters[{i}].content", 2000)
                .Defined(Matters[i].Handling, $"matters[{i}].handling")
                .OptionalFreeText(Matters[i].Result, $"matters[{i}].result", 2000);
        }

        return rules.Errors;
    }
}

/// <summary>One matter (vụ việc) raised at a reception and how it was handled.</summary>
public sealed class ReceptionMatter
{
    public long Id { get; set; }

    public long ReceptionSessionId { get; set; }

    public string Content { get; set; } = "";

    public MatterHandling Handling { get; set; }

    public string? Result { get; set; }
}

/// <summary>
/// The monthly reception rule of the model (Regulation 11-QĐi/TW for the party secretary; the
/// commune's reception rules for the chairman): which host roles count towards which indicator.
/// The numbers (2 and 4 a month) are targets, read from the target table like every other target.
/// </summary>
public sealed record ReceptionRule(string IndicatorCode, IReadOnlyList<HostRole> Roles)
{
    public static ReceptionRule PartySecretary { get; } = new(IndicatorCodes.PartySecretaryReceptionsPerMonth, [HostRole.PartySecretary]);

    public static ReceptionRule Chairman { get; } = new(IndicatorCodes.ChairmanReceptionsPerMonth, [HostRole.Chairman, HostRole.ViceChairman]);

    public static IReadOnlyList<ReceptionRule> All { get; } = [PartySecretary, Chairman];
}
