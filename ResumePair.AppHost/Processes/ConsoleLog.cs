namespace ResumePair.AppHost.Processes;

/// <summary>
/// The launcher's one output stream: every child's lines prefixed with the child's name, plus the launcher's
/// own lines as <c>[apphost]</c>. Colours only on a terminal, so logs captured by tests and CI stay plain.
/// </summary>
public sealed class ConsoleLog
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkMagenta];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colours = new(StringComparer.Ordinal);
    private readonly bool _useColour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Info(string message) => Write("apphost", message);

    public void Error(string message) => Write("apphost", message, isError: true);

    public void Write(string source, string line, bool isError = false)
    {
        lock (_gate)
        try
        {
            if (_useColour)
            {
                Console.ForegroundColor = ColourOf(source);
                Console.Write($"[{source}] ");
                Console.ResetColor();
                if (isError) Console.ForegroundColor = ConsoleColor.Red;
                Console.WriteLine(line);
                if (isError) Console.ResetColor();
            }
            else
            {
                Console.WriteLine($"[{source}] {line}");
            }
        }
        catch (IOException)
        {
            // Whoever read our output went away (closed pipe); the launcher keeps running regardless.
        }
    }

    /// <summary>Unprefixed output (the resource table, the ready line).</summary>
    public void Plain(string text)
    {
        lock (_gate)
        {
            try { Console.WriteLine(text); }
            catch (IOException) { }
        }
    }

    private ConsoleColor ColourOf(string source)
    {
        if (source == "apphost") return ConsoleColor.White;
        if (!_colours.TryGetValue(source, out var colour))
            _colours[source] = colour = Palette[_colours.Count % Palette.Length];
        return colour;
    }
}
