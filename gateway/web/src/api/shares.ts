import { ApiError, api } from "./client";

/** A resume's public link (documents service, /api/v1/documents/{id}/share). */
export interface Share {
  documentId: string;
  slug: string;
  /** The page's path on the gateway: /r/{slug}. */
  url: string;
  hasPassword: boolean;
  indexable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ShareDay {
  day: string;
  views: number;
  downloads: number;
}

export interface ShareStats {
  views: number;
  downloads: number;
  days: ShareDay[];
  /** The link as it is now; null while unpublished. */
  share: Share | null;
}

const base = (id: string) => `/api/v1/documents/${encodeURIComponent(id)}/share`;

export const sharesApi = {
  /** The link, or null while the resume is not published. */
  async get(id: string): Promise<Share | null> {
    try {
      return await api.json<Share>(base(id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  /** Publishes, or changes the settings. `password`: a new one, "" removes it, undefined keeps it. */
  publish(id: string, settings: { indexable: boolean; password?: string }): Promise<Share> {
    return api.json<Share>(base(id), { method: "PUT", json: settings });
  },
  unpublish(id: string): Promise<void> {
    return api.json<void>(base(id), { method: "DELETE" });
  },
  rotate(id: string): Promise<Share> {
    return api.json<Share>(`${base(id)}/rotate`, { method: "POST" });
  },
  stats(id: string, days = 30): Promise<ShareStats> {
    return api.json<ShareStats>(`${base(id)}/stats?days=${days}`);
  },
};
