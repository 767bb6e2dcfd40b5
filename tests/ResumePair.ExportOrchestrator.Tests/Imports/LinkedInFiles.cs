using System.IO.Compression;
using System.Text;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// LinkedIn data exports as LinkedIn writes them: its file names and column headers (a "Get a copy of your data"
/// archive of 2026), quoted multi-line descriptions, UTF-8 with a byte order mark.
/// </summary>
public static class LinkedInFiles
{
    public static readonly Dictionary<string, string> Export = new()
    {
        ["Profile.csv"] = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
                          + "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
                          + "Zoë,Lindqvist,,,,Staff Data Engineer,"
                          + "\"Builds streaming platforms.\nLikes boring technology.\",Software,,"
                          + "\"Stockholm, Sweden\",,"
                          + "\"[PERSONAL:https://zoe.example.com,PORTFOLIO:https://github.com/zoe-lindqvist]\",\n",
        ["Positions.csv"] = "Company Name,Title,Description,Location,Started On,Finished On\n"
                            + "Acme Corp,Staff Data Engineer,\"Kafka pipelines, 2 billion events a day\","
                            + "\"Stockholm, Sweden\",Mar 2021,\n"
                            + "Globex,Data Engineer,,Uppsala,Sep 2016,Feb 2021\n",
        ["Education.csv"] = "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
                            + "KTH Royal Institute of Technology,2012,2016,,Master of Science - MS,Orchestra\n",
        ["Skills.csv"] = "Name\nApache Kafka\nPython\nSQL\n",
        ["Languages.csv"] = "Name,Proficiency\nSwedish,Native or bilingual proficiency\n"
                            + "English,Full professional proficiency\n",
        ["Certifications.csv"] = "Name,Url,Authority,Started On,Finished On,License Number\n"
                                 + "Confluent Certified Developer,https://www.credly.com/badges/1,Confluent,Jun 2022,,"
                                 + "CCDAK-1\n",
        ["Email Addresses.csv"] = "Email Address,Confirmed,Primary,Updated On\n"
                                  + "zoe@example.com,Yes,Yes,1/5/21, 10:00 AM\n",
        ["PhoneNumbers.csv"] = "Extension,Number,Type\n,+46 70 123 45 67,Mobile\n",
        ["Connections.csv"] = "Notes:\n\"Not part of a resume\"\n\n"
                              + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    };

    public static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write([0xEF, 0xBB, 0xBF]);
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return stream.ToArray();
    }

    public static byte[] Without(string file) => Zip(Export.Where(f => f.Key != file).ToDictionary());

    /// <summary>A small ZIP whose Positions.csv inflates to 64 MB of zeros: it must be refused, not inflated.</summary>
    public static byte[] Bomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("Profile.csv").Open())) w.Write(Export["Profile.csv"]);
            using var entry = zip.CreateEntry("Positions.csv", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++) entry.Write(zeros);
        }
        return stream.ToArray();
    }

    /// <summary>A ZIP's local header followed by garbage: it starts like a ZIP but is not one.</summary>
    public static byte[] Broken() => [.. "PK\x03\x04"u8, .. Encoding.ASCII.GetBytes("Profile.csv not really a zip")];
}
