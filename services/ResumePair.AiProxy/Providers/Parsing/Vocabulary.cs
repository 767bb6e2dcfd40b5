using System.Globalization;
using System.Text;

namespace ResumePair.AiProxy.Providers.Parsing;

public enum SectionKind
{
    Header, Contact, Summary, Work, Education, Skills, Projects, Certifications, Languages, Custom
}

/// <summary>
/// The words resumes use, in English, German, French and Spanish: section headings, job-title words, company
/// suffixes, schools and degrees. Headings are compared by their letters only, accents removed and lower-cased, so
/// "Expérience professionnelle", "EXPERIENCE:" and a letter-spaced "EXPER IEN C E" all find their section.
/// </summary>
public static class Vocabulary
{
    private static readonly Dictionary<string, SectionKind> Headings = Build(new()
    {
        [SectionKind.Contact] = ["contact", "contacts", "contact info", "contact information", "contact details",
            "personal details", "personal information", "kontakt", "kontaktdaten", "persönliche daten", "coordonnées",
            "contacto", "datos personales", "datos de contacto"],
        [SectionKind.Summary] = ["summary", "profile", "about", "about me", "professional summary", "objective",
            "career objective", "personal profile", "research interests", "professional profile", "career summary",
            "profil", "über mich", "zusammenfassung", "kurzprofil", "profil professionnel", "résumé", "à propos",
            "à propos de moi", "perfil", "resumen", "sobre mí", "perfil profesional", "extracto", "acerca de mí"],
        [SectionKind.Work] = ["experience", "work experience", "professional experience", "employment",
            "employment history", "work history", "career history", "relevant experience", "experiences",
            "appointments", "academic appointments", "professional appointments", "positions held", "career",
            "berufserfahrung", "beruflicher werdegang", "berufliche erfahrung", "berufliche laufbahn", "werdegang",
            "praxiserfahrung", "berufspraxis", "expérience professionnelle", "expériences professionnelles",
            "expérience", "expériences", "parcours professionnel", "experiencia laboral", "experiencia profesional",
            "experiencia", "trayectoria profesional", "historial laboral"],
        [SectionKind.Education] = ["education", "academic background", "education and training", "qualifications",
            "academic history", "ausbildung", "bildung", "studium", "bildungsweg", "akademischer werdegang",
            "schulbildung", "formation", "formations", "éducation", "parcours académique", "diplômes", "études",
            "formation académique", "formación", "educación", "formación académica", "estudios"],
        [SectionKind.Skills] = ["skills", "technical skills", "core competencies", "competencies", "key skills",
            "technologies", "tools", "stack", "tech stack", "skills and tools", "expertise", "skills & tools",
            "kenntnisse", "fähigkeiten", "it-kenntnisse", "fachkenntnisse", "kompetenzen", "fertigkeiten",
            "compétences", "compétences techniques", "savoir-faire", "outils", "habilidades", "competencias",
            "conocimientos", "aptitudes", "habilidades técnicas", "conocimientos técnicos"],
        [SectionKind.Projects] = ["projects", "personal projects", "research projects", "selected projects",
            "side projects", "projekte", "projets", "proyectos"],
        [SectionKind.Certifications] = ["certifications", "certificates", "licenses", "licenses and certifications",
            "certifications and licenses", "licenses & certifications", "zertifikate", "zertifizierungen",
            "certificats", "certificaciones", "certificados",
            // The schema has no awards: an award is a name, an issuer and a date, as a certification is.
            "awards", "honors", "honours", "awards and honors", "awards and honours", "auszeichnungen", "prix",
            "distinctions", "premios"],
        [SectionKind.Languages] = ["languages", "language skills", "sprachen", "sprachkenntnisse", "langues",
            "compétences linguistiques", "idiomas", "lenguas"],
        // Sections the schema keeps as custom ones: known by name, so a title-case "Talks" ends the section above.
        [SectionKind.Custom] = ["talks", "publications",
            "volunteering", "volunteer experience", "interests", "hobbies", "references", "presentations",
            "conferences", "patents", "memberships", "achievements", "activities", "publikationen",
            "veröffentlichungen", "ehrenamt", "interessen", "hobbys", "vorträge",
            "bénévolat", "centres d'intérêt", "loisirs", "conférences", "publicaciones", "voluntariado",
            "intereses", "aficiones", "conferencias"],
    });

