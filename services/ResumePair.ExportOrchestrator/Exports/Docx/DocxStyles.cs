using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>
/// The styles and bullet numbering of an exported document. The ids and names are Word's built-in ones ("Title",
/// "heading 1", "List Bullet"), so Word, LibreOffice and screen readers treat them as real headings and lists: the
/// navigation pane shows the sections, and restyling "Heading 1" restyles every section title.
/// </summary>
internal static class DocxStyles
{
    public const string Title = "Title", Subtitle = "Subtitle", Heading1 = "Heading1", Heading2 = "Heading2";
    public const string ListBullet = "ListBullet", Hyperlink = "Hyperlink", Meta = "EntryMeta";
    public const int BulletNumbering = 1;

    /// <param name="font">A font family; Word substitutes a similar one where it is missing.</param>
    /// <param name="accent">Headings' colour, <c>rrggbb</c>.</param>
    /// <param name="size">Body text in points.</param>
    public static Styles Create(string font, string accent, double size)
    {
        var halfPoints = ((int)Math.Round(size * 2)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(
                    new RunPropertiesBaseStyle(
                        new RunFonts
                        {
                            Ascii = font,
                            HighAnsi = font,
                            ComplexScript = font,
                            EastAsia = font,
                        },
                        new FontSize { Val = halfPoints },
                        new FontSizeComplexScript { Val = halfPoints },
                        new Languages { Val = "en-GB" }
                    )
                ),
                new ParagraphPropertiesDefault(
                    new ParagraphPropertiesBaseStyle(
                        new SpacingBetweenLines
                        {
                            After = "60",
                            Line = "264",
                            LineRule = LineSpacingRuleValues.Auto,
                        }
                    )
                )
            ),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle())
            {
                Type = StyleValues.Paragraph,
                StyleId = "Normal",
                Default = true,
            },
            Paragraph(Title, "Title", outline: null, spacingBefore: 0, bold: true, color: null, points: size * 2.2),
            Paragraph(
                Subtitle,
                "Subtitle",
                outline: null,
                spacingBefore: 0,
                bold: false,
                color: accent,
                points: size * 1.25
            ),
            Paragraph(
                Heading1,
                "heading 1",
                outline: 0,
                spacingBefore: 240,
                bold: true,
                color: accent,
                points: size * 1.35
            ),
            Paragraph(
                Heading2,
                "heading 2",
                outline: 1,
                spacingBefore: 140,
                bold: true,
                color: null,
                points: size * 1.05
            ),
            Paragraph(
                Meta,
                "Entry details",
                outline: null,
                spacingBefore: 0,
                bold: false,
                color: "555555",
                points: size
            ),
            new Style(
                new StyleName { Val = "List Bullet" },
                new BasedOn { Val = "Normal" },
                new UIPriority { Val = 36 },
                new PrimaryStyle(),
                new StyleParagraphProperties(
                    new NumberingProperties(
                        new NumberingLevelReference { Val = 0 },
                        new NumberingId { Val = BulletNumbering }
                    ),
                    new SpacingBetweenLines { After = "20" },
                    new ContextualSpacing()
                )
            )
            {
                Type = StyleValues.Paragraph,
                StyleId = ListBullet,
            },
            new Style(
                new StyleName { Val = "Hyperlink" },
                new UIPriority { Val = 99 },
                new UnhideWhenUsed(),
                new StyleRunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single })
            )
            {
                Type = StyleValues.Character,
                StyleId = Hyperlink,
            }
        );
    }

    private static Style Paragraph(
        string id,
        string name,
        int? outline,
        int spacingBefore,
        bool bold,
        string? color,
        double points
    )
    {
        var size = ((int)Math.Round(points * 2)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var paragraph = new StyleParagraphProperties();
        if (outline is not null) paragraph.Append(new KeepNext(), new KeepLines());
        paragraph.Append(
            new SpacingBetweenLines
            {
                Before = spacingBefore.ToString(System.Globalization.CultureInfo.InvariantCulture),
                After = "40",
            }
        );
        if (outline is { } level) paragraph.Append(new OutlineLevel { Val = level });
        var run = new StyleRunProperties();
        if (bold) run.Append(new Bold(), new BoldComplexScript());
        if (color is not null) run.Append(new Color { Val = color });
        run.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size });
        return new Style(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = outline is null ? 10 : 9 },
            new PrimaryStyle(),
            paragraph,
            run
        )
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };
    }

    /// <summary>One bullet list definition: "•" at level 0, hanging indent.</summary>
    public static Numbering Bullets() => new(
        new AbstractNum(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "•" }, new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "360", Hanging = "240" }))
            { LevelIndex = 0 })
        { AbstractNumberId = 1 },
        new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = BulletNumbering });
}
