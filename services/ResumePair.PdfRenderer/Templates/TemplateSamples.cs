using System.Text.Json;
using ResumePair.Contracts.Documents;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>The made-up person every template preview image shows (and the benchmark prints): all sections
/// filled.</summary>
public static class TemplateSamples
{
    public static ResumeData Resume(int extraJobs = 0) => new()
    {
        Profile = new Profile
        {
                Name = "Grace Hopper",
                Headline = "Computer scientist and naval officer",
                Email = "grace@example.com",
                Phone = "+1 202 555 0143",
                Location = "Arlington, VA",
                Website = "https://grace.example.com",
                Summary =
                    "Pioneer of machine-independent programming languages. Led the team behind FLOW-MATIC, "
                        + "shaped COBOL and spent four decades making computers speak the language of their users.",
                Links =
                [
                    new Link("GitHub", "https://github.com/grace"),
                    new Link("LinkedIn", "https://linkedin.com/in/grace"),
                ],
            },
            Work =
            [
                new WorkEntry
                {
                    Company = "US Navy",
                    Position = "Director, Navy Programming Languages Group",
                    Location = "Washington, DC",
                    StartDate = "1967-08",
                    EndDate = "1986-08",
                    Summary = "Ran the Navy's programme to standardise high-level languages across its computers.",
                    Highlights =
                    [
                        "Standardised COBOL across the Navy and wrote its validation suite",
                        "Championed networks of small computers over single mainframes",
                        "Taught thousands of officers to program",
                    ],
                },
                new WorkEntry
                {
                    Company = "Remington Rand",
                    Position = "Senior Mathematician",
                    Location = "Philadelphia, PA",
                    StartDate = "1949",
                    EndDate = "1967",
                    Highlights =
                    [
                        "Wrote the A-0 system, one of the first compilers",
                        "Created FLOW-MATIC, the first English-like data processing language",
                    ],
                },
                new WorkEntry
                {
                    Company = "Harvard Computation Lab",
                    Position = "Programmer, Mark I",
                    Location = "Cambridge, MA",
                    StartDate = "1944",
                    EndDate = "1949",
                    Highlights =
                    [
                        "Wrote the 561-page Mark I manual",
                        "Programmed ballistics and Manhattan Project calculations",
                    ],
                },
                .. Enumerable
                    .Range(1, extraJobs)
                    .Select(i => new WorkEntry
                    {
                        Company = $"Consultancy {i}",
                        Position = "Visiting Lecturer",
                        Location = "Remote",
                        StartDate = $"{1930 + i}",
                        EndDate = $"{1931 + i}",
                        Summary =
                            "Lectured on numerical methods and early programming practice for a varied audience of "
                                + "engineers and officers.",
                        Highlights =
                        [
                            "Designed a course in applied mathematics",
                            "Supervised student projects on tabulating machines",
                            "Published lecture notes used for a decade",
                        ],
                    }),
            ],
            Education =
            [
                new EducationEntry
                {
                    Institution = "Yale University",
                    StudyType = "PhD",
                    Area = "Mathematics",
                    Location = "New Haven, CT",
                    StartDate = "1930",
                    EndDate = "1934",
                    Courses = ["Algebra", "Number theory"],
                },
                new EducationEntry
                {
                    Institution = "Vassar College",
                    StudyType = "BA",
                    Area = "Mathematics and Physics",
                    StartDate = "1924",
                    EndDate = "1928",
                    Score = "Phi Beta Kappa",
                },
            ],
            Skills =
            [
                new Skill
                {
                    Name = "Languages",
                    Level = "expert",
                    Keywords = ["COBOL", "FLOW-MATIC", "A-0"],
                },
                new Skill
                {
                    Name = "Compilers",
                    Level = "expert",
                    Keywords = ["Code generation", "Validation suites"],
                },
                new Skill
                {
                    Name = "Teaching",
                    Level = "advanced",
                    Keywords = ["Lectures", "Manuals"],
                },
                new Skill
                {
                    Name = "Hardware",
                    Level = "intermediate",
                    Keywords = ["Mark I", "UNIVAC I"],
                },
            ],
            Projects =
            [
                new ProjectEntry
                {
                    Name = "COBOL",
                    Description = "Common business-oriented language, designed by committee on FLOW-MATIC's ideas.",
                    Url = "https://example.com/cobol",
                    StartDate = "1959",
                    EndDate = "1960",
                    Keywords = ["Language design", "Standards"],
                },
            ],
            Certifications =
            [
                new Certification
                {
                    Name = "Defense Distinguished Service Medal",
                    Issuer = "US Department of Defense",
                    Date = "1986",
                },
            ],
            Languages =
            [
                new LanguageSkill { Language = "English", Fluency = "Native" },
                new LanguageSkill { Language = "German", Fluency = "Reading" },
            ],
            CustomSections =
            [
                new CustomSection
                {
                    Title = "Honours",
                    Items =
                    [
                        new CustomItem
                        {
                            Title = "Computer Sciences Man of the Year",
                            Subtitle = "Data Processing Management Association",
                            Date = "1969",
                        },
                    ],
                },
            ],
        };

    public static CoverLetterData CoverLetter() => new()
    {
            Sender = new Profile
            {
                Name = "Grace Hopper",
                Email = "grace@example.com",
                Phone = "+1 202 555 0143",
                Location = "Arlington, VA",
            },
            Recipient = new Recipient
            {
                Name = "Howard Aiken",
                Title = "Director",
                Company = "Harvard Computation Lab",
                Address = "Oxford Street\nCambridge, MA",
            },
            Date = "1944-07-02",
            Subject = "Programmer, Mark I",
            Greeting = "Dear Commander Aiken,",
            Paragraphs =
            [
                "I am writing to join the Mark I project.",
                "I bring a doctorate in mathematics and a love of precise instructions.",
            ],
            Closing = "Yours sincerely,",
        };

    public static JsonElement ResumeJson(int extraJobs = 0) =>
        JsonSerializer.SerializeToElement(Resume(extraJobs), JsonSerializerOptions.Web);

    public static JsonElement CoverLetterJson() =>
        JsonSerializer.SerializeToElement(CoverLetter(), JsonSerializerOptions.Web);
}
