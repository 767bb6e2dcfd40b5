using System.Reflection;

namespace ResumePair.Messaging.Outbox;

/// <summary>
/// The message types an outbox may carry, by full type name. A row names its type as text, so the relay must
/// never turn arbitrary text from the database into a <see cref="Type"/>: only registered types are resolvable.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    /// <summary>Registers every public, non-abstract class (records included) in the given assemblies' namespaces.</summary>
    public OutboxMessageTypes AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, Namespace: not null }))
            Add(type);
        return this;
    }

    public OutboxMessageTypes Add(Type type)
    {
        _byName[Name(type)] = type;
        return this;
    }

    public static string Name(Type type) => type.FullName ?? throw new ArgumentException($"{type} has no full name.", nameof(type));

    public bool TryResolve(string name, out Type type) => _byName.TryGetValue(name, out type!);

    /// <summary>Wraps the rows of one type that a relay batch claimed into one bus message.</summary>
    public delegate object Envelope(IReadOnlyList<(Guid MessageId, object Message)> items);

    private readonly Dictionary<Type, Envelope> _envelopes = new();

    /// <summary>
    /// Rows of <typeparamref name="T"/> claimed together are published as ONE message built by
    /// <paramref name="envelope"/> (registered too), instead of one message each: for high-volume internal messages
    /// whose per-message broker and consume cost would dominate. Each item keeps its own message id, and the
    /// envelope's consumer must deduplicate per item with it (a crash between publish and commit republishes the
    /// rows, possibly grouped differently).
    /// </summary>
    public OutboxMessageTypes Batch<T, TEnvelope>(Func<IReadOnlyList<(Guid MessageId, T Message)>, TEnvelope> envelope) where T : class where TEnvelope : class
    {
        Add(typeof(T));
        Add(typeof(TEnvelope));
        _envelopes[typeof(T)] = items => envelope(items.Select(i => (i.MessageId, (T)i.Message)).ToList());
        return this;
    }

    public bool TryGetEnvelope(Type type, out Envelope envelope) => _envelopes.TryGetValue(type, out envelope!);

    public bool Contains(Type type) => _byName.TryGetValue(Name(type), out var t) && t == type;
}
