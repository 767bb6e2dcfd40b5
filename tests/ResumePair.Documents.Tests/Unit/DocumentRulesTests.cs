using System.Reflection;
using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

/// <summary>The described rules reach every field of the schema, so a field the validators forget shows up
/// here.</summary>
public sealed class DocumentRulesTests
{
    [Theory]
    [InlineData(DocumentTypes.Resume, typeof(ResumeData))]
    [InlineData(DocumentTypes.CoverLetter, typeof(CoverLetterData))]
    public void Every_text_and_list_field_of_the_schema_has_a_rule(string type, Type schema)
    {
        var rules = DocumentRules.Describe().Types[type];
        var missing = Paths(schema, "data").Where(p => !rules.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, $"no rule for: {string.Join(", ", missing)}");
        Assert.True(rules["title"].Required);
    }

    [Fact]
    public void Describing_does_not_depend_on_a_document_and_is_the_same_each_time()
    {
        static string Json() => JsonSerializer.Serialize(DocumentRules.Describe());
        Assert.Equal(Json(), Json());
    }

    /// <summary>The rule paths the schema's string and list properties should have (<c>[]</c> = every entry).</summary>
    private static IEnumerable<string> Paths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = $"{prefix}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}";
            var t = property.PropertyType;
            if (t == typeof(string)) yield return path;
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                yield return path;
                var entry = t.GetGenericArguments()[0];
                if (entry == typeof(string)) yield return $"{path}[]";
                else foreach (var p in Paths(entry, $"{path}[]")) yield return p;
            }
            else if (t.IsClass && t.Namespace == typeof(ResumeData).Namespace)
                foreach (var p in Paths(t, path)) yield return p;
        }
    }
}
