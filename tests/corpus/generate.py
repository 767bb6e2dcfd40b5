#!/usr/bin/env python3
"""Generates the import corpus: resumes as structured data, then each rendered in one source format and style.

The structured data is the expected JSON (cases/NN-....json, the ResumeData shape), so every expected value is
exact; the source (.txt, .docx, .pdf) is what a user would upload or paste. PDFs come from two producers here:
Chromium printing HTML in several layouts (one column, two columns, sidebar, table) and groff (-ms, gropdf).
Our own templates' PDFs are made by `dotnet run --project bench/Import.Bench -- --generate-templates`.

Run: python3 tests/corpus/generate.py  (needs chromium and groff; deterministic: seeded choices).
"""
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")

PEOPLE = {
    "en": [("Jane Doe", "London, UK", "+44 20 7946 0958"), ("Michael Carter", "San Francisco, CA", "(415) 555-0132"),
           ("Priya Raman", "Toronto, Canada", "+1 416 555 0199"), ("Tom Fletcher", "Manchester, UK", "+44 161 496 0742"),
           ("Zoe Lindqvist", "Seattle, WA", "+1 206-555-0147"), ("Daniel Okafor", "Dublin, Ireland", "+353 1 555 0134"),
           ("Emily Chen", "Boston, MA", "(617) 555-0188"), ("Oliver Grant", "Edinburgh, UK", "+44 131 496 0111"),
           ("Sarah Whitfield", "Austin, TX", "+1 512 555 0163"), ("Marcus Bell", "Sydney, Australia", "+61 2 5550 1234"),
           ("Hannah Brooks", "Leeds, UK", "+44 113 496 0321"), ("Ravi Menon", "Chicago, IL", "(312) 555-0175")],
    "de": [("Anna Schmidt", "Berlin, Deutschland", "+49 30 1234567"), ("Jürgen Weiß", "München, Deutschland", "+49 89 12345678"),
           ("Lena Hoffmann", "Hamburg, Deutschland", "+49 40 9876543"), ("Felix Bauer", "Köln, Deutschland", "+49 221 5550123"),
           ("Katharina Vogel", "Wien, Österreich", "+43 1 5550 123"), ("Moritz Keller", "Zürich, Schweiz", "+41 44 555 01 23"),
           ("Sophie Neumann", "Leipzig, Deutschland", "+49 341 5550199"), ("Tobias Wagner", "Stuttgart, Deutschland", "+49 711 5550147")],
    "fr": [("Camille Dubois", "Lyon, France", "+33 6 12 34 56 78"), ("Hélène Moreau", "Paris, France", "+33 1 42 68 53 00"),
           ("Julien Lefèvre", "Bordeaux, France", "+33 5 56 00 11 22"), ("Manon Girard", "Lille, France", "+33 3 20 55 01 23"),
           ("Antoine Mercier", "Nantes, France", "+33 2 40 55 01 99"), ("Chloé Fontaine", "Genève, Suisse", "+41 22 555 01 77"),
           ("Louis Garnier", "Toulouse, France", "+33 5 61 55 01 42")],
    "es": [("Lucía Fernández", "Madrid, España", "+34 612 345 678"), ("Javier Ortega", "Barcelona, España", "+34 622 555 013"),
           ("Carmen Ruiz", "Sevilla, España", "+34 654 555 019"), ("Diego Morales", "Valencia, España", "+34 633 555 047"),
           ("Sofía Navarro", "Bilbao, España", "+34 644 555 021"), ("Pablo Herrera", "Málaga, España", "+34 655 555 088"),
           ("Elena Castillo", "Zaragoza, España", "+34 666 555 032")],
}

TITLES = {
    "en": ["Senior Data Engineer", "Software Engineer", "Product Manager", "Backend Developer", "Marketing Manager",
           "Data Analyst", "UX Designer", "DevOps Engineer", "Project Manager", "Financial Analyst", "Frontend Developer",
           "Engineering Manager", "QA Engineer", "Sales Director", "Junior Developer"],
    "de": ["Softwareentwickler", "Senior Projektleiter", "Werkstudent Data Science", "Teamleiter Vertrieb",
           "Backend-Entwickler", "Systemadministrator", "Produktmanagerin", "IT-Berater", "Data Engineer"],
    "fr": ["Ingénieur logiciel", "Chef de projet", "Développeur full-stack", "Consultant data", "Responsable marketing",
           "Analyste financier", "Développeuse backend", "Product Owner"],
    "es": ["Ingeniero de software", "Desarrollador backend", "Jefe de proyecto", "Analista de datos",
           "Consultora de marketing", "Diseñadora UX", "Administrador de sistemas", "Responsable de ventas"],
}

