import type { FieldSpec } from "./validation";

// How each field is shown. What it must satisfy comes from the server (GET /api/v1/documents/rules).

export interface ListSection {
  key: string;
  title: string;
  itemName: string;
  fields: FieldSpec[];
  summary(item: Record<string, unknown>): string;
  /** A nested list inside each item (custom section items). */
  nested?: ListSection;
}

export const profileFields: FieldSpec[] = [
  { key: "name", label: "Full name" },
  { key: "headline", label: "Headline", placeholder: "Senior software engineer" },
  { key: "email", label: "Email", kind: "email" },
  { key: "phone", label: "Phone" },
  { key: "location", label: "Location", placeholder: "City, e.g. Berlin" },
  { key: "address", label: "Street address" },
  { key: "postalCode", label: "Postal code" },
  { key: "region", label: "Region or state" },
  { key: "countryCode", label: "Country code", placeholder: "DE, US, …" },
  { key: "website", label: "Website", kind: "url" },
  { key: "summary", label: "Summary", kind: "textarea" },
];

export const linkSection: ListSection = {
  key: "links",
  title: "Links",
  itemName: "link",
  fields: [
    { key: "label", label: "Label", placeholder: "GitHub" },
    { key: "username", label: "Username" },
    { key: "url", label: "URL", kind: "url" },
  ],
  summary: (i) => String(i.label || i.url || "New link"),
};

