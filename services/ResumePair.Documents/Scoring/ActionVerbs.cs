namespace ResumePair.Documents.Scoring;

/// <summary>
/// Verbs a highlight can lead with (past and present tense), from the lists career services hand out. "Responsible
/// for", "worked on", "helped" and "duties included" are missing on purpose: they say what was assigned, not done.
/// </summary>
internal static class ActionVerbs
{
    private static readonly string[] Stems =
    [
        "accelerate", "achieve", "acquire", "adapt", "administer", "advise", "align", "analyze", "analyse", "architect",
        "automate", "audit", "author", "boost", "build", "built", "champion", "coach", "collaborate", "conceive",
        "conduct", "consolidate", "coordinate", "create", "cut", "debug", "decrease", "define", "deliver", "deploy",
        "design", "develop", "devise", "direct", "double", "drive", "drove", "earn", "eliminate", "enable", "engineer",
        "enhance", "establish", "evaluate", "execute", "expand", "facilitate", "forecast", "found", "generate", "grow",
        "grew", "guide", "halve", "headed", "hire", "identify", "implement", "improve", "increase", "influence",
        "initiate", "innovate", "install", "integrate", "introduce", "invent", "launch", "lead", "led", "lower",
        "maintain", "manage", "mentor", "merge", "migrate", "model", "moderate", "modernize", "monitor", "negotiate",
        "operate", "optimize", "optimise", "orchestrate", "organize", "organise", "overhaul", "own", "oversee",
        "oversaw", "pilot", "pioneer", "plan", "prepare", "present", "prioritize", "produce", "program", "programme",
        "propose", "prototype", "publish", "raise", "rebuild", "rebuilt", "recruit", "redesign", "reduce", "refactor",
        "resolve", "restructure", "revamp", "run", "ran", "save", "scale", "secure", "ship", "simplify", "sold", "sell",
        "solve", "spearhead", "standardize", "streamline", "strengthen", "supervise", "support", "taught", "teach",
        "test", "train", "transform", "translate", "triple", "troubleshoot", "unify", "upgrade", "won", "win", "write",
        "wrote", "written",
    ];

    /// <summary>Each stem with its usual inflections (-s, -ed, -d, -ing), lower case.</summary>
    public static readonly HashSet<string> Words = Stems
        .SelectMany(s => new[] { s, s + "s", s + "es", s + "ed", s + "d", s.EndsWith('e') ? s[..^1] + "ing" : s + "ing",
            s.EndsWith('y') ? s[..^1] + "ied" : s, s.EndsWith('y') ? s[..^1] + "ies" : s,
            // cut → cutting, plan → planned, ship → shipped, win → winning
            s + s[^1] + "ed", s + s[^1] + "ing" })
        .ToHashSet(StringComparer.Ordinal);
}