COMPANIES = {
    "en": ["Acme Corp", "Globex Ltd", "Initech", "Umbrella Analytics Inc.", "Northwind Traders", "Contoso Ltd",
           "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Imports LLC", "Pied Piper Inc.", "Soylent Corp"],
    "de": ["Siemens AG", "Müller & Söhne GmbH", "Datenwerk GmbH", "Bergmann Logistik KG", "Allianz SE", "Zalando SE",
           "Nordlicht Software GmbH", "Stadtwerke Leipzig"],
    "fr": ["Société Générale", "Dupont Conseil SAS", "Atelier Numérique", "Capgemini", "Orange SA", "Decathlon",
           "Lumière Digitale SARL"],
    "es": ["Telefónica", "Soluciones Ibéricas S.L.", "Banco Sabadell", "Grupo Mediterráneo S.A.", "Indra Sistemas",
           "Mercadona", "Cabify"],
}

EDUCATION = {
    "en": [("BSc", "Mathematics", "University of Leeds"), ("MSc", "Computer Science", "Imperial College London"),
           ("Bachelor of Arts", "Economics", "University of Toronto"), ("MBA", None, "London Business School"),
           ("BEng", "Electrical Engineering", "University of Manchester"), ("PhD", "Statistics", "Stanford University"),
           ("BSc", "Physics", "University of Edinburgh"), ("Master of Science", "Data Science", "Boston University")],
    "de": [("B.Sc.", "Informatik", "Technische Universität München"), ("M.Sc.", "Wirtschaftsinformatik", "Universität Hamburg"),
           ("Diplom", "Maschinenbau", "Universität Stuttgart"), ("Bachelor", "BWL", "Hochschule München"),
           ("Master", "Data Science", "Universität Leipzig")],
    "fr": [("Master", "Informatique", "Université Paris-Saclay"), ("Licence", "Mathématiques", "Université de Lyon"),
           ("Diplôme d'ingénieur", None, "École Centrale de Lyon"), ("Master", "Finance", "Université de Bordeaux")],
    "es": [("Grado", "Ingeniería Informática", "Universidad Politécnica de Madrid"),
           ("Máster", "Ciencia de Datos", "Universitat de Barcelona"), ("Grado", "Administración de Empresas", "Universidad de Sevilla"),
           ("Máster", "Marketing Digital", "Universidad de Valencia")],
}

SKILLS = ["Python", "SQL", "Spark", "Kafka", "Docker", "Kubernetes", "Terraform", "AWS", "Azure", "TypeScript", "React",
          "Go", "Java", "C#", ".NET", "PostgreSQL", "Airflow", "Figma", "Excel", "Tableau", "Power BI", "Jira",
          "Scrum", "Git", "Linux", "GraphQL", "Node.js", "Snowflake", "dbt", "SEO"]

LANGS = {
    "en": [("English", "Native"), ("German", "B2"), ("Spanish", "Conversational"), ("French", "Fluent")],
    "de": [("Deutsch", "Muttersprache"), ("Englisch", "C1"), ("Französisch", "B1"), ("Spanisch", "Grundkenntnisse")],
    "fr": [("Français", "Langue maternelle"), ("Anglais", "Courant"), ("Espagnol", "Intermédiaire"), ("Allemand", "A2")],
    "es": [("Español", "Nativo"), ("Inglés", "C1"), ("Francés", "B2"), ("Alemán", "Básico")],
}

