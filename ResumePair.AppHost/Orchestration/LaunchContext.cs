using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Orchestration;

/// <summary>Everything the environment of a launched project depends on, once infrastructure is up.</summary>
/// <param name="ConnectionStrings">Per database / broker / server resource, what goes into ConnectionStrings__name.</param>
public sealed record LaunchContext(
    LaunchPlan Plan,
    IReadOnlyDictionary<IResource, string> ConnectionStrings,
    LauncherOptions Options,
    string DataDirectory,
    int LauncherPid);
