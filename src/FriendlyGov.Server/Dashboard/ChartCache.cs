using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// Rendered charts by what they show: the tag is a hash of the chart's numbers and words as read
/// from the snapshots, its format, size, density and number format. A rollup that changes a figure
/// changes the tag, so an image is never stale and nothing has to be told to forget one; what is
/// saved is the drawing and encoding, the server's main cost with several charts in flight. The
/// tag is the response's ETag too: a browser revalidating gets 304 without a byte of image.
/// </summary>
public sealed class ChartCache : IDisposable
{
    private const long Budget = 64 * 1024 * 1024;

    private readonly MemoryCache _images = new(new MemoryCacheOptions { SizeLimit = Budget });

    public static string Tag(ChartData chart, string format, int width, int height, int density)
    {
        var shown = JsonSerializer.SerializeToUtf8Bytes(new { chart, format, width, height, density, culture = CultureInfo.CurrentCulture.Name });
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(shown).AsSpan(0, 16))}\"";
    }

    public bool TryGet(string tag, out byte[] image) => _images.TryGetValue(tag, out image!);

    public void Add(string tag, byte[] image) =>
        _images.Set(tag, image, new MemoryCacheEntryOptions { Size = image.Length, SlidingExpiration = TimeSpan.FromHours(1) });

    /// <summary>The elements' areas of a chart's image (<see cref="ChartRenderer.Areas"/>), kept like the images under a tag of what the image shows.</summary>
    public IReadOnlyList<ChartArea> Areas(ChartData chart, int width, int height) =>
        _images.GetOrCreate(Tag(chart, "areas", width, height, 1), entry =>
        {
            var areas = ChartRenderer.Areas(chart, width, height);
            entry.Size = 64 + (areas.Count * 48);
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return areas;
        })!;

    public void Dispose() => _images.Dispose();
}