HEADINGS = {
    "en": {"summary": ["Summary", "Profile", "About Me", "Professional Summary"],
           "work": ["Experience", "Work Experience", "Work History", "Employment", "Professional Experience", "Employment History"],
           "education": ["Education", "Academic Background"],
           "skills": ["Skills", "Technical Skills", "Core Competencies"], "languages": ["Languages"]},
    "de": {"summary": ["Profil", "Über mich", "Zusammenfassung"],
           "work": ["Berufserfahrung", "Beruflicher Werdegang", "Berufliche Erfahrung"],
           "education": ["Ausbildung", "Bildung", "Studium"],
           "skills": ["Kenntnisse", "Fähigkeiten", "IT-Kenntnisse"], "languages": ["Sprachen", "Sprachkenntnisse"]},
    "fr": {"summary": ["Profil", "Résumé"], "work": ["Expérience professionnelle", "Expériences professionnelles", "Parcours professionnel"],
           "education": ["Formation", "Éducation"], "skills": ["Compétences", "Compétences techniques"], "languages": ["Langues"]},
    "es": {"summary": ["Perfil", "Resumen", "Sobre mí"], "work": ["Experiencia laboral", "Experiencia profesional", "Experiencia"],
           "education": ["Formación", "Educación", "Formación académica"],
           "skills": ["Habilidades", "Competencias", "Conocimientos"], "languages": ["Idiomas"]},
}

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "en_long": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "es": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."],
}
NOW = {"en": ["present", "Present", "Now", "Current"], "de": ["heute", "aktuell"], "fr": ["aujourd'hui", "présent"],
       "es": ["actualidad", "presente", "actual"]}
SINCE = {"de": "seit", "fr": "depuis", "es": "desde", "en": "since"}
AT = {"en": "at", "de": "bei", "fr": "chez", "es": "en"}

SUMMARIES = {
    "en": "Engineer with ten years of experience building reliable data platforms and leading small teams.",
    "de": "Erfahrene Fachkraft mit Schwerpunkt auf Datenplattformen, Prozessen und Teamführung.",
    "fr": "Professionnelle rigoureuse avec une solide expérience en gestion de projets et en analyse de données.",
    "es": "Profesional con amplia experiencia en desarrollo de software y gestión de equipos multidisciplinares.",
}
BULLETS = {
    "en": ["Built streaming pipelines on Kafka processing 2M events per day", "Cut cloud costs by 30% by rightsizing clusters",
           "Led a team of 5 engineers through a platform migration", "Introduced code review and CI practices",
           "Designed the reporting dashboards used by 200 analysts", "Mentored three junior developers"],
    "de": ["Aufbau einer Datenplattform für 40 Fachabteilungen", "Einführung von CI/CD und automatisierten Tests",
           "Leitung eines Teams von 6 Entwicklern", "Senkung der Betriebskosten um 25 %"],
    "fr": ["Conception d'une plateforme de données pour 30 équipes", "Mise en place de l'intégration continue",
           "Encadrement d'une équipe de 4 développeurs", "Réduction des coûts d'infrastructure de 20 %"],
    "es": ["Diseño de una plataforma de datos para 25 equipos", "Implantación de integración continua",
           "Coordinación de un equipo de 5 personas", "Reducción de costes de infraestructura del 20 %"],
}


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def fmt_date(lang, style, ym, end=False):
    """ym = (year, month). Returns (text, expected) for one date in the given style."""
    y, m = ym
    if style == "mm/yyyy":
        return f"{m:02d}/{y}", f"{y}-{m:02d}"
    if style == "iso":
        return f"{y}-{m:02d}", f"{y}-{m:02d}"
    if style == "mon":
        return f"{MONTHS[lang][m - 1]} {y}", f"{y}-{m:02d}"
    if style == "month":
        return f"{MONTHS['en_long'][m - 1]} {y}", f"{y}-{m:02d}"
    return f"{y}", f"{y}"  # "year"


def date_range(rng, lang, style, start, end, current):
    """A range in the style; returns (text, startDate, endDate, current)."""
    if style == "since":  # "seit 2020": current, year precision
        return f"{SINCE[lang]} {start[0]}", str(start[0]), None, True
    s_text, s_exp = fmt_date(lang, style, start)
    dash = rng.choice([" – ", " - ", "–"] if style == "year" else [" – ", " - "])
    if style == "iso":
        dash = " to "
    if current:
        now = rng.choice(NOW[lang]) if lang != "en" or style != "mm/yyyy" else "present"
        return f"{s_text}{dash if dash != '–' else ' – '}{now}", s_exp, None, True
    e_text, e_exp = fmt_date(lang, style, end)
    return f"{s_text}{dash}{e_text}", s_exp, e_exp, False


