using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FriendlyGov.Domain;

/// <summary>
/// A record synced with other systems (dossiers, surveys). Every committed change gets the next
/// change sequence, in commit order, which is what the change feed pages by; the content hash
/// tells a resent record (same version, same content) from a conflicting one.
/// </summary>
public interface IChangeFeedRecord
{
    long ChangeSequence { get; set; }

    string ContentHash { get; }

    long SourceVersion { get; }
}

/// <summary>
/// A record that counts in a unit's indicators. Writing it marks the unit for the incremental
/// rollup from the quarter the record is placed in.
/// </summary>
public interface IRolledUpRecord
{
    int UnitId { get; }

    /// <summary>The stored quarter key (yyyyQ) that places the record, by the name of its property.</summary>
    string QuarterProperty { get; }
}

/// <summary>Builds the content hash from a record's fields in a fixed, culture-free form.</summary>
public sealed class ContentHasher
{
    private readonly StringBuilder _text = new();

    public ContentHasher Add(object? value)
    {
        _text.Append(value switch
        {
            null => "∅",
            DateTime time => time.Ticks.ToString(CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        });
        _text.Append('\u001f');
        return this;
    }

    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString())))[..32];
}
