using System.Text.Json;
using ResumePair.Contracts.Documents;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>Documents as the orchestrator sends them: camelCase JSON snapshots of the shared schema.</summary>
public static class SampleDocuments
{
    public const string Name = "Ada Quinton-Lovelace";
    public const string JobTitle = "Principal Platform Engineer";

    public static ResumeData ResumeData(string? summary = null, int extraJobs = 0) => new()
    {
        Profile = new Profile
        {
                Name = Name,
                Headline = "Distributed systems and developer platforms",
                Email = "ada@example.com",
                Phone = "+44 20 7946 0958",
                Location = "London, UK",
                Website = "https://ada.example.com",
                Summary = summary
                    ?? "Engineer with 12 years of experience building reliable, "
                        + "observable platforms for product teams.",
                Links = [new Link("GitHub", "https://github.com/ada"), new Link("LinkedIn", "linkedin.com/in/ada")],
            },
            Work =
            [
                new WorkEntry
                {
                    Company = "Analytical Engines Ltd",
                    Position = JobTitle,
                    Location = "London",
                    Url = "https://engines.example.com",
                    StartDate = "2019-04",
                    Current = true,
                    Summary = "Leads the internal developer platform used by 40 teams.",
                    Highlights =
                    [
                        "Cut median deploy time from 42 to 6 minutes",
                        "Introduced OpenTelemetry tracing across 120 services",
                    ],
                },
                new WorkEntry
                {
                    Company = "Difference Systems",
                    Position = "Senior Software Engineer",
                    Location = "Cambridge",
                    StartDate = "2014-09",
                    EndDate = "2019-03",
                    Highlights = ["Built the message bus carrying 2 billion events a day"],
                },
                .. Enumerable
                    .Range(1, extraJobs)
                    .Select(i => new WorkEntry
                    {
                        Company = $"Company {i}",
                        Position = $"Engineer {i}",
                        Location = "Remote",
                        StartDate = $"{2000 + i % 10}-01",
                        EndDate = $"{2001 + i % 10}-01",
                        Summary =
                            "Worked on many things across the stack, shipping features every week with a small team.",
                        Highlights =
                        [
                            "Delivered a feature that mattered to customers",
                            "Improved reliability and reduced on-call load",
                            "Mentored two junior engineers",
                        ],
                    }),
            ],
            Education =
            [
                new EducationEntry
                {
                    Institution = "University of London",
                    Area = "Mathematics",
                    StudyType = "BSc",
                    Location = "London",
                    StartDate = "2008",
                    EndDate = "2011",
                    Score = "First",
                    Courses = ["Analysis", "Algebra"],
                },
            ],
            Skills =
            [
                new Skill
                {
                    Name = "Backend",
                    Level = "expert",
                    Keywords = ["C#", ".NET", "PostgreSQL"],
                },
                new Skill
                {
                    Name = "Infrastructure",
                    Level = "advanced",
                    Keywords = ["Kubernetes", "RabbitMQ"],
                },
            ],
            Projects =
            [
                new ProjectEntry
                {
                    Name = "Loom",
                    Description = "Open-source workflow engine",
                    Url = "https://github.com/ada/loom",
                    StartDate = "2020",
                    Highlights = ["1,200 GitHub stars"],
                    Keywords = ["Go", "gRPC"],
                },
            ],
            Certifications =
            [
                new Certification
                {
                    Name = "Certified Kubernetes Administrator",
                    Issuer = "CNCF",
                    Date = "2022-06",
                },
            ],
            Languages =
            [
                new LanguageSkill { Language = "English", Fluency = "Native" },
                new LanguageSkill { Language = "French", Fluency = "Professional" },
            ],
            CustomSections =
            [
                new CustomSection
                {
                    Title = "Talks",
                    Items =
                    [
                        new CustomItem
                        {
                            Title = "Queues all the way down",
                            Subtitle = "NDC London",
                            Date = "2023-01",
                        },
                    ],
                },
            ],
        };

    public static JsonElement Resume(string? summary = null, int extraJobs = 0) =>
        JsonSerializer.SerializeToElement(ResumeData(summary, extraJobs), JsonSerializerOptions.Web);

    public static JsonElement CoverLetter() =>
        JsonSerializer.SerializeToElement(
            new CoverLetterData
            {
                Sender = new Profile
                {
                    Name = Name,
                    Email = "ada@example.com",
                    Phone = "+44 20 7946 0958",
                },
                Recipient = new Recipient
                {
                    Name = "Grace Hopper",
                    Title = "Head of Engineering",
                    Company = "Compilers Inc",
                    Address = "1 Harbour Road\nPortsmouth",
                },
                Date = "2026-03-15",
                Subject = "Application for " + JobTitle,
                Greeting = "Dear Ms Hopper,",
                Paragraphs =
                [
                    "I am writing to apply for the platform role.",
                    "I have led platform teams for a decade.",
                ],
                Closing = "Kind regards,",
            },
            JsonSerializerOptions.Web
        );
}