def make_person(rng, index, lang):
    name, location, phone = PEOPLE[lang][index % len(PEOPLE[lang])]
    slug = ascii_slug(name)
    domain = rng.choice(["example.com", "mail.example.org", "example.net"])
    email = f"{slug.replace('-', '.')}@{domain}"
    links = []
    if rng.random() < 0.8:
        links.append({"label": "LinkedIn", "url": f"https://www.linkedin.com/in/{slug}-{rng.randint(10, 99)}"})
    if rng.random() < 0.6:
        links.append({"label": "GitHub", "url": f"https://github.com/{slug}-{rng.choice(['data', 'dev', 'code'])}"})
    website = f"https://{slug}.dev" if rng.random() < 0.3 else None
    date_style = rng.choice({"en": ["mm/yyyy", "mon", "year", "iso", "month"], "de": ["mm/yyyy", "mon", "year", "since"],
                             "fr": ["mm/yyyy", "mon", "year", "since"], "es": ["mm/yyyy", "mon", "year", "since"]}[lang])
    work = []
    year = 2024
    titles = rng.sample(TITLES[lang], 4)
    companies = rng.sample(COMPANIES[lang], 4)
    count = rng.choice([2, 3, 3, 4])
    for i in range(count):
        current = i == 0 and rng.random() < 0.6
        end = (year, rng.randint(1, 12))
        start = (year - rng.randint(1, 4), rng.randint(1, 12))
        style = date_style if (date_style != "since" or i == 0) else "mm/yyyy" if lang != "en" else "year"
        if style == "since" and not current:
            style = "year"
        text, s, e, cur = date_range(rng, lang, style, start, end, current)
        work.append({"company": companies[i], "position": titles[i], "startDate": s, "endDate": e, "current": cur,
                     "_dates": text, "highlights": rng.sample(BULLETS[lang], rng.choice([0, 2, 3]))})
        year = start[0] - (1 if rng.random() < 0.5 else 0)
    education = []
    for i, (deg, area, school) in enumerate(rng.sample(EDUCATION[lang], rng.choice([1, 2]))):
        end_year = year - i * 2
        start_year = end_year - rng.choice([3, 4])
        education.append({"institution": school, "studyType": deg, "area": area,
                          "startDate": str(start_year), "endDate": str(end_year)})
    skills = rng.sample(SKILLS, rng.randint(5, 9))
    languages = [{"language": l, "fluency": f} for l, f in rng.sample(LANGS[lang], rng.choice([2, 3]))]
    # the mother tongue first, as people write it
    native = LANGS[lang][0]
    if languages[0]["language"] != native[0]:
        languages = [{"language": native[0], "fluency": native[1]}] + [l for l in languages if l["language"] != native[0]][:2]
    return {"lang": lang, "name": name, "location": location, "phone": phone, "email": email, "links": links,
            "website": website, "work": work, "education": education, "skills": skills, "languages": languages,
            "headings": {k: rng.choice(v) for k, v in HEADINGS[lang].items()}, "summary": SUMMARIES[lang]}


def expected(p, grouped_skills):
    skills = ([{"name": g, "keywords": ks} for g, ks in grouped_skills] if grouped_skills
              else [{"name": s} for s in p["skills"]])
    return {
        "profile": {"name": p["name"], "email": p["email"], "phone": p["phone"], "location": p["location"],
                    "website": p["website"], "links": p["links"]},
        "work": [{k: v for k, v in w.items() if not k.startswith("_") and k != "highlights"} for w in p["work"]],
        "education": [{k: v for k, v in e.items() if v is not None} for e in p["education"]],
        "skills": skills,
        "languages": p["languages"],
    }


def degree_text(lang, e):
    if e["area"] is None:
        return e["studyType"]
    joiner = {"en": " in ", "de": " ", "fr": " ", "es": " en "}[lang]
    if lang == "en" and e["studyType"] in ("BSc", "MSc", "BEng"):
        joiner = " "
    return f"{e['studyType']}{joiner}{e['area']}"


def link_text(url, rng):
    return url if rng.random() < 0.5 else re.sub(r"^https://(www\.)?", "", url)


def group_skills(rng, p):
    if rng.random() < 0.35 and len(p["skills"]) >= 6:
        half = len(p["skills"]) // 2
        names = {"en": ("Languages & Tools", "Platforms"), "de": ("Programmierung", "Werkzeuge"),
                 "fr": ("Langages", "Outils"), "es": ("Lenguajes", "Herramientas")}[p["lang"]]
        return [(names[0], p["skills"][:half]), (names[1], p["skills"][half:])]
    return None


