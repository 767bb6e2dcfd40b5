using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.AiProxy.Providers.Parsing;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Features;

/// <summary>
/// A model's extraction held against the rule parser's reading of the same text. The parser is trusted only where it
/// is sure: a job with its period, company and position; a school with its institution and a year; skills it listed
/// under a skills heading; an email or phone it matched by pattern. The answer is inconsistent when it lacks such an
/// entry (a dropped job, matched by company), has no skills where the text lists several, lacks a contact the text
/// gives, or names one the text does not contain (invented). Those findings, with what the parser found, go to the
/// model in the one repair request; then the answer with fewer findings is kept and completed from the parser, so an
/// entry the parser is sure of is never lost whatever the model does.
/// </summary>
public sealed class ExtractCheck(ResumeData parsed, string text) : IAnswerReview
{
    private readonly IReadOnlyList<WorkEntry> _jobs =
        parsed.Work.Where(w => w.StartDate is not null && w.Company.Length > 0 && w.Position.Length > 0).ToList();
    private readonly IReadOnlyList<EducationEntry> _schools =
        parsed.Education.Where(e => e.Institution.Length > 0 && (e.StartDate ?? e.EndDate) is not null).ToList();
    private readonly IReadOnlyList<string> _skills = SkillNames(parsed.Skills).ToList();
    // The text as the parser reads it: ligatures split ("hoﬀmann" is "hoffmann", as a model reads it too), hyphens and
    // spaces of one kind, wrapped addresses rejoined.
    private readonly string _textKey = Key(string.Join('\n', TextLines.Split(text)));
    private readonly string _textDigits = Digits(text);

    /// <summary>Skills the parser listed that may go missing before the answer counts as having dropped them.</summary>
    private const int SkillsTolerance = 2;

    public string? Problems(string answer) =>
        Read(answer) is { } data && Findings(data) is { Count: > 0 } findings
            ? $"{string.Join(" ", findings)} A rule-based reading of the text found {_jobs.Count} job(s), "
                + $"{_schools.Count} education entr{(_schools.Count == 1 ? "y" : "ies")} and {_skills.Count} skill(s). "
                + "Keep everything else as it was."
            : null;

    public string Settle(string first, string? repaired)
    {
        var a = Read(first)!;
        var b = repaired is null ? null : Read(repaired);
        // The repair saw the findings: it wins unless it made things worse.
        var better = b is not null && Count(b) <= Count(a) ? b : a;
        var completed = JsonSerializer.Serialize(Complete(better), DocumentJson.Output);
        // The parser's entries pass the documents' rules on their own; together with the model's they could exceed a
        // list limit, and an answer that is stored must be valid: then the better answer goes as the model gave it.
        return Read(completed) is not null ? completed : JsonSerializer.Serialize(better, DocumentJson.Output);
    }

    /// <summary>One sentence per kind of inconsistency (empty when the answer agrees with the parser).</summary>
    public List<string> Findings(ResumeData answer)
    {
        var findings = new List<string>();
        var jobs = MissingJobs(answer);
        if (jobs.Count > 0)
            findings.Add(
                $"work is missing {jobs.Count} job(s) the text contains: {string.Join("; ", jobs.Select(Describe))}. "
                    + "Include every job."
            );
        var schools = MissingSchools(answer);
        if (schools.Count > 0)
            findings.Add(
                $"education is missing {schools.Count} entr{(schools.Count == 1 ? "y" : "ies")} the text contains: "
                    + $"{string.Join("; ", schools.Select(Describe))}. Include every one."
            );
        var skills = MissingSkills(answer);
        if (skills.Count > 0)
            findings.Add($"skills is missing what the text lists: {string.Join(", ", skills)}.");
        foreach (var (field, problem) in ContactProblems(answer.Profile)) findings.Add($"profile.{field} {problem}.");
        return findings;
    }

    /// <summary>How many entries and contacts the answer gets wrong against the parser (the measure of
    /// "better").</summary>
    private int Count(ResumeData answer) =>
        MissingJobs(answer).Count
        + MissingSchools(answer).Count
        + MissingSkills(answer).Count
        + ContactProblems(answer.Profile).Count();

