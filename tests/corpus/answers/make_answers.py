#!/usr/bin/env python3
"""Writes the fake vendor's answers for the corpus: what a good model answers for each resume (see README.md).

Not recordings of a real vendor: each answer is the case's expected data as a chat model formats it, with the
mistakes such models are known to make, chosen by a fixed rule per case (so re-running gives the same files):
  - skills grouped under a category with keywords (harmless: the score reads a group's keywords);
  - links and websites written with https:// where the text leaves the scheme out (the schema wants absolute URLs);
  - the oldest job left out of a long resume (three jobs or more), its repair request answered whole, except once,
    where the repair leaves it out again (the parser's entry is merged in);
  - the location cut to the city ("Berlin" for "Berlin, Germany");
  - a degree written out ("Bachelor of Science" for "BSc");
  - a language with its level in the name ("French (Fluent)");
  - a soft skill the text does not list ("Communication");
  - a phone rewritten in international form with a country code the text does not give.
Usage: python3 tests/corpus/answers/make_answers.py
"""
import json, pathlib, re

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE.parent
DEGREES = {"BSc": "Bachelor of Science", "MSc": "Master of Science", "BA": "Bachelor of Arts", "MA": "Master of Arts",
           "PhD": "Doctor of Philosophy", "MBA": "Master of Business Administration"}
COUNTRY = {"en": "+1", "de": "+49", "fr": "+33", "es": "+34"}


def clean(value):
    """Nulls and empty optional values left out, as models asked to omit unknown fields do."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def answer(expected, number, lang, kinds):
    a = clean(json.loads(json.dumps(expected)))
    a.setdefault("profile", {}).setdefault("links", [])
    for w in a.get("work", []):
        w.setdefault("highlights", [])
        w.setdefault("current", False)
    for e in a.get("education", []):
        e.setdefault("courses", [])
    for s in a.get("skills", []):
        s.setdefault("keywords", [])
    repair = None
    profile = a["profile"]
    # A URL field holds an absolute URL (the schema says so): the model writes the scheme the text left out.
    for link in profile["links"]:
        if not link.get("url", "").startswith(("http://", "https://")):
            link["url"] = "https://" + link["url"]
    if profile.get("website") and not profile["website"].startswith(("http://", "https://")):
        profile["website"] = "https://" + profile["website"]
    if number % 7 == 3 and "," in profile.get("location", ""):
        profile["location"] = profile["location"].split(",")[0].strip()
        kinds.append("location cut to the city")
    if number % 9 == 4:
        for e in a.get("education", []):
            if e.get("studyType") in DEGREES:
                e["studyType"] = DEGREES[e["studyType"]]
                kinds.append("degree written out")
                break
    if number % 8 == 2 and len(a.get("languages", [])) >= 2:
        l = a["languages"][1]
        if l.get("fluency"):
            l["language"] = f"{l['language']} ({l['fluency']})"
            kinds.append("level in a language's name")
    if number % 10 == 7 and a.get("skills"):
        a["skills"].append({"name": "Communication", "keywords": []})
        kinds.append("a soft skill added")
    if number % 5 == 0 and profile.get("phone") and not profile["phone"].startswith("+"):
        digits = re.sub(r"\D", "", profile["phone"]).lstrip("0")
        profile["phone"] = f"{COUNTRY.get(lang, '+1')} {digits}"
        kinds.append("phone with an added country code")
    if number % 2 == 0 and len(a.get("skills", [])) >= 6 and all(not s["keywords"] for s in a["skills"]):
        names = [s["name"] for s in a["skills"]]
        a["skills"] = [{"name": "Technical skills", "keywords": names}]
        kinds.append("skills grouped")
    if number % 6 == 5 and len(a.get("work", [])) >= 3:
        repair = json.loads(json.dumps(a))
        a["work"] = a["work"][:-1]
        kinds.append("oldest job dropped")
        if number == 5:
            repair = None  # the repair leaves it out again: answered with the same first answer
            kinds.append("repair drops it again")
        else:
            kinds.append("repair restores it")
    return a, repair


def write(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    summary = []
    for case in sorted((CORPUS / "cases").glob("*.json")):
        name = case.stem
        number, lang = int(name.split("-")[0]), name.split("-")[1]
        kinds = []
        a, repair = answer(json.loads(case.read_text(encoding="utf-8")), number, lang, kinds)
        write(HERE / f"{name}.json", a)
        if repair is not None:
            write(HERE / f"{name}.repair.json", repair)
        summary.append(f"{name}: {', '.join(kinds) or 'as expected'}")
    # Every template prints the same document: one answer serves them all.
    template = sorted((CORPUS / "templates").glob("*.json"))[0]
    kinds = []
    a, repair = answer(json.loads(template.read_text(encoding="utf-8")), 11, "en", kinds)
    write(HERE / "templates.json", a)
    write(HERE / "templates.repair.json", repair)
    summary.append(f"templates: {', '.join(kinds) or 'as expected'}")
    print("\n".join(summary))


main()