# ---------------------------------------------------------------- plain text

def work_header_lines(rng, p, w, form):
    t, c, d = w["position"], w["company"], w["_dates"]
    if form == "comma":
        return [f"{t}, {c}    {d}"]
    if form == "pipe":
        return [f"{c} | {t} | {d}"]
    if form == "at":
        return [f"{t} {AT[p['lang']]} {c} ({d})"]
    if form == "two":
        return [t, f"{c} · {d}"]
    if form == "three":
        return [c, t, d]
    return [f"{d}  {t}, {c}"]  # dates first


def text_resume(rng, p, grouped):
    form = rng.choice(["comma", "pipe", "at", "two", "three", "datesfirst"])
    bullet = rng.choice(["- ", "• ", "* ", "▪ "])
    upper = rng.random() < 0.4
    h = {k: (v.upper() if upper else v) for k, v in p["headings"].items()}
    colon = ":" if rng.random() < 0.2 else ""
    lines = [p["name"]]
    contact = [p["email"], p["phone"], p["location"]] + [link_text(l["url"], rng) for l in p["links"]]
    if p["website"]:
        contact.append(p["website"])
    if rng.random() < 0.5:
        lines.append(" | ".join(contact))
    else:
        lines += contact
    lines += ["", h["summary"] + colon, p["summary"], "", h["work"] + colon]
    for w in p["work"]:
        lines += work_header_lines(rng, p, w, form)
        if w["highlights"] and rng.random() < 0.75:
            lines += [bullet + b for b in w["highlights"]]
        elif w["highlights"]:
            lines.append(". ".join(w["highlights"]) + ".")
        lines.append("")
    lines.append(h["education"] + colon)
    for e in p["education"]:
        years = f"{e['startDate']} – {e['endDate']}"
        if form in ("pipe", "comma", "datesfirst"):
            lines.append(f"{degree_text(p['lang'], e)}, {e['institution']}, {years}")
        else:
            lines += [e["institution"], f"{degree_text(p['lang'], e)} · {years}"]
    lines += ["", h["skills"] + colon]
    if grouped:
        lines += [f"{g}: {', '.join(ks)}" for g, ks in grouped]
    elif rng.random() < 0.5:
        lines.append(", ".join(p["skills"]))
    else:
        lines += [bullet + s for s in p["skills"]]
    lines += ["", h["languages"] + colon]
    lang_form = rng.choice(["paren", "dash", "colon"])
    for l in p["languages"]:
        lines.append({"paren": f"{l['language']} ({l['fluency']})", "dash": f"{l['language']} – {l['fluency']}",
                      "colon": f"{l['language']}: {l['fluency']}"}[lang_form])
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML for Chromium

CSS = {
    "onecol": "body{font:10.5pt 'DejaVu Sans',sans-serif;margin:0}h1{font-size:22pt;margin:0}h2{font-size:13pt;"
              "border-bottom:1px solid #999;margin:14px 0 6px}.head{display:flex;justify-content:space-between;"
              "font-weight:bold}.sub{color:#444}ul{margin:2px 0 8px}.contact{color:#333}",
    "twocol": "body{font:10pt 'Liberation Sans',sans-serif;margin:0}h1{font-size:24pt;margin:0 0 4px}"
              ".cols{display:grid;grid-template-columns:1fr 1fr;gap:36px}h2{font-size:12.5pt;text-transform:uppercase;"
              "letter-spacing:1px;color:#225}.head{font-weight:bold}.dates{color:#555;font-style:italic}ul{padding-left:16px}",
    "sidebar": "body{font:10pt 'DejaVu Sans',sans-serif;margin:0}.wrap{display:grid;grid-template-columns:235px 1fr;"
               "gap:28px}aside{background:#eef3f6;padding:10px;font-size:9pt}h1{font-size:21pt;margin:0}h2{font-size:12pt;"
               "text-transform:uppercase;color:#1b5e6b}aside h2{font-size:11pt}.head{display:flex;"
               "justify-content:space-between}.head b{font-size:10.5pt}ul{padding-left:15px}aside p{margin:2px 0;"
               "overflow-wrap:anywhere}",
    "table": "body{font:10pt 'Liberation Serif',serif;margin:0}h1{font-size:20pt;text-align:center;margin:0}"
             ".contact{text-align:center}h2{font-size:12pt;font-variant:small-caps;border-bottom:1px solid #000}"
             "table{width:100%;border-collapse:collapse}td{vertical-align:top;padding:3px 4px}td.when{width:130px}",
}


