using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Dialogues;

/// <summary>A direct dialogue between the unit's leaders and the people (đối thoại trực tiếp).</summary>
public sealed class Dialogue : IRecord, IRolledUpRecord
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public DateOnly HeldOn { get; set; }

    public string HostName { get; set; } = "";

    public int Participants { get; set; }

    public string Topic { get; set; } = "";

    public List<DialogueOpinion> Opinions { get; set; } = [];

    public int HeldQuarter { get; set; }

    public string QuarterProperty => nameof(HeldQuarter);

    public void RefreshDerived() => HeldQuarter = Period.QuarterKey(HeldOn);

    public IReadOnlyList<FieldError> Validate()
    {
        var rules = new Rules()
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Date(HeldOn, "held_on")
            .Required(HostName, "host_name", 200)
            .NotNegative(Participants, "participants")
            .Required(Topic, "topic", 1000);
        for (var i = 0; i < Opinions.Count; i++)
        {
            var opinion = Opinions[i];
            var path = $"opinions[{i}]";
            rules.RequiredFreeText(opinion.Content, $"{path}.content", 4000)
                .Optional(opinion.AssignedTo, $"{path}.assigned_to", 200)
                .Date(opinion.PromisedOn, $"{path}.promised_on")
                .Check(opinion.PromisedOn is null || HeldOn == default || opinion.PromisedOn >= HeldOn, $"{path}.promised_on", "must not be before held_on")
                .OptionalFreeText(opinion.FollowUp, $"{path}.follow_up", 4000)
                .Date(opinion.AnsweredOn, $"{path}.answered_on")
                .Check(opinion.AnsweredOn is null || !string.IsNullOrWhiteSpace(opinion.FollowUp), $"{path}.follow_up", "is required when answered_on is set")
                .Check(opinion.AnsweredOn is null || HeldOn == default || opinion.AnsweredOn >= HeldOn, $"{path}.answered_on", "must not be before held_on")
                .Check(!opinion.Resolved || !string.IsNullOrWhiteSpace(opinion.FollowUp), $"{path}.follow_up", "is required when the opinion is closed");
        }

        return rules.Errors;
    }
}

/// <summary>
/// An opinion raised in a dialogue, with its follow-up: who must answer it and by when, the answer
/// given (<see cref="FollowUp"/>) and on which day, and whether it is closed (<see cref="Resolved"/>).
/// </summary>
public sealed class DialogueOpinion
{
    public long Id { get; set; }

    public long DialogueId { get; set; }

    public string Content { get; set; } = "";

    /// <summary>The officer or department asked to answer (người, bộ phận được giao).</summary>
    public string? AssignedTo { get; set; }

    /// <summary>The day an answer was promised by (hẹn trả lời).</summary>
    public DateOnly? PromisedOn { get; set; }

    /// <summary>The answer given (nội dung trả lời).</summary>
    public string? FollowUp { get; set; }

    public DateOnly? AnsweredOn { get; set; }

    /// <summary>Closed: the answer settled the opinion (đã kết thúc).</summary>
    public bool Resolved { get; set; }

    /// <summary>Open past its promised day: the follow-up is late.</summary>
    public bool IsOverdueOn(DateOnly today) => !Resolved && PromisedOn is { } promised && promised < today;
}
