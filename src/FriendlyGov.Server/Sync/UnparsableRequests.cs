using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// A request message that cannot be parsed (bytes that are no valid protobuf of the request type)
/// is answered INVALID_ARGUMENT "The request message cannot be parsed as friendlygov.v1.X: …".
///
/// grpc-dotnet parses a unary or server-streaming request before any interceptor or service code
/// runs, with the request marshaller of the method, and reports any exception thrown there as
/// UNKNOWN "Exception was thrown by handler." (a client-streaming request is parsed when the
/// service reads it, with the same marshaller). The marshaller comes from the generated
/// BindService, which hands each method to a binder; so the one place to catch a parse failure is
/// that binder. This provider replaces grpc-dotnet's default one (BinderServiceMethodProvider) and
/// binds exactly as it does — the service's overrides as handlers, the same endpoint metadata —
/// with each request marshaller wrapped.
/// </summary>
public static class UnparsableRequests
{
    private const string DefaultProvider = "Grpc.AspNetCore.Server.Model.Internal.BinderServiceMethodProvider`1";

    public static IServiceCollection AddUnparsableRequestStatus(this IServiceCollection services)
    {
        var defaults = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.FullName == DefaultProvider).ToList();
        if (defaults.Count != 1)
        {
            throw new InvalidOperationException($"Call AddUnparsableRequestStatus after AddGrpc; grpc-dotnet's {DefaultProvider} was not found to be replaced.");
        }

        services.Remove(defaults[0]);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParsingServiceMethodProvider<>));
        return services;
    }

    /// <summary>The status of a message that cannot be parsed as <typeparamref name="TRequest"/>.</summary>
    public static RpcException Unparsable<TRequest>(InvalidProtocolBufferException e) =>
        new(new Status(StatusCode.InvalidArgument, $"The request message cannot be parsed as {MessageName<TRequest>()}: {e.Message}"));

    private static string MessageName<TRequest>() =>
        typeof(TRequest).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : typeof(TRequest).Name;

    private sealed class ParsingServiceMethodProvider<TService> : IServiceMethodProvider<TService>
        where TService : class
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
        {
            // The generated service base carries [BindServiceMethod(typeof(Service), "BindService")].
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind)
                {
                    var bindService = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                        ?? throw new InvalidOperationException($"{bind.BindType}.{bind.BindMethodName} not found.");
                    bindService.Invoke(null, [new ParsingBinder<TService>(context), null]);
                    return;
                }
            }
        }
    }

    private sealed class ParsingBinder<TService>(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
        where TService : class
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Parsing(method), Metadata(method.Name, out var handlerMethod, typeof(TRequest), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Parsing(method), Metadata(method.Name, out var handlerMethod, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Parsing(method), Metadata(method.Name, out var handlerMethod, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Parsing(method), Metadata(method.Name, out var handlerMethod, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                handlerMethod.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());

        private static Method<TRequest, TResponse> Parsing<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var deserialize = method.RequestMarshaller.ContextualDeserializer;
            var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
            {
                try
                {
                    return deserialize(context);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw Unparsable<TRequest>(e);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>The service's implementation of the method (its override, or the generated base's UNIMPLEMENTED one) and the endpoint metadata grpc-dotnet gives it.</summary>
        private static List<object> Metadata(string name, out MethodInfo handlerMethod, params Type[] parameters)
        {
            handlerMethod = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService)} has no method {name}.");
            return
            [
                .. typeof(TService).GetCustomAttributes(inherit: true),
                .. handlerMethod.GetCustomAttributes(inherit: true),
                new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
            ];
        }
    }
}
