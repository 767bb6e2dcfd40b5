using Cluster.Bench;

// Usage (build Release first: dotnet build ResumePair.sln -c Release):
// dotnet bench/Cluster.Bench/bin/Release/net10.0/Cluster.Bench.dll drills [users=20] [before-s=8] [after-s=25]
// [only-drills-named]
// dotnet bench/Cluster.Bench/bin/Release/net10.0/Cluster.Bench.dll load [renderers=1,2,4] [users=40] [window-s=60]
// [export-every-s=2]
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;

switch (Arg(0, ""))
{
    case "drills":
        await FaultDrills.RunAsync(
            int.Parse(Arg(1, "20")),
            TimeSpan.FromSeconds(int.Parse(Arg(2, "8"))),
            TimeSpan.FromSeconds(int.Parse(Arg(3, "25"))),
            args.Length > 4 ? args[4] : null,
            cts.Token
        );
        break;
    case "load":
        await MixedLoad.RunAsync(
            Arg(1, "1,2,4").Split(',').Select(int.Parse).ToArray(),
            int.Parse(Arg(2, "40")),
            TimeSpan.FromSeconds(int.Parse(Arg(3, "60"))),
            TimeSpan.FromSeconds(double.Parse(Arg(4, "2"), System.Globalization.CultureInfo.InvariantCulture)),
            cts.Token
        );
        break;
    default:
        Console.Error.WriteLine(
            "usage: Cluster.Bench drills [users] [before-s] [after-s] [only] | load [renderers-list] [users] "
                + "[window-s] [export-every-s]"
        );
        return 2;
}
return 0;
