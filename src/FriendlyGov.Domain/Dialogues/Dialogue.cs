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
            rules.RequiredFreeText(Opinions[i].Content, $"opinions[{i}].content", 4000)
                .OptionalFreeText(Opinions[i].FollowUp, $"opinions[{i}].follow_up", 4000);
        }

        return rules.Errors;
    }
}

/// <summary>An opinion raised in a dialogue, with what was done about it.</summary>
public sealed class DialogueOpinion
{
    public long Id { get; set; }

    public long DialogueId { get; set; }

    public string Content { get; set; } = "";

    public string? FollowUp { get; set; }

    public bool Resolved { get; set; }
}
