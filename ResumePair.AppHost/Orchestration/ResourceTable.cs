using System.Text;

namespace ResumePair.AppHost.Orchestration;

public static class ResourceTable
{
    public static string Format(IEnumerable<ResourceRow> rows)
    {
        var list = rows.ToList();
        string[] header = ["NAME", "TYPE", "STATE", "URL"];
        var widths = new[]
        {
            Math.Max(header[0].Length, list.Select(r => r.Name.Length).DefaultIfEmpty().Max()),
            Math.Max(header[1].Length, list.Select(r => r.Type.Length).DefaultIfEmpty().Max()),
            Math.Max(header[2].Length, list.Select(r => r.State.Length).DefaultIfEmpty().Max()),
        };
        var text = new StringBuilder();
        Line(header[0], header[1], header[2], header[3]);
        foreach (var r in list) Line(r.Name, r.Type, r.State, r.Url);
        return text.ToString().TrimEnd();

        void Line(string name, string type, string state, string url) =>
            text.Append("  ").Append(name.PadRight(widths[0])).Append("  ").Append(type.PadRight(widths[1]))
                .Append("  ").Append(state.PadRight(widths[2])).Append("  ").AppendLine(url);
    }
}
