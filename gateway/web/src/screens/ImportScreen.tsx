import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { documentsApi, type DocumentFull } from "../api/documents";
import { api, toError } from "../api/client";
import { importsApi, type ImportJob } from "../api/imports";
import { placement, targetsOf } from "../components/importPlacement";
import { Link } from "../router";

type Data = Record<string, unknown>;

/**
 * /imports/{jobId}: an import's progress, then what it made — the profile and each section's entries — and the lines
 * the importer could not place, each offered to be placed (summary, a skill, a position's highlight, an "Other"
 * section) or dropped. A placement is a merge patch on the new resume's current version.
 */
export function ImportScreen({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [doc, setDoc] = useState<DocumentFull | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => importsApi.follow(jobId, setJob), [jobId]);
  const documentId = job?.status === "completed" ? job.result?.documentId : undefined;
  useEffect(() => {
    if (!documentId) return;
    setLines(((job?.result as { unplaced?: string[] } | null)?.unplaced ?? []).filter((l) => l.trim()));
    documentsApi.get(documentId).then(setDoc, (e) => setMessage(e instanceof Error ? e.message : String(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [documentId]);

  const place = async (index: number, value: string) => {
    if (!doc) return;
    const target = targetsOf(doc.data as Data).find((x) => x.value === value)?.target;
    if (!target) return;
    setMessage(null);
    try {
      const current = await documentsApi.get(doc.id); // the editor may have saved meanwhile
      const response = await api.fetch(`/api/v1/documents/${doc.id}`, {
        method: "PATCH",
        body: JSON.stringify({ data: placement(current.data as Data, lines[index], target) }),
        headers: { "Content-Type": "application/merge-patch+json", "If-Match": `"${current.version}"` },
      });
      if (!response.ok) throw await toError(response);
      setDoc((await response.json()) as DocumentFull);
      setLines((l) => l.filter((_, i) => i !== index));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const failed = job && (job.status === "failed" || job.status === "dead_letter" || job.status === "cancelled");
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>{t("limits.what.import")}</h1>
        {doc && (
          <Link className="btn primary" to={`/documents/${doc.id}`}>
            {t("import.open")}
          </Link>
        )}
      </div>
      {!job || job.status === "pending" || job.status === "processing" ? (
        <div role="status" aria-live="polite" data-testid="import-progress">
          <progress max={100} value={job?.progress ?? undefined} aria-label={t("import.progress")} />{" "}
          {job?.progressMessage ?? t("import.reading")}
        </div>
      ) : failed ? (
        <p className="error-box" role="alert">
          {job.error ? t("import.failedWith", { error: job.error }) : t("import.failed")}
        </p>
      ) : null}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      {doc && <ImportedSummary data={doc.data as Data} />}
      {doc && (
        <section className="card" aria-labelledby="unplaced-heading" data-testid="unplaced">
          <h2 id="unplaced-heading">{t("import.unplaced")}</h2>
          {lines.length === 0 ? (
            <p className="muted">{t("import.allPlaced")}</p>
          ) : (
            <ul className="unplaced-lines">
              {lines.map((line, i) => (
                <UnplacedLine
                  key={`${i}-${line}`}
                  line={line}
                  data={doc.data as Data}
                  onPlace={(v) => void place(i, v)}
                  onDrop={() => setLines((l) => l.filter((_, j) => j !== i))}
                />
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

function UnplacedLine({
  line,
  data,
  onPlace,
  onDrop,
}: {
  line: string;
  data: Data;
  onPlace(value: string): void;
  onDrop(): void;
}) {
  const { t } = useTranslation();
  const targets = targetsOf(data);
  const [value, setValue] = useState(targets[0].value);
  return (
    <li className="unplaced-line" data-testid="unplaced-line">
      <q>{line}</q>
      <label>
        <span className="visually-hidden">{t("import.placeIn", { line })}</span>
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          {targets.map((x) => (
            <option key={x.value} value={x.value}>
              {x.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn small" onClick={() => onPlace(value)}>
        {t("import.place")}
      </button>
      <button type="button" className="btn small" onClick={onDrop}>
        {t("import.drop")}
      </button>
    </li>
  );
}

/** The profile fields the summary shows, in this order (their names: field.*). */
const PROFILE_FIELDS = ["name", "headline", "email", "phone", "location", "website"] as const;

/** What the import made: name and contact, then each section with its entries in one line each. */
function ImportedSummary({ data }: { data: Data }) {
  const { t } = useTranslation();
  const profile = (data.profile ?? {}) as Data;
  const list = (key: string) => ((Array.isArray(data[key]) ? data[key] : []) as Data[]);
  const sections: [string, string, (e: Data) => string][] = [
    [
      "work",
      t("import.experience"),
      (e) =>
        [e.position, e.company, [e.startDate, e.current ? t("import.present") : e.endDate].filter(Boolean).join("–")]
          .filter(Boolean)
          .join(" · "),
    ],
    ["education", t("sections.education"), (e) => [e.studyType, e.area, e.institution].filter(Boolean).join(" · ")],
    ["skills", t("sections.skills"), (e) => [e.name, ...((e.keywords as string[]) ?? [])].filter(Boolean).join(", ")],
    ["projects", t("sections.projects"), (e) => String(e.name ?? "")],
    ["certifications", t("sections.certifications"), (e) => [e.name, e.issuer].filter(Boolean).join(" · ")],
    ["languages", t("sections.languages"), (e) => [e.language, e.fluency].filter(Boolean).join(" · ")],
  ];
  const custom = list("customSections");
  return (
    <section className="card" aria-labelledby="imported-heading" data-testid="imported">
      <h2 id="imported-heading">{t("import.found")}</h2>
      <dl className="imported-profile">
        {PROFILE_FIELDS.filter((k) => typeof profile[k] === "string" && profile[k])
          .map((k) => (
            <div key={k}>
              <dt>{t(`field.${k}`)}</dt>
              <dd data-field={`profile.${k}`}>{String(profile[k])}</dd>
            </div>
          ))}
      </dl>
      {sections
        .filter(([key]) => list(key).length > 0)
        .map(([key, title, line]) => (
          <div key={key} data-section={key}>
            <h3>
              {title} ({list(key).length})
            </h3>
            <ul>
              {list(key).map((e, i) => (
                <li key={i}>{line(e)}</li>
              ))}
            </ul>
          </div>
        ))}
      {custom.map((s, i) => (
        <div key={`custom-${i}`} data-section="custom">
          <h3>{String(s.title ?? "")}</h3>
        </div>
      ))}
    </section>
  );
}