def e(s):
    return html.escape(s)


def entry_html(p, w, layout, rng, bullets_as_list):
    t, c, d = e(w["position"]), e(w["company"]), e(w["_dates"])
    body = ""
    if w["highlights"]:
        body = ("<ul>" + "".join(f"<li>{e(b)}</li>" for b in w["highlights"]) + "</ul>" if bullets_as_list
                else f"<p>{e('. '.join(w['highlights']))}.</p>")
    if layout == "table":
        return f"<tr><td class=when>{d}</td><td><b>{t}</b>, {c}{body}</td></tr>"
    if layout == "twocol":
        return f"<div><div class=head>{t}</div><div>{c}</div><div class=dates>{d}</div>{body}</div>"
    return f"<div><div class=head><b>{t}</b><span>{d}</span></div><div class=sub>{c}</div>{body}</div>"


def html_resume(rng, p, layout, grouped):
    h = p["headings"]
    lang = p["lang"]
    bullets_as_list = rng.random() < 0.8
    contact_items = [e(p["email"]), e(p["phone"]), e(p["location"])]
    contact_items += [f"<a href='{e(l['url'])}'>{e(link_text(l['url'], rng))}</a>" for l in p["links"]]
    if p["website"]:
        contact_items.append(f"<a href='{e(p['website'])}'>{e(p['website'])}</a>")
    work = "".join(entry_html(p, w, layout, rng, bullets_as_list) for w in p["work"])
    edu = "".join(
        f"<tr><td class=when>{ed['startDate']} – {ed['endDate']}</td><td><b>{e(degree_text(lang, ed))}</b>, "
        f"{e(ed['institution'])}</td></tr>" if layout == "table" else
        f"<div><div class=head><b>{e(ed['institution'])}</b><span>{ed['startDate']} – {ed['endDate']}</span></div>"
        f"<div class=sub>{e(degree_text(lang, ed))}</div></div>" for ed in p["education"])
    if grouped:
        skills = "".join(f"<p><b>{e(g)}:</b> {e(', '.join(ks))}</p>" for g, ks in grouped)
    elif layout in ("sidebar", "twocol"):
        skills = "<ul>" + "".join(f"<li>{e(s)}</li>" for s in p["skills"]) + "</ul>"
    else:
        skills = f"<p>{e(', '.join(p['skills']))}</p>"
    langs = "".join(f"<p>{e(l['language'])} ({e(l['fluency'])})</p>" for l in p["languages"])
    summary = f"<h2>{e(h['summary'])}</h2><p>{e(p['summary'])}</p>"
    if layout == "table":
        body = (f"<h1>{e(p['name'])}</h1><p class=contact>{' · '.join(contact_items)}</p>{summary}"
                f"<h2>{e(h['work'])}</h2><table>{work}</table><h2>{e(h['education'])}</h2><table>{edu}</table>"
                f"<h2>{e(h['skills'])}</h2>{skills}<h2>{e(h['languages'])}</h2>{langs}")
    elif layout == "sidebar":
        side = (f"<h2>Contact</h2>{''.join(f'<p>{c}</p>' for c in contact_items)}<h2>{e(h['skills'])}</h2>{skills}"
                f"<h2>{e(h['languages'])}</h2>{langs}")
        main = f"<h1>{e(p['name'])}</h1>{summary}<h2>{e(h['work'])}</h2>{work}<h2>{e(h['education'])}</h2>{edu}"
        body = f"<div class=wrap><aside>{side}</aside><main>{main}</main></div>"
    elif layout == "twocol":
        left = f"{summary}<h2>{e(h['work'])}</h2>{work}"
        right = (f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2>{skills}"
                 f"<h2>{e(h['languages'])}</h2>{langs}")
        body = (f"<h1>{e(p['name'])}</h1><p>{' | '.join(contact_items)}</p>"
                f"<div class=cols><div>{left}</div><div>{right}</div></div>")
    else:
        body = (f"<h1>{e(p['name'])}</h1><p class=contact>{' · '.join(contact_items)}</p>{summary}"
                f"<h2>{e(h['work'])}</h2>{work}<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2>{skills}"
                f"<h2>{e(h['languages'])}</h2>{langs}")
    size = rng.choice(["A4", "Letter"])
    return (f"<!doctype html><html lang={lang}><meta charset=utf-8><style>@page{{size:{size};margin:16mm}}"
            f"{CSS[layout]}</style><body>{body}</body></html>")


