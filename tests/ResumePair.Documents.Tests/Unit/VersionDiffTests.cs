using System.Text.Json;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

public sealed class VersionDiffTests
{
    private static readonly VersionDiff VersionDiff = new(Localizers.For<HistoryTexts>());

    private static IReadOnlyList<FieldChange> Diff(
        string before,
        string after,
        string beforeTitle = "CV",
        string afterTitle = "CV"
    )
    {
        using var a = JsonDocument.Parse(before);
        using var b = JsonDocument.Parse(after);
        return VersionDiff.Compare(beforeTitle, a.RootElement, afterTitle, b.RootElement);
    }

    [Fact]
    public void A_changed_field_names_its_section_and_label_with_both_values()
    {
        var changes = Diff(
            """{"profile":{"name":"Ada","headline":"Analyst"}}""",
            """{"profile":{"name":"Ada","headline":"Programmer"}}"""
        );

        var change = Assert.Single(changes);
        Assert.Equal(
            new FieldChange("data.profile.headline", "Profile", "Headline", "changed", "Analyst", "Programmer"),
            change
        );
        Assert.Equal("Edited Profile › Headline", VersionDiff.Summarize(changes));
    }

    [Fact]
    public void A_job_inserted_at_the_top_is_one_added_entry_not_every_job_changed()
    {
        var before = """{"work":[{"position":"Engineer","company":"Acme","startDate":"2019"}]}""";
        var after = """
            {"work":[{"position":"Lead","company":"Globex","startDate":"2022"},
                     {"position":"Engineer","company":"Acme","startDate":"2019"}]}
            """;

        var changes = Diff(before, after);

        Assert.All(changes, c => Assert.Equal(("Work experience › Lead, Globex", "added"), (c.Group, c.Kind)));
        Assert.Equal(
            ["data.work[0].position", "data.work[0].company", "data.work[0].startDate"],
            changes.Select(c => c.Path)
        );
        Assert.Equal("Added Work experience › Lead, Globex", VersionDiff.Summarize(changes));
    }

    [Fact]
    public void Highlights_are_aligned_so_an_inserted_line_does_not_shift_the_others()
    {
        var before =
            """{"work":[{"position":"Engineer","company":"Acme","highlights":["Built billing","Cut costs"]}]}""";
        var after = """
            {"work":[{"position":"Engineer","company":"Acme",
                      "highlights":["Built billing","Hired 4 engineers","Cut costs by 30%"]}]}
            """;

        var changes = Diff(before, after);

        Assert.Equal(2, changes.Count);
        Assert.Equal(
            ("Highlight 2", "changed", "Cut costs", "Hired 4 engineers"),
            (changes[0].Field, changes[0].Kind, changes[0].Before, changes[0].After)
        );
        Assert.Equal(
            ("Highlight 3", "added", null, "Cut costs by 30%"),
            (changes[1].Field, changes[1].Kind, changes[1].Before, changes[1].After)
        );
        Assert.All(changes, c => Assert.Equal("Work experience › Engineer, Acme", c.Group));
    }

    [Fact]
    public void A_renamed_company_in_place_reads_as_an_edit_of_that_job()
    {
        var changes = Diff(
            """{"work":[{"position":"Engineer","company":"Acme"}]}""",
            """{"work":[{"position":"Engineer","company":"Acme Inc."}]}"""
        );

        var change = Assert.Single(changes);
        Assert.Equal(
            ("data.work[0].company", "changed", "Acme", "Acme Inc."),
            (change.Path, change.Kind, change.Before, change.After)
        );
    }

    [Fact]
    public void Removed_entries_title_changes_and_empty_values_read_as_people_expect()
    {
        var before =
            """{"profile":{"name":"Ada","phone":""},"skills":[{"name":"COBOL","level":"expert"},{"name":"C"}]}""";
        var after = """{"profile":{"name":"Ada"},"skills":[{"name":"C"}],"design":{"accentColor":"#123456"}}""";

        var changes = Diff(before, after, "Old title", "New title");

        // "" and a missing field are the same: the phone is no change.
        Assert.DoesNotContain(changes, c => c.Path.Contains("phone", StringComparison.Ordinal));
        Assert.Contains(new FieldChange("title", "Document", "Title", "changed", "Old title", "New title"), changes);
        Assert.Contains(
            new FieldChange("data.skills[0].name", "Skills › COBOL", "Name", "removed", "COBOL", null),
            changes
        );
        Assert.Contains(
            new FieldChange("data.design.accentColor", "Design", "Accent color", "added", null, "#123456"),
            changes
        );
        Assert.Equal(
            "Edited Document › Title, removed Skills › COBOL, added Design › Accent color",
            VersionDiff.Summarize(changes)
        );
        Assert.Equal("No changes", VersionDiff.Summarize(Diff(before, before)));
    }

    [Fact]
    public void A_long_list_of_changes_is_summarised_in_one_line()
    {
        var changes = Diff(
            """{"profile":{}}""",
            """
            {"profile":{"name":"A"},"work":[{"company":"B"}],"education":[{"institution":"C"}],"skills":[{"name":"D"}]}
            """
        );
        Assert.Equal("Added Profile › Name, added Work experience › B, added Education › C and 1 more",
            VersionDiff.Summarize(changes));
    }

    [Fact]
    public void A_German_reader_gets_names_and_summaries_in_German()
    {
        using var german = Localizers.Culture("de");
        var changes = Diff("""{"profile":{"headline":"Analyst"},"work":[{"company":"Acme","highlights":["Led"]}]}""",
            """
            {"profile":{"headline":"Programmer"},"work":[{"company":"Acme","highlights":["Led","Cut costs"]}],
             "skills":[{"name":"Go"}]}
            """, afterTitle: "Lebenslauf");

        Assert.Equal("Dokument › Titel bearbeitet, Profil › Berufsbezeichnung bearbeitet, "
            + "Berufserfahrung › Acme › Erfolg 2 hinzugefügt und 1 weitere", VersionDiff.Summarize(changes));
        Assert.Contains(changes, c =>
            c is { Path: "data.skills[0].name", Group: "Fähigkeiten › Go", Field: "Name", Kind: "added" });
        Assert.Equal("Keine Änderungen", VersionDiff.Summarize([]));
    }
}
