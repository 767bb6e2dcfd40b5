import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatsApi } from "../api/formats";
import { checkImportFile, IMPORT_ACCEPT, importsApi, type ImportJob } from "../api/imports";
import { describeLimit } from "../lib/limits";
import { navigate } from "../router";
import { useDocuments } from "../stores/documentsStore";

/**
 * "Import": a PDF, Word file or LinkedIn data export runs as an import job and opens the import screen (what was
 * found, and the lines to place); a JSON Resume (.json) is imported at once and opens in the editor.
 */
export function ImportMenu() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<() => void>(undefined);
  useEffect(() => () => stop.current?.(), []);
  const addImported = useDocuments((s) => s.addImported);

  const importJson = async (file: File) => {
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      throw new Error(t("import.invalidJson"));
    }
    const doc = await formatsApi.importJsonResume(data);
    addImported({
      id: doc.id,
      type: "resume",
      title: doc.title,
      version: doc.version,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    });
    navigate(`/documents/${doc.id}`);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setJob(null);
    const json = /\.json$/i.test(file.name) || file.type === "application/json";
    const problem = json ? null : checkImportFile(file);
    if (problem) return setError(problem);
    setBusy(json ? t("import.importing") : t("import.uploading"));
    try {
      if (json) return await importJson(file);
      const accepted = await importsApi.upload(file);
      setJob({ jobId: accepted.jobId, status: accepted.status as ImportJob["status"] });
      navigate(`/imports/${accepted.jobId}`);
    } catch (e) {
      setError(describeLimit(e, t("limits.what.import")).message);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = "";
    }
  };
  return (
    <div className="import">
      <label className={`btn${busy ? " disabled" : ""}`}>
        {t("import.button")}
        <input
          ref={input}
          type="file"
          accept={`${IMPORT_ACCEPT},.zip,application/zip,.json,application/json`}
          className="visually-hidden"
          disabled={!!busy}
          onChange={(e) => void onFile(e.target.files?.[0])}
          aria-label={t("import.inputLabel")}
        />
      </label>
      {(busy || job) && (
        <div
          role="status"
          aria-live="polite"
          className="import-status"
          data-testid="import-status"
          data-status={busy ? "uploading" : job?.status}
        >
          {busy ?? t("import.uploaded")}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
