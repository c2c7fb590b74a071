using System.Diagnostics.CodeAnalysis;
using FriendlyGov.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace FriendlyGov.Server.Sync;

/// <summary>Machine-readable errors: INVALID_ARGUMENT carries google.rpc.BadRequest field violations.</summary>
public static class GrpcErrors
{
    [DoesNotReturn]
    public static void InvalidArgument(IEnumerable<FieldError> violations, string message = "The request breaks rules; see the field violations.") =>
        ThrowWithViolations(Code.InvalidArgument, violations, message);

    [DoesNotReturn]
    public static void InvalidArgument(string field, string description) => InvalidArgument([new FieldError(field, description)], $"{field}: {description}");

    [DoesNotReturn]
    public static void NotFound(string what) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, what));

    /// <summary>PERMISSION_DENIED naming the fields refused, e.g. a record's key held by a record outside the client's subtree.</summary>
    [DoesNotReturn]
    public static void PermissionDenied(IEnumerable<FieldError> violations, string message) =>
        ThrowWithViolations(Code.PermissionDenied, violations, message);

    [DoesNotReturn]
    public static void PermissionDenied(string why) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.PermissionDenied, why));

    [DoesNotReturn]
    public static void Unauthenticated(string why) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unauthenticated, why));

    [DoesNotReturn]
    private static void ThrowWithViolations(Code code, IEnumerable<FieldError> violations, string message)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Message }));
        throw new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(badRequest) } }.ToRpcException();
    }
}
