import { t } from "../i18n";
import type en from "../i18n/en.json";
import type { FieldKind, FieldSpec } from "./validation";

// How each field is shown. What it must satisfy comes from the server (GET /api/v1/documents/rules).
// Labels, titles and hints are translation keys read when shown (getters), so a language change needs no reload.

/** The keys of a resource object whose values are texts (not nested groups). */
type TextKeys<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];
type Label = TextKeys<(typeof en)["field"]>;
type Hint = TextKeys<(typeof en)["placeholder"]>;
type Section = keyof (typeof en)["editor"]["section"];

export interface ListSection {
  key: string;
  title: string;
  itemName: string;
  fields: FieldSpec[];
  summary(item: Record<string, unknown>): string;
  /** A nested list inside each item (custom section items). */
  nested?: ListSection;
}

// Getters are written into the literal itself: spreading an object would read a getter once, in today's language.
function field(key: string, label: Label, kind?: FieldKind, placeholder?: Hint): FieldSpec {
  return {
    key,
    kind,
    get label() {
      return t(`field.${label}`);
    },
    get placeholder() {
      return placeholder ? t(`placeholder.${placeholder}`) : undefined;
    },
  };
}

type Summary = (item: Record<string, unknown>) => unknown;

function section(
  key: string,
  names: Section,
  fields: FieldSpec[],
  summary: Summary,
  nested?: ListSection,
): ListSection {
  return {
    key,
    get title() {
      return t(`editor.section.${names}.title`);
    },
    get itemName() {
      return t(`editor.section.${names}.item`);
    },
    fields,
    summary: (i) => String(summary(i) || t(`editor.section.${names}.new`)),
    ...(nested ? { nested } : {}),
  };
}

/** "Engineer at Acme", "Engineer", "Acme" or "" (then the section's "New …"). */
const roleAt = (role: unknown, place: unknown) =>
  role && place ? t("editor.roleAt", { role: String(role), place: String(place) }) : String(role || place || "");
const joined = (...parts: unknown[]) => parts.filter(Boolean).join(" · ");

export const profileFields: FieldSpec[] = [
  field("name", "fullName"),
  field("headline", "headline", undefined, "headline"),
  field("email", "email", "email"),
  field("phone", "phone"),
  field("location", "location", undefined, "city"),
  field("address", "streetAddress"),
  field("postalCode", "postalCode"),
  field("region", "region"),
  field("countryCode", "countryCode", undefined, "countryCode"),
  field("website", "website", "url"),
  field("summary", "summary", "textarea"),
];

export const linkSection: ListSection = section(
  "links",
  "links",
  [field("label", "label", undefined, "linkLabel"), field("username", "username"), field("url", "url", "url")],
  (i) => i.label || i.url,
);

export const resumeSections: ListSection[] = [
  section(
    "work",
    "work",
    [
      field("position", "position"),
      field("company", "company"),
      field("location", "location"),
      field("description", "aboutCompany", undefined, "aboutCompany"),
      field("url", "companyWebsite", "url"),
      field("startDate", "startDate", "date"),
      field("endDate", "endDate", "date"),
      field("current", "currentlyHere", "checkbox"),
      field("summary", "summary", "textarea"),
      field("highlights", "highlights", "lines"),
    ],
    (i) => roleAt(i.position, i.company),
  ),
  section(
    "education",
    "education",
    [
      field("institution", "institution"),
      field("url", "institutionWebsite", "url"),
      field("studyType", "degree"),
      field("area", "fieldOfStudy"),
      field("location", "location"),
      field("startDate", "startDate", "date"),
      field("endDate", "endDate", "date"),
      field("score", "grade"),
      field("courses", "courses", "lines"),
    ],
    (i) => i.institution,
  ),
  section(
    "skills",
    "skills",
    [field("name", "skill"), field("level", "level", "select"), field("keywords", "keywords", "csv")],
    (i) => joined(i.name, i.level),
  ),
  section(
    "projects",
    "projects",
    [
      field("name", "name"),
      field("entity", "entity"),
      field("type", "type", undefined, "projectType"),
      field("url", "url", "url"),
      field("startDate", "startDate", "date"),
      field("endDate", "endDate", "date"),
      field("description", "description", "textarea"),
      field("roles", "roles", "csv"),
      field("highlights", "highlights", "lines"),
      field("keywords", "keywords", "csv"),
    ],
    (i) => i.name,
  ),
  section(
    "certifications",
    "certifications",
    [field("name", "name"), field("issuer", "issuer"), field("date", "date", "date"), field("url", "url", "url")],
    (i) => i.name,
  ),
  section(
    "languages",
    "languages",
    [field("language", "language"), field("fluency", "fluency", undefined, "fluency")],
    (i) => joined(i.language, i.fluency),
  ),
  section(
    "volunteer",
    "volunteer",
    [
      field("position", "role"),
      field("organization", "organisation"),
      field("url", "website", "url"),
      field("startDate", "startDate", "date"),
      field("endDate", "endDate", "date"),
      field("summary", "summary", "textarea"),
      field("highlights", "highlights", "lines"),
    ],
    (i) => roleAt(i.position, i.organization),
  ),
  section(
    "awards",
    "awards",
    [
      field("title", "award"),
      field("awarder", "awarder"),
      field("date", "date", "date"),
      field("summary", "summary", "textarea"),
    ],
    (i) => i.title,
  ),
  section(
    "publications",
    "publications",
    [
      field("name", "title"),
      field("publisher", "publisher"),
      field("releaseDate", "published", "date"),
      field("url", "url", "url"),
      field("summary", "summary", "textarea"),
    ],
    (i) => i.name,
  ),
  section("interests", "interests", [field("name", "interest"), field("keywords", "keywords", "csv")], (i) => i.name),
  section(
    "references",
    "references",
    [field("name", "referenceName"), field("reference", "referenceText", "textarea")],
    (i) => i.name,
  ),
  section(
    "customSections",
    "custom",
    [field("title", "sectionTitle")],
    (i) => i.title,
    section(
      "items",
      "entries",
      [
        field("title", "title"),
        field("subtitle", "subtitle"),
        field("date", "date", "date"),
        field("description", "description", "textarea"),
        field("highlights", "highlights", "lines"),
      ],
      (i) => i.title,
    ),
  ),
];

export const coverLetterFields: { readonly title: string; base: string; fields: FieldSpec[] }[] = [
  {
    get title() {
      return t("editor.letter.sender");
    },
    base: "data.sender",
    fields: profileFields.filter((f) => f.key !== "summary"),
  },
  {
    get title() {
      return t("editor.letter.recipient");
    },
    base: "data.recipient",
    fields: [
      field("name", "recipientName"),
      field("title", "recipientTitle"),
      field("company", "company"),
      field("address", "address", "textarea"),
    ],
  },
  {
    get title() {
      return t("editor.letter.letter");
    },
    base: "data",
    fields: [
      field("date", "date", "date"),
      field("subject", "subject"),
      field("greeting", "greeting", undefined, "greeting"),
      field("paragraphs", "body", "paragraphs"),
      field("closing", "closing", undefined, "closing"),
      field("signature", "signature"),
    ],
  },
];
