namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// Bounds the charts drawn at once to the machine's cores: each holds a bitmap of up to
/// <see cref="ChartRenderer.MaxSize"/>² pixels and a core while it draws, so more at once would only
/// grow memory and wait. A request that cannot start drawing within <see cref="Wait"/> is answered
/// 503 with Retry-After.
/// </summary>
public sealed class ChartRenderGate : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public int Capacity { get; } = Environment.ProcessorCount;

    /// <summary>True once a slot is taken (give it back with <see cref="Release"/>); false after <see cref="Wait"/>.</summary>
    public Task<bool> EnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(Wait, cancellationToken);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
