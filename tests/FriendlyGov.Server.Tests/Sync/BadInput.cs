using FriendlyGov.Grpc.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// One bad request of the corpus: the method it calls, what is wrong with it, how it is sent, and
/// the answer expected — the status code, and the field path a violation must name (null when the
/// status names no field, as for a message that cannot be parsed: then <see cref="InMessage"/>).
/// </summary>
public sealed record BadInput(string Method, string What, Func<Calls, Task<Answer>> Send, StatusCode Code, string? Field, string? InMessage = null)
{
    /// <summary>What is wrong with the answer; null when it is the one expected.</summary>
    public string? Mismatch(Answer answer)
    {
        if (answer.Code != Code)
        {
            return $"got {answer.Code} \"{Shorten(answer.Message)}\", expected {Code}";
        }

        if (Field is not null && !answer.Fields.Contains(Field))
        {
            return $"no violation names {Field}; named: {(answer.Fields.Count == 0 ? "none" : string.Join(", ", answer.Fields.Take(5)))}";
        }

        return InMessage is not null && !answer.Message.Contains(InMessage, StringComparison.Ordinal)
            ? $"the message \"{Shorten(answer.Message)}\" does not say \"{InMessage}\""
            : null;
    }

    public override string ToString() => $"{Method}: {What}";

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>The answer to a call: its status, and the field paths its violations name (a BadRequest's, or a sync's REJECTED results').</summary>
public sealed record Answer(StatusCode Code, string Message, IReadOnlyList<string> Fields)
{
    public static readonly Answer Ok = new(StatusCode.OK, "", []);

    public static Answer Of(RpcException e) =>
        new(e.StatusCode, e.Status.Detail, e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? []);

    public static Answer Rejected(IEnumerable<UpsertResult> results) =>
        new(StatusCode.OK, "", [.. results.SelectMany(r => r.FieldViolations).Select(v => v.Field)]);

    /// <summary>Sends and catches: every failure to answer as expected is a finding, not an exception.</summary>
    public static async Task<Answer> Of(Func<Task<Answer>> send)
    {
        try
        {
            return await send();
        }
        catch (RpcException e)
        {
            return Of(e);
        }
    }
}

/// <summary>The clients a case calls through, all on one channel (one HTTP/2 connection) with one key.</summary>
public sealed class Calls(GrpcChannel channel)
{
    public GrpcChannel Channel { get; } = channel;

    public DossierService.DossierServiceClient Dossiers { get; } = new(channel);

    public SurveyService.SurveyServiceClient Surveys { get; } = new(channel);

    public ChangeFeedService.ChangeFeedServiceClient Feed { get; } = new(channel);

    public ReferenceService.ReferenceServiceClient Reference { get; } = new(channel);

    public IndicatorService.IndicatorServiceClient Indicators { get; } = new(channel);

    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(30);
}