export const resumeSections: ListSection[] = [
  {
    key: "work",
    title: "Work experience",
    itemName: "position",
    fields: [
      { key: "position", label: "Position" },
      { key: "company", label: "Company" },
      { key: "location", label: "Location" },
      { key: "description", label: "About the company", placeholder: "Sales engagement platform" },
      { key: "url", label: "Company website", kind: "url" },
      { key: "startDate", label: "Start date", kind: "date" },
      { key: "endDate", label: "End date", kind: "date" },
      { key: "current", label: "I currently work here", kind: "checkbox" },
      { key: "summary", label: "Summary", kind: "textarea" },
      { key: "highlights", label: "Highlights", kind: "lines" },
    ],
    summary: (i) => [i.position, i.company].filter(Boolean).join(" at ") || "New position",
  },
  {
    key: "education",
    title: "Education",
    itemName: "education",
    fields: [
      { key: "institution", label: "Institution" },
      { key: "url", label: "Institution website", kind: "url" },
      { key: "studyType", label: "Degree" },
      { key: "area", label: "Field of study" },
      { key: "location", label: "Location" },
      { key: "startDate", label: "Start date", kind: "date" },
      { key: "endDate", label: "End date", kind: "date" },
      { key: "score", label: "Grade" },
      { key: "courses", label: "Courses", kind: "lines" },
    ],
    summary: (i) => String(i.institution || "New education"),
  },
  {
    key: "skills",
    title: "Skills",
    itemName: "skill",
    fields: [
      { key: "name", label: "Skill" },
      { key: "level", label: "Level", kind: "select" },
      { key: "keywords", label: "Keywords", kind: "csv" },
    ],
    summary: (i) => [i.name, i.level].filter(Boolean).join(" · ") || "New skill",
  },
  {
    key: "projects",
    title: "Projects",
    itemName: "project",
    fields: [
      { key: "name", label: "Name" },
      { key: "entity", label: "For (company or organisation)" },
      { key: "type", label: "Type", placeholder: "application, talk, conference, …" },
      { key: "url", label: "URL", kind: "url" },
      { key: "startDate", label: "Start date", kind: "date" },
      { key: "endDate", label: "End date", kind: "date" },
      { key: "description", label: "Description", kind: "textarea" },
      { key: "roles", label: "Roles", kind: "csv" },
      { key: "highlights", label: "Highlights", kind: "lines" },
      { key: "keywords", label: "Keywords", kind: "csv" },
    ],
    summary: (i) => String(i.name || "New project"),
  },
  {
    key: "certifications",
    title: "Certifications",
    itemName: "certification",
    fields: [
      { key: "name", label: "Name" },
      { key: "issuer", label: "Issuer" },
      { key: "date", label: "Date", kind: "date" },
      { key: "url", label: "URL", kind: "url" },
    ],
    summary: (i) => String(i.name || "New certification"),
  },
  {
    key: "languages",
    title: "Languages",
    itemName: "language",
    fields: [
      { key: "language", label: "Language" },
      { key: "fluency", label: "Fluency", placeholder: "Native, C1, …" },
    ],
    summary: (i) => [i.language, i.fluency].filter(Boolean).join(" · ") || "New language",
  },
  {
    key: "volunteer",
    title: "Volunteering",
    itemName: "volunteering",
    fields: [
      { key: "position", label: "Role" },
      { key: "organization", label: "Organisation" },
      { key: "url", label: "Website", kind: "url" },
      { key: "startDate", label: "Start date", kind: "date" },
      { key: "endDate", label: "End date", kind: "date" },
      { key: "summary", label: "Summary", kind: "textarea" },
      { key: "highlights", label: "Highlights", kind: "lines" },
    ],
    summary: (i) => [i.position, i.organization].filter(Boolean).join(" at ") || "New volunteering",
  },
  {
    key: "awards",
    title: "Awards",
    itemName: "award",
    fields: [
      { key: "title", label: "Award" },
      { key: "awarder", label: "Awarded by" },
      { key: "date", label: "Date", kind: "date" },
      { key: "summary", label: "Summary", kind: "textarea" },
    ],
    summary: (i) => String(i.title || "New award"),
  },
  {
    key: "publications",
    title: "Publications",
    itemName: "publication",
    fields: [
      { key: "name", label: "Title" },
      { key: "publisher", label: "Publisher" },
      { key: "releaseDate", label: "Published", kind: "date" },
      { key: "url", label: "URL", kind: "url" },
      { key: "summary", label: "Summary", kind: "textarea" },
    ],
    summary: (i) => String(i.name || "New publication"),
  },
  {
    key: "interests",
    title: "Interests",
    itemName: "interest",
    fields: [
      { key: "name", label: "Interest" },
      { key: "keywords", label: "Keywords", kind: "csv" },
    ],
    summary: (i) => String(i.name || "New interest"),
  },
  {
    key: "references",
    title: "References",
    itemName: "reference",
    fields: [
      { key: "name", label: "Name and role" },
      { key: "reference", label: "What they said", kind: "textarea" },
    ],
    summary: (i) => String(i.name || "New reference"),
  },
  {
    key: "customSections",
    title: "Custom sections",
    itemName: "section",
    fields: [{ key: "title", label: "Section title" }],
    summary: (i) => String(i.title || "New section"),
    nested: {
      key: "items",
      title: "Entries",
      itemName: "entry",
      fields: [
        { key: "title", label: "Title" },
        { key: "subtitle", label: "Subtitle" },
        { key: "date", label: "Date", kind: "date" },
        { key: "description", label: "Description", kind: "textarea" },
        { key: "highlights", label: "Highlights", kind: "lines" },
      ],
      summary: (i) => String(i.title || "New entry"),
    },
  },
];

export const coverLetterFields: { title: string; base: string; fields: FieldSpec[] }[] = [
  { title: "Sender", base: "data.sender", fields: profileFields.filter((f) => f.key !== "summary") },
  {
    title: "Recipient",
    base: "data.recipient",
    fields: [
      { key: "name", label: "Recipient name" },
      { key: "title", label: "Recipient title" },
      { key: "company", label: "Company" },
      { key: "address", label: "Address", kind: "textarea" },
    ],
  },
  {
    title: "Letter",
    base: "data",
    fields: [
      { key: "date", label: "Date", kind: "date" },
      { key: "subject", label: "Subject" },
      { key: "greeting", label: "Greeting", placeholder: "Dear hiring manager," },
      { key: "paragraphs", label: "Body (blank line between paragraphs)", kind: "paragraphs" },
      { key: "closing", label: "Closing", placeholder: "Kind regards," },
      { key: "signature", label: "Signature" },
    ],
  },
];