    /// <summary>The answer with what it lacks taken from the parser, and contacts not in the text replaced by the
    /// parser's.</summary>
    public ResumeData Complete(ResumeData answer)
    {
        var work = answer.Work.ToList();
        foreach (var job in MissingJobs(answer)) work.Insert(NewerCount(work, job.StartDate), job);
        var skills = answer.Skills.ToList();
        var missingSkills = MissingSkills(answer);
        if (missingSkills.Count > 0) skills.AddRange(missingSkills.Select(s => new Skill { Name = s }));
        var profile = answer.Profile;
        foreach (var (field, _) in ContactProblems(profile).ToList())
        {
            profile =
                field == "email"
                    ? profile with
                    {
                        Email = parsed.Profile.Email,
                    }
                    : profile with
                    {
                        Phone = parsed.Profile.Phone,
                    };
        }
        return answer with
        {
            Profile = profile,
            Work = work,
            Education = [.. answer.Education, .. MissingSchools(answer)],
            Skills = skills,
        };
    }

    private List<WorkEntry> MissingJobs(ResumeData answer) =>
        _jobs.Where(w => !answer.Work.Any(a => Same(a.Company, w.Company))).ToList();

    private List<EducationEntry> MissingSchools(ResumeData answer) =>
        _schools.Where(e => !answer.Education.Any(a => Same(a.Institution, e.Institution))).ToList();

    /// <summary>
    /// The parser's skills the answer has nowhere (as a name or a group's keyword), once more than a couple are gone:
    /// a model may fairly rename one or two ("Postgres" for "PostgreSQL").
    /// </summary>
    private List<string> MissingSkills(ResumeData answer)
    {
        var have = SkillNames(answer.Skills).ToList();
        var missing = _skills.Where(s => !have.Any(h => Same(h, s))).ToList();
        return missing.Count > SkillsTolerance ? missing : [];
    }

    private IEnumerable<(string Field, string Problem)> ContactProblems(Profile answer)
    {
        if (string.IsNullOrWhiteSpace(answer.Email))
        {
            if (parsed.Profile.Email is { } email) yield return ("email", $"is missing: the text gives {email}");
        }
        else if (!_textKey.Contains(Key(answer.Email), StringComparison.Ordinal))
        {
            yield return ("email", $"'{answer.Email}' does not appear in the text");
        }
        if (string.IsNullOrWhiteSpace(answer.Phone))
        {
            if (parsed.Profile.Phone is { } phone) yield return ("phone", $"is missing: the text gives {phone}");
        }
        // The subscriber number must be in the text; a country code or trunk zero the model added or dropped is not
        // an invented phone ("+1 415…" for "(415)…").
        else if (
            Digits(answer.Phone) is { Length: > 0 } digits
            && !_textDigits.Contains(digits[Math.Max(0, digits.Length - 7)..], StringComparison.Ordinal)
        )
        {
            yield return ("phone", $"'{answer.Phone}' does not appear in the text");
        }
    }

    /// <summary>Where a job goes among the answer's: before the first that started earlier (resumes list newest
    /// first).</summary>
    private static int NewerCount(List<WorkEntry> work, string? start)
    {
        var i = work.FindIndex(w => string.CompareOrdinal(w.StartDate ?? "", start ?? "") < 0);
        return i < 0 ? work.Count : i;
    }

    private static string Describe(WorkEntry w) =>
        $"{w.Position} at {w.Company} ({w.StartDate}–{(w.Current ? "present" : w.EndDate)})";

    private static string Describe(EducationEntry e)
    {
        var degree = string.Join(" ", new[] { e.StudyType, e.Area }.Where(x => !string.IsNullOrWhiteSpace(x)));
        var period = string.Join("–", new[] { e.StartDate, e.EndDate }.Where(x => x is not null));
        return $"{(degree.Length > 0 ? degree + " at " : "")}{e.Institution} ({period})";
    }

    private static IEnumerable<string> SkillNames(IEnumerable<Skill> skills) =>
        skills.SelectMany(s => s.Keywords.Count > 0 ? s.Keywords : [s.Name]).Where(s => Key(s).Length > 0);

    private static ResumeData? Read(string json) => SchemaValidator.Resume(json).Value;

    /// <summary>"Acme" and "Acme Corp GmbH" are one company; a key of one or two letters ("C#" is "c") must match
    /// whole.</summary>
    private static bool Same(string a, string b)
    {
        var x = Key(a);
        var y = Key(b);
        if (x.Length == 0 || y.Length == 0) return false;
        if (Math.Min(x.Length, y.Length) < 3) return x == y;
        return x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal);
    }

    private static string Key(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static string Digits(string s) => new(s.Where(char.IsAsciiDigit).ToArray());
}
