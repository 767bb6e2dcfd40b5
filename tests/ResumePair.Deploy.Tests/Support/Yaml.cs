using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ResumePair.Deploy.Tests.Support;

/// <summary>YAML as plain trees: mappings are <see cref="Map"/>, sequences <see cref="List{T}"/>, scalars
/// strings.</summary>
public sealed class Map : Dictionary<string, object?>
{
    public Map() : base(StringComparer.Ordinal) { }

    public string? Str(string key) => TryGetValue(key, out var v) ? v as string : null;

    public Map? Obj(string key) => TryGetValue(key, out var v) ? v as Map : null;

    public List<object?> Seq(string key) => TryGetValue(key, out var v) && v is List<object?> list ? list : [];

    public IEnumerable<Map> Maps(string key) => Seq(key).OfType<Map>();

    /// <summary>Follows a dotted path of mapping keys ("spec.template.spec").</summary>
    public Map? Path(string dotted)
    {
        Map? current = this;
        foreach (var part in dotted.Split('.'))
            current = current?.Obj(part);
        return current;
    }
}

/// <summary>One document of a YAML file, with where it came from for messages.</summary>
public sealed record YamlDocument(string File, int Index, Map Root)
{
    public string? Kind => Root.Str("kind");
    public string? Name => Root.Obj("metadata")?.Str("name");
    public override string ToString() => $"{File}#{Index} ({Kind} {Name})";
}

public static class Yaml
{
    /// <summary>Every document of a (multi-document) YAML file; throws with the file name on a syntax error.</summary>
    public static IReadOnlyList<YamlDocument> Load(string path, string displayName)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, displayName);
    }

    /// <summary>Every document of YAML text (e.g. a config file embedded in a ConfigMap).</summary>
    public static IReadOnlyList<YamlDocument> Parse(TextReader reader, string displayName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{displayName}: not well-formed YAML: {e.Message}", e);
        }
        return stream.Documents
            .Select((d, i) => (d, i))
            .Where(x => x.d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(x => new YamlDocument(displayName, x.i, Convert(x.d.RootNode) as Map
                ?? throw new InvalidDataException($"{displayName}#{x.i}: the document is not a mapping")))
            .ToList();
    }

    public static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => ConvertMap(m),
        YamlSequenceNode s => s.Children.Select(Convert).ToList(),
        YamlScalarNode s => s.Value,
        _ => null,
    };

    private static Map ConvertMap(YamlMappingNode node)
    {
        var map = new Map();
        foreach (var (key, value) in node.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (name == "<<")
            {
                // Compose's merge keys (x-service anchors): the merged mapping's keys, overridden by explicit ones.
                foreach (var source in value is YamlSequenceNode many ? many.Children : [value])
                    foreach (var (k, v) in ConvertMap((YamlMappingNode)source))
                        map.TryAdd(k, v);
                continue;
            }
            if (map.ContainsKey(name) && !IsMergedFrom(node, name))
                throw new InvalidDataException($"duplicate key '{name}'");
            map[name] = Convert(value);
        }
        return map;
    }

    private static bool IsMergedFrom(YamlMappingNode node, string name) =>
        node.Children.Count(c => ((YamlScalarNode)c.Key).Value == name) == 1;
}
