import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { documentsApi, emptyResume } from "../api/documents";
import { exportsApi, type Template } from "../api/exports";
import { navigate } from "../router";
import type { Json } from "../sync/mergePatch";

/** A resume to start from, so the editor and preview show something real at once (every section filled). */
export const sampleResume = (name: string): Json => ({
  profile: {
    name,
    headline: "Senior software engineer",
    email: "you@example.com",
    location: "Berlin, Germany",
    summary:
      "Backend engineer with 8 years of building payment systems. Cut settlement time by 40 % and led a team of five.",
    links: [{ label: "GitHub", url: "https://github.com/your-name" }],
  },
  work: [
    {
      company: "Acme Pay",
      position: "Senior software engineer",
      startDate: "2021-03",
      current: true,
      highlights: [
        "Led the settlement platform rewrite in Go, cutting settlement time by 40 %",
        "Mentored five engineers; two promoted to senior",
      ],
    },
    {
      company: "Initech",
      position: "Software engineer",
      startDate: "2017-01",
      endDate: "2021-02",
      highlights: [
        "Built the billing service handling 2 M invoices a month",
        "Introduced contract tests, halving production incidents",
      ],
    },
  ],
  education: [
    { institution: "TU Berlin", studyType: "MSc", area: "Computer Science", startDate: "2015", endDate: "2017" },
  ],
  skills: [{ name: "Backend", level: "expert", keywords: ["Go", "PostgreSQL", "Kafka"] }],
  projects: [],
  certifications: [],
  languages: [{ language: "English", fluency: "Fluent" }],
  customSections: [],
});

/** No documents yet: pick a look from the template gallery or start from a sample resume. */
export function EmptyState({ ownerName }: { ownerName: string }) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    exportsApi.templates().then(
      (t) => setTemplates(t.filter((x) => !x.documentTypes || x.documentTypes.includes("resume"))),
      () => setTemplates([]),
    );
  }, []);
  // The chosen template is the new resume's own (data.design), not a browser-wide preference.
  const start = async (title: string, data: Json) => {
    try {
      const doc = await documentsApi.create("resume", title, data);
      navigate(`/documents/${doc.id}`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card empty-state" aria-labelledby="empty-heading">
      <h2 id="empty-heading">{t("empty.title")}</h2>
      <p className="muted">{t("empty.intro")}</p>
      <button
        type="button"
        className="btn primary"
        onClick={() => void start(t("empty.sampleTitle"), sampleResume(ownerName))}
      >
        {t("empty.startSample")}
      </button>
      {templates.length > 0 && (
        <ul className="template-gallery" aria-label={t("empty.templates")}>
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <button
                type="button"
                className="template-card"
                onClick={() =>
                  void start(t("documents.untitledResume"), {
                    ...(emptyResume(ownerName) as Record<string, Json>),
                    design: { template: tpl.id },
                  })
                }
              >
                {tpl.previewImageUrl && (
                  <img src={tpl.previewImageUrl} alt="" loading="lazy" width={150} height={212} />
                )}
                <span>{tpl.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
