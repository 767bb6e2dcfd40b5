using ResumePair.Testing;
using ResumePair.Testing.Imports;
using Xunit.Abstractions;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// The import corpus through the LLM path (<see cref="LlmCorpusRun"/>: the real ai-proxy, its provider the fake OpenAI
/// vendor replaying tests/corpus/answers), scored like the offline path (<see cref="CorpusTests"/>) and held to the
/// same targets, overall and per source type. The answers drop jobs where models do; the check against the rule parser
/// must win them back. Figures: bench/Import.Bench --llm.
/// </summary>
[Collection("infrastructure")]
public sealed class LlmCorpusTests(InfrastructureFixture infra, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_category_stays_at_its_target_overall_and_per_source_type_through_the_llm_path()
    {
        await using var run = await LlmCorpusRun.StartAsync(infra);
        var cases = ImportCorpus.Load().Concat(ImportCorpus.Load(ImportCorpus.TemplatesFolder)).ToList();

        var score = await run.ScoreAsync(cases, CorpusTests.Read);

        output.WriteLine(score.Report());
        // Every resume asked once, and those whose recorded answer drops a job once more: exactly those (a consistent
        // answer is not sent back: the repair costs the user time and the vendor tokens).
        var dropping = cases.Where(RecordedAnswers.DropsAJob).Select(c => c.Name).ToList();
        output.WriteLine($"repair requests: {run.Repaired.Count}");
        foreach (var (name, reason) in run.RepairReasons) output.WriteLine($"  {name}: {reason}");
        Assert.Equal(dropping.Order(), run.Repaired.Order());
        Assert.Equal(cases.Count + run.Repaired.Count, run.Vendor.Requests);
        var failures = new List<string>();
        foreach (var (category, target) in CorpusScore.Targets)
        {
            foreach (var source in new[] { "all" }.Concat(score.SourceTypes))
            {
                var f1 = score.Category(category, source).F1;
                if (f1 < target) failures.Add($"{category} on {source}: F1 {f1:0.000} < {target:0.00}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Concat(score.Misses)));
        // The check is what wins the dropped jobs back: the first answers as recorded score lower on work.
        var unchecked_ = new CorpusScore();
        foreach (var c in cases) unchecked_.Add(c, RecordedAnswers.FirstAnswer(c));
        output.WriteLine($"work F1 of the first answers unchecked: {unchecked_.Category("work").F1:0.000}");
        Assert.True(score.Category("work").F1 > unchecked_.Category("work").F1);
        // The one resume whose repair drops the job again still has it: the parser's entry was merged in.
        Assert.DoesNotContain(score.Misses, m => m.StartsWith("05-en-txt work", StringComparison.Ordinal));
    }
}
