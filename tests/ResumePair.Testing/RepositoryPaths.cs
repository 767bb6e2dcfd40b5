namespace ResumePair.Testing;

/// <summary>Finds the repository (the folder holding ResumePair.sln) from wherever the tests run.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? Root { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary><c>&lt;repo&gt;/.data/tests</c> (git-ignored), or the temp folder outside a checkout.</summary>
    public static string TestDataRoot =>
        Root is null ? Path.Combine(Path.GetTempPath(), "resumepair-tests") : Path.Combine(Root, ".data", "tests");

    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ResumePair.sln"))) return dir.FullName;
        return null;
    }
}
