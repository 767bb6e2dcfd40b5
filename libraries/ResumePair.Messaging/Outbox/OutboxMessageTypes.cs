using System.Reflection;

namespace ResumePair.Messaging.Outbox;

/// <summary>
/// The message types an outbox may carry, by full type name. A row names its type as text, so the relay must
/// never turn arbitrary text from the database into a <see cref="Type"/>: only registered types are resolvable.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    /// <summary>Registers every public, non-abstract class (records included) in the given assemblies'
    /// namespaces.</summary>
    public OutboxMessageTypes AddAssembly(Assembly assembly)
    {
        foreach (
            var type in assembly
                .GetExportedTypes()
                .Where(t =>
                    t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, Namespace: not null }
                )
        )
            Add(type);
        return this;
    }

    public OutboxMessageTypes Add(Type type)
    {
        _byName[Name(type)] = type;
        return this;
    }

    public static string Name(Type type) =>
        type.FullName ?? throw new ArgumentException($"{type} has no full name.", nameof(type));

    public bool TryResolve(string name, out Type type) => _byName.TryGetValue(name, out type!);

    public bool Contains(Type type) => _byName.TryGetValue(Name(type), out var t) && t == type;
}
