using ResumePair.Contracts.Documents;

namespace ResumePair.ExportOrchestrator.Tests.Docx;

/// <summary>A resume with every section filled, the JSON Resume ones included.</summary>
internal static class DocxSamples
{
    public static ResumeData Full() => new()
    {
        Profile = new Profile
        {
                Name = "Zoë Adler",
                Headline = "Platform engineer",
                Email = "zoe@example.com",
                Phone = "+49 30 1234567",
                Location = "Berlin",
                CountryCode = "DE",
                Website = "https://zoe.example",
                Summary = "Builds platforms people like to use.",
                Links = [new Link("GitHub", "https://github.com/zoe", "zoe")],
            },
            Work =
            [
                new WorkEntry
                {
                    Company = "Acme",
                    Position = "Staff engineer",
                    Location = "Remote",
                    Url = "https://acme.example",
                    Description = "Rocket parts by mail order",
                    StartDate = "2020-02",
                    Current = true,
                    Summary = "Leads the platform team.",
                    Highlights = ["Cut build times by 60%", "Moved 40 services to one deploy pipeline"],
                },
            ],
            Education =
            [
                new EducationEntry
                {
                    Institution = "TU Berlin",
                    StudyType = "MSc",
                    Area = "Informatics",
                    StartDate = "2012",
                    EndDate = "2015",
                    Score = "1.3",
                },
            ],
            Skills =
            [
                new Skill
                {
                    Name = "Go",
                    Level = "expert",
                    Keywords = ["gRPC", "Kubernetes"],
                },
            ],
            Projects =
            [
                new ProjectEntry
                {
                    Name = "raftd",
                    Description = "Raft in Go.",
                    Url = "https://github.com/zoe/raftd",
                    StartDate = "2019",
                    Roles = ["Author"],
                    Entity = "Acme",
                    Type = "application",
                    Keywords = ["Go"],
                },
            ],
            Certifications =
            [
                new Certification
                {
                    Name = "CKA",
                    Issuer = "CNCF",
                    Date = "2021-06",
                },
            ],
            Languages = [new LanguageSkill { Language = "German", Fluency = "Native" }],
            Volunteer =
            [
                new VolunteerEntry
                {
                    Organization = "CoderDojo",
                    Position = "Mentor",
                    StartDate = "2016",
                    EndDate = "2018",
                    Highlights = ["Ran 40 sessions"],
                },
            ],
            Awards =
            [
                new AwardEntry
                {
                    Title = "Best paper",
                    Awarder = "OSDI",
                    Date = "2019-10",
                },
            ],
            Publications =
            [
                new PublicationEntry
                {
                    Name = "Bounded staleness",
                    Publisher = "USENIX",
                    ReleaseDate = "2019-10-01",
                    Url = "https://usenix.example/p",
                },
            ],
            Interests = [new InterestEntry { Name = "Climbing", Keywords = ["Bouldering"] }],
            References = [new ReferenceEntry { Name = "Ann Lee, CTO at Acme", Reference = "Zoë is excellent." }],
            CustomSections =
            [
                new CustomSection
                {
                    Title = "Talks",
                    Items =
                    [
                        new CustomItem
                        {
                            Title = "Raft at scale",
                            Subtitle = "GopherCon",
                            Date = "2022",
                        },
                    ],
                },
            ],
        };
}