def chromium_pdf(html_text, path):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "r.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(html_text)
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", "file://" + src],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


# ---------------------------------------------------------------- groff

def groff_escape(s):
    s = s.replace("\\", "\\e")
    return "\\&" + s if s.startswith((".", "'")) else s


def groff_resume(rng, p, grouped):
    h = p["headings"]
    lang = p["lang"]
    g = [".nh", ".na", ".ds CH", ".nr PS 10", ".nr VS 12", ".LP", f".ps 18", f"\\fB{groff_escape(p['name'])}\\fP",
         ".ps 10", ".br"]
    contact = [p["email"], p["phone"], p["location"]] + [link_text(l["url"], rng) for l in p["links"]]
    if p["website"]:
        contact.append(p["website"])
    g += [groff_escape(" | ".join(contact)), ".SH", groff_escape(h["summary"]), ".LP", groff_escape(p["summary"]),
          ".SH", groff_escape(h["work"])]
    for w in p["work"]:
        g += [".LP", f"\\fB{groff_escape(w['position'])}\\fP \\(em {groff_escape(w['company'])}", ".br",
              f"\\fI{groff_escape(w['_dates'])}\\fP"]
        for b in w["highlights"]:
            g += [".IP \\(bu 2", groff_escape(b)]
    g += [".SH", groff_escape(h["education"])]
    for ed in p["education"]:
        g += [".LP", f"\\fB{groff_escape(ed['institution'])}\\fP", ".br",
              groff_escape(f"{degree_text(lang, ed)}, {ed['startDate']} – {ed['endDate']}")]
    g += [".SH", groff_escape(h["skills"]), ".LP"]
    if grouped:
        for name, ks in grouped:
            g += [f"\\fB{groff_escape(name)}:\\fP {groff_escape(', '.join(ks))}", ".br"]
    else:
        g.append(groff_escape(", ".join(p["skills"])))
    g += [".SH", groff_escape(h["languages"]), ".LP"]
    for l in p["languages"]:
        g += [groff_escape(f"{l['language']} \u2013 {l['fluency']}"), ".br"]
    return "\n".join(g) + "\n"


def groff_pdf(source, path):
    result = subprocess.run(["groff", "-k", "-ms", "-Tpdf", "-P-pa4"], input=source.encode("utf-8"),
                            check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    with open(path, "wb") as f:
        f.write(result.stdout)


# ---------------------------------------------------------------- DOCX (WordprocessingML written by hand)

def docx(paragraphs, path):
    """paragraphs: list of ("p", text, {bold, size, heading}) or ("row", [cell texts])."""
    def run(text, bold=False, size=None):
        props = ("<w:b/>" if bold else "") + (f"<w:sz w:val='{size * 2}'/>" if size else "")
        return (f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}"
                f"<w:t xml:space='preserve'>{html.escape(text, quote=False)}</w:t></w:r>")

    body = []
    for item in paragraphs:
        if item[0] == "row":
            cells = "".join(f"<w:tc><w:tcPr><w:tcW w:w='{w}' w:type='dxa'/></w:tcPr>"
                            + "".join(f"<w:p>{run(t)}</w:p>" for t in texts) + "</w:tc>"
                            for texts, w in zip(item[1], (2400, 7000)))
            body.append(f"<w:tbl><w:tblPr><w:tblW w:w='9400' w:type='dxa'/></w:tblPr><w:tr>{cells}</w:tr></w:tbl>")
            continue
        _, text, opts = item
        style = f"<w:pPr><w:pStyle w:val='{opts['heading']}'/></w:pPr>" if opts.get("heading") else ""
        body.append(f"<w:p>{style}{run(text, opts.get('bold', False), opts.get('size'))}</w:p>")
    document = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
                "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
                + "".join(body) + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   "<?xml version='1.0' encoding='UTF-8'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                   "content-types'><Default Extension='rels' ContentType='application/vnd.openxmlformats-package."
                   "relationships+xml'/><Default Extension='xml' ContentType='application/xml'/><Override PartName="
                   "'/word/document.xml' ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml."
                   "document.main+xml'/></Types>")
        z.writestr("_rels/.rels",
                   "<?xml version='1.0' encoding='UTF-8'?><Relationships xmlns='http://schemas.openxmlformats.org/"
                   "package/2006/relationships'><Relationship Id='rId1' Type='http://schemas.openxmlformats.org/"
                   "officeDocument/2006/relationships/officeDocument' Target='word/document.xml'/></Relationships>")
        z.writestr("word/document.xml", document)


