namespace ResumePair.AppHost.Model;

public static class RepositoryRoot
{
    /// <summary>The folder holding ResumePair.sln above <paramref name="start"/>, else the current directory.</summary>
    public static string Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ResumePair.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