    public static SectionKind? HeadingKind(string text)
    {
        if (Headings.TryGetValue(Key(text), out var kind)) return kind;
        // "Executive Profile", "Leadership Experience", "Teaching Experience": a qualified heading.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is 2 or 3 && words.All(w => char.IsUpper(w[0])) && !text.Any(char.IsDigit)
               && Headings.TryGetValue(Key(words[^1]), out var last) && QualifiedHeadings.Contains(Key(words[^1]))
            ? last : null;
    }

    private static readonly HashSet<string> QualifiedHeadings = ["experience", "profile", "summary", "education",
        "skills", "projects"];

    /// <summary>Letters only, accents removed, lower case: the form headings are compared in.</summary>
    public static string Key(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
            if (char.IsLetter(ch)) key.Append(char.ToLowerInvariant(ch));
        return key.ToString();
    }

    public static string StripAccents(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) plain.Append(ch);
        return plain.ToString().Normalize(NormalizationForm.FormC);
    }

    private static Dictionary<string, SectionKind> Build(Dictionary<SectionKind, string[]> names)
    {
        var map = new Dictionary<string, SectionKind>();
        foreach (var (kind, list) in names)
            foreach (var name in list) map.TryAdd(Key(name), kind);
        return map;
    }

    /// <summary>Words of job titles (substrings: German compounds such as "Softwareentwickler" contain them).</summary>
    public static readonly string[] TitleWords =
    [
        "engineer", "developer", "manager", "analyst", "designer", "consultant", "intern", "lead", "director",
        "head of", "specialist", "officer", "scientist", "architect", "administrator", "coordinator", "assistant",
        "teacher", "nurse", "accountant", "owner", "founder", "president", "executive", "representative", "associate",
        "programmer", "technician", "researcher", "strategist", "editor", "writer", "advisor", "adviser", "recruiter",
        "product", "vp ", "cto", "ceo", "cfo", "senior", "junior", "principal", "staff ",
        "entwickler", "ingenieur", "leiter", "berater", "referent", "werkstudent", "sachbearbeiter", "mitarbeiter",
        "geschäftsführer", "managerin", "kaufmann", "kauffrau", "praktikant", "projektleiter", "systemadministrator",
        "ingénieur", "développeu", "chef de", "responsable", "directeur", "directrice", "chargé", "stagiaire",
        "analyste", "consultante", "technicien", "gestionnaire", "chargée",
        "ingeniero", "ingeniera", "desarrollador", "jefe", "jefa", "consultor", "director", "analista", "gerente",
        "diseñador", "diseñadora", "técnico", "coordinador", "becario", "programador", "administrador",
    ];

    public static readonly string[] CompanyWords =
    [
        " inc", " ltd", " llc", " gmbh", " ag", " se", " kg", " sa", " s.a.", " sas", " sarl", " s.l.", " sl", " bv",
        " plc", " corp", " co.", " company", " group", " grupo", " limited", "&", " lp", " llp", " oy", " ab", " nv",
        " spa", " s.p.a.", " technologies", " solutions", " systems", " labs", " bank", " banco", " holding",
        " consulting", " partners", " industries", " enterprises", " analytics", " software", " capital",
    ];

    public static readonly string[] SchoolWords =
    [
        "univers", "college", "school", "institut", "academy", "akademie", "académie", "hochschule", "polytechn",
        "politécnic", "école", "ecole", "escuela", "gymnasium", "lycée", "instituto", "conservato", "fachhochschule",
        "tu ", "eth ", "epfl", "insead", "rwth", "kit ", "mit ",
    ];

    /// <summary>Degree names, longest first so "Master of Science" wins over "Master".</summary>
    public static readonly string[] Degrees =
    [
        "Bachelor of Science", "Bachelor of Arts", "Bachelor of Engineering", "Master of Science", "Master of Arts",
        "Master of Engineering", "Master of Business Administration", "Doctor of Philosophy", "Diplôme d'ingénieur",
        "Diplôme universitaire", "Staatsexamen", "Baccalauréat", "Doctorado", "Doctorat", "Bachelor", "Master",
        "Máster", "Licence", "Licenciatura", "Grado", "Diplom-Ingenieur", "Diplom", "Diploma", "Abitur", "Magister",
        "Promotion", "B.Sc.", "M.Sc.", "B.A.", "M.A.", "B.Eng.", "M.Eng.", "Ph.D.", "BSc", "MSc", "BEng", "MEng",
        "PhD", "MBA", "BA", "MA", "BS", "MS", "DUT", "BTS", "HND", "A-Levels", "GCSE",
    ];
}
