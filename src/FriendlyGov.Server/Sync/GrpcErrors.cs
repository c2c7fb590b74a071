using System.Diagnostics.CodeAnalysis;
using FriendlyGov.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace FriendlyGov.Server.Sync;

/// <summary>Machine-readable errors: INVALID_ARGUMENT carries google.rpc.BadRequest field violations.</summary>
public static class GrpcErrors
{
    /// <summary>Field violations listed in one status at most; the message says how many there were.</summary>
    public const int MaxListedViolations = 100;

    /// <summary>
    /// Bytes of the serialized google.rpc.Status at most. It travels base64-encoded in the
    /// `grpc-status-details-bin` trailer, next to `grpc-message`: 4,800 bytes make about 6,400
    /// characters, which with the message stays within the 8 KiB that the gRPC HTTP/2 protocol
    /// suggests clients accept for trailers (gRPC C-core and Java keep that default; .NET's
    /// HttpClient and Node.js accept 64 KiB). A status the client cannot take never arrives: the
    /// call hangs until its deadline, and the client may drop the whole connection.
    /// </summary>
    public const int MaxStatusBytes = 4800;

    /// <summary>Characters of a message, a field path or a description at most.</summary>
    public const int MaxTextLength = 300;

    /// <summary>INVALID_ARGUMENT listing the first violations that fit (see <see cref="ThrowWithViolations"/>).</summary>
    [DoesNotReturn]
    public static void InvalidArgument(IReadOnlyList<FieldError> violations, string message = "The request breaks rules; see the field violations.", int? total = null) =>
        ThrowWithViolations(Code.InvalidArgument, violations, message, total);

    [DoesNotReturn]
    public static void InvalidArgument(string field, string description) => InvalidArgument([new FieldError(field, description)], $"{field}: {description}");

    /// <summary>INVALID_ARGUMENT for the broken rules of a request, when there are any.</summary>
    public static void ThrowIfAny(Rules rules)
    {
        if (rules.Errors.Count == 1)
        {
            InvalidArgument(rules.Errors[0].Field, rules.Errors[0].Message);
        }

        if (rules.Errors.Count > 1)
        {
            InvalidArgument(rules.Errors);
        }
    }

    /// <summary>PERMISSION_DENIED naming the fields refused, e.g. a record's key held by a record outside the client's subtree.</summary>
    [DoesNotReturn]
    public static void PermissionDenied(IReadOnlyList<FieldError> violations, string message) =>
        ThrowWithViolations(Code.PermissionDenied, violations, message, null);

    [DoesNotReturn]
    public static void NotFound(string what) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, Bounded(what)));

    [DoesNotReturn]
    public static void PermissionDenied(string why) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.PermissionDenied, Bounded(why)));

    [DoesNotReturn]
    public static void Unauthenticated(string why) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unauthenticated, Bounded(why)));

    /// <summary>
    /// A status listing the first violations that fit (at most <see cref="MaxListedViolations"/>
    /// and <see cref="MaxStatusBytes"/>); when some are left out, the message says how many there
    /// were in all (<paramref name="total"/>, or the list's count).
    /// </summary>
    [DoesNotReturn]
    private static void ThrowWithViolations(Code code, IReadOnlyList<FieldError> violations, string message, int? total)
    {
        var count = Math.Max(total ?? violations.Count, violations.Count);
        var status = new Google.Rpc.Status { Code = (int)code, Message = Bounded(message) };
        var badRequest = new BadRequest();
        var budget = MaxStatusBytes - status.CalculateSize() - 150; // room for the Any's type URL and the count sentence
        foreach (var violation in violations.Take(MaxListedViolations))
        {
            var listed = new BadRequest.Types.FieldViolation { Field = Bounded(violation.Field), Description = Bounded(violation.Message) };
            var size = listed.CalculateSize() + 3; // tag and length of the repeated entry
            if (size > budget)
            {
                break;
            }

            badRequest.FieldViolations.Add(listed);
            budget -= size;
        }

        if (badRequest.FieldViolations.Count < count)
        {
            status.Message = Bounded($"{message} The first {badRequest.FieldViolations.Count} of {count} violations are listed.");
        }

        status.Details.Add(Any.Pack(badRequest));
        throw status.ToRpcException();
    }

    private static string Bounded(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}
