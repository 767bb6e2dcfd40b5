namespace ResumePair.Contracts.Documents.Validation;

/// <summary>Rules of <see cref="DesignSettings"/> (<c>data.design</c>): every value one the renderer can print. A cover
/// letter has no sections to order, but the same settings are accepted for it (the renderer ignores them), so one
/// design can be copied between documents.</summary>
internal static class DesignValidator
{
    public static void Validate(FieldChecker c, string path, DesignSettings? design)
    {
        // Describe mode visits the rules with an empty design; checking skips an absent one.
        var d = design ?? new DesignSettings();
        c.OneOf($"{path}.template", d.Template, DesignOptions.Templates);
        c.OneOf($"{path}.pageSize", d.PageSize, DesignOptions.PageSizes);
        c.HexColor($"{path}.accentColor", d.AccentColor);
        c.OneOf($"{path}.fontFamily", d.FontFamily, DesignOptions.FontFamilies);
        c.Number($"{path}.fontSize", d.FontSize, DesignOptions.MinFontSize, DesignOptions.MaxFontSize);
        c.Number($"{path}.lineHeight", d.LineHeight, DesignOptions.MinLineHeight, DesignOptions.MaxLineHeight);
        c.OneOf($"{path}.margins", d.Margins, DesignOptions.Margins);
        c.OneOf($"{path}.dateFormat", d.DateFormat, DesignOptions.DateFormats);
        c.Choices($"{path}.sectionOrder", d.SectionOrder, DesignOptions.Sections);
        c.Choices($"{path}.hiddenSections", d.HiddenSections, DesignOptions.Sections);
        foreach (var key in DesignOptions.Sections)
            c.Text(
                $"{path}.sectionTitles.{key}",
                d.SectionTitles?.GetValueOrDefault(key),
                DesignOptions.MaxSectionTitle
            );
        foreach (var key in (d.SectionTitles?.Keys ?? []).Where(k => !DesignOptions.Sections.Contains(k)))
            c.Fail($"{path}.sectionTitles.{key}", "Unknown section.");
        c.Number($"{path}.columns", d.Columns, 1, 2);
    }
}
