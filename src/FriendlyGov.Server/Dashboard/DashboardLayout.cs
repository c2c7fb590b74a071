using System.Text.Json;
using System.Text.Json.Serialization;
using FriendlyGov.Domain.Indicators;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A group of KPI cards.</summary>
public sealed record CardSection(string TitleVi, string TitleEn, IReadOnlyList<string> Indicators);

/// <summary>
/// A chart of the dashboard: kind, indicators and titles ({period} is replaced by the period shown, {span} by the
/// quarters or years a trend draws); how far a trend looks back (quarters, or years for a year); how many units
/// below a grid of small multiples draws at most.
/// </summary>
public sealed record ChartDefinition(string Id, ChartKind Kind, string TitleVi, string TitleEn, IReadOnlyList<string> Indicators, int Quarters = 8, int Years = 5, int MaxUnits = 12);

/// <summary>
/// The dashboard as data (charts/dashboard.json): which cards and charts, in which order. Read and
/// checked once at start, so a wrong code stops the server with a message instead of a blank chart.
/// </summary>
public sealed record DashboardLayout(IReadOnlyList<CardSection> Sections, IReadOnlyList<ChartDefinition> Charts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public ChartDefinition? Chart(string id) => Charts.FirstOrDefault(c => c.Id == id);

    public static DashboardLayout Load(string path)
    {
        DashboardLayout? layout;
        try
        {
            using var stream = File.OpenRead(path);
            layout = JsonSerializer.Deserialize<DashboardLayout>(stream, Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The dashboard layout {path} cannot be read: {e.Message}", e);
        }

        var problems = layout is null ? ["it is empty"] : layout.Problems().ToList();
        return problems.Count == 0
            ? layout!
            : throw new InvalidOperationException($"The dashboard layout {path} is wrong: {string.Join("; ", problems)}.");
    }

    private IEnumerable<string> Problems()
    {
        var unknown = Sections.SelectMany(s => s.Indicators).Concat(Charts.SelectMany(c => c.Indicators))
            .Where(code => !IndicatorCatalogue.TryGet(code, out _)).Distinct();
        foreach (var code in unknown)
        {
            yield return $"no indicator has the code '{code}'";
        }

        foreach (var chart in Charts)
        {
            if (string.IsNullOrWhiteSpace(chart.Id) || !chart.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                yield return $"chart id '{chart.Id}' must be lower-case letters, digits and hyphens";
            }

            if (chart.Indicators.Count == 0)
            {
                yield return $"chart '{chart.Id}' names no indicator";
            }

            if (chart.Quarters is < 2 or > 40)
            {
                yield return $"chart '{chart.Id}' must span 2 to 40 quarters";
            }

            if (chart.Years is < 2 or > 20)
            {
                yield return $"chart '{chart.Id}' must span 2 to 20 years";
            }

            if (chart.MaxUnits is < 1 or > 60)
            {
                yield return $"chart '{chart.Id}' must draw 1 to 60 units (maxUnits)";
            }

            if (chart.Kind == ChartKind.SmallMultiples && chart.Indicators.Count > 1)
            {
                yield return $"chart '{chart.Id}': small multiples show one indicator, not {chart.Indicators.Count}";
            }
        }

        foreach (var id in Charts.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"chart id '{id}' is used twice";
        }
    }
}
