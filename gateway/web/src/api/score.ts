import { api } from "./client";

export interface ScoreReason {
  id: string;
  category: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  message: string;
  /** The field to improve (data.work[0].highlights[1]); null when the reason is about the whole resume. */
  path?: string | null;
}

export interface ResumeScore {
  documentId: string;
  version: number;
  score: number;
  maxScore: number;
  categories: { id: string; name: string; points: number; maxPoints: number }[];
  reasons: ScoreReason[];
  computedAt: string;
}

/** GET /documents/{id}/score: deterministic, memoised per version on the server, 10 per minute per user. */
export const scoreApi = {
  get: (id: string) => api.json<ResumeScore>(`/api/v1/documents/${id}/score`),
};
