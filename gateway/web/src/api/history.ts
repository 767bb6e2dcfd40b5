import { newIdempotencyKey } from "../sync/clock";
import { api } from "./client";
import type { DocumentFull } from "./documents";

export interface VersionSummary {
  version: number;
  title: string;
  createdAt: string;
  /** A snapshot's name ("Sent to Acme"); named versions are never thinned away. */
  label?: string | null;
  /** What changed since the previous kept version, in one line. */
  summary: string;
  restoredFrom?: number | null;
  changes: number;
}

export interface FieldChange {
  /** Validator-style path (data.work[0].company), for a link to the field. */
  path: string;
  group: string;
  field: string;
  kind: "added" | "removed" | "changed";
  before?: string | null;
  after?: string | null;
}

export interface VersionComparison {
  documentId: string;
  from: VersionSummary;
  to: VersionSummary;
  summary: string;
  changes: FieldChange[];
}

const base = (id: string) => `/api/v1/documents/${id}/versions`;

/** The document's saved versions (GET /documents/{id}/versions…), named snapshots and field-level comparisons. */
export const historyApi = {
  list: (id: string, before?: number, named = false) =>
    api.json<{ items: VersionSummary[]; nextBefore?: number | null }>(
      `${base(id)}?limit=30${before ? `&before=${before}` : ""}${named ? "&named=true" : ""}`,
    ),
  compare: (id: string, from: number, to: number) =>
    api.json<VersionComparison>(`${base(id)}/compare?from=${from}&to=${to}`),
  /** A new version with the old content; If-Match guards against a change made meanwhile elsewhere. */
  restore: (id: string, version: number, current: number) =>
    api.json<DocumentFull>(`${base(id)}/${version}/restore`, {
      method: "POST",
      headers: { "If-Match": `"${current}"`, "Idempotency-Key": newIdempotencyKey() },
    }),
  name: (id: string, version: number, label: string) =>
    api.json<VersionSummary>(`${base(id)}/${version}/label`, { method: "PUT", json: { label } }),
  unname: (id: string, version: number) => api.json<void>(`${base(id)}/${version}/label`, { method: "DELETE" }),
};
