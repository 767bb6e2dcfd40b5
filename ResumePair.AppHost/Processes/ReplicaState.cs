namespace ResumePair.AppHost.Processes;

public enum ReplicaState
{
    NotStarted,
    Starting,
    Healthy,
    Restarting,
    Stopping,
    Stopped,
}