def docx_resume(rng, p, grouped, tables):
    h = p["headings"]
    lang = p["lang"]
    out = [("p", p["name"], {"bold": True, "size": 20, "heading": "Title"})]
    contact = [p["email"], p["phone"], p["location"]] + [link_text(l["url"], rng) for l in p["links"]]
    if p["website"]:
        contact.append(p["website"])
    out.append(("p", " · ".join(contact), {}))
    head = lambda t: ("p", t.upper() if rng.random() < 0.3 else t, {"bold": True, "size": 14, "heading": "Heading1"})
    out += [head(h["summary"]), ("p", p["summary"], {}), head(h["work"])]
    for w in p["work"]:
        if tables:
            out.append(("row", [[w["_dates"]], [f"{w['position']}, {w['company']}"] + ["• " + b for b in w["highlights"]]]))
        else:
            out.append(("p", f"{w['position']} — {w['company']}", {"bold": True}))
            out.append(("p", w["_dates"], {}))
            out += [("p", "• " + b, {}) for b in w["highlights"]]
    out.append(head(h["education"]))
    for ed in p["education"]:
        years = f"{ed['startDate']} – {ed['endDate']}"
        if tables:
            out.append(("row", [[years], [f"{degree_text(lang, ed)}, {ed['institution']}"]]))
        else:
            out += [("p", ed["institution"], {"bold": True}), ("p", f"{degree_text(lang, ed)}, {years}", {})]
    out.append(head(h["skills"]))
    out += ([("p", f"{g}: {', '.join(ks)}", {}) for g, ks in grouped] if grouped
            else [("p", " · ".join(p["skills"]), {})])
    out.append(head(h["languages"]))
    out += [("p", f"{l['language']} ({l['fluency']})", {}) for l in p["languages"]]
    return out


# ---------------------------------------------------------------- the plan

PLAN = (
    [("txt", None)] * 12
    + [("pdf-chromium", "onecol")] * 4 + [("pdf-chromium", "twocol")] * 4 + [("pdf-chromium", "sidebar")] * 4
    + [("pdf-chromium", "table")] * 3
    + [("pdf-groff", None)] * 7
    + [("docx", "paragraphs")] * 4 + [("docx", "table")] * 3
)
LANG_CYCLE = ["en", "de", "fr", "es", "en", "en"]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if not f.startswith("template-"):
            os.remove(os.path.join(OUT, f))
    counters = {}
    for i, (fmt, layout) in enumerate(PLAN):
        rng = random.Random(1000 + i)
        lang = LANG_CYCLE[i % len(LANG_CYCLE)]
        counters[lang] = counters.get(lang, 0) + 1
        p = make_person(rng, counters[lang] - 1, lang)
        grouped = group_skills(rng, p)
        name = f"{i + 1:02d}-{lang}-{fmt}" + (f"-{layout}" if layout else "")
        base = os.path.join(OUT, name)
        if fmt == "txt":
            with open(base + ".txt", "w", encoding="utf-8") as f:
                f.write(text_resume(rng, p, grouped))
        elif fmt == "pdf-chromium":
            chromium_pdf(html_resume(rng, p, layout, grouped), base + ".pdf")
        elif fmt == "pdf-groff":
            groff_pdf(groff_resume(rng, p, grouped), base + ".pdf")
        else:
            docx(docx_resume(rng, p, grouped, layout == "table"), base + ".docx")
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(expected(p, grouped), f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(name, file=sys.stderr)


if __name__ == "__main__":
    main()
