import { api, toError, type User } from "./client";

/**
 * The signed-in user's own account: password, email, deletion (each asks for the password again) and the data archive.
 */
export const accountSettingsApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    api.json<void>("/api/v1/auth/account/password", { method: "POST", json: { currentPassword, newPassword } }),
  changeEmail: (password: string, newEmail: string) =>
    api.json<User>("/api/v1/auth/account/email", { method: "POST", json: { password, newEmail } }),
  requestDeletion: (password: string) =>
    api.json<void>("/api/v1/auth/account/delete", { method: "POST", json: { password } }),
  confirmDeletion: (token: string) =>
    api.json<void>("/api/v1/auth/account/delete/confirm", { method: "POST", json: { token } }),
  /** The ZIP as a blob (the route needs the bearer token, so a plain link cannot fetch it). */
  async exportData(): Promise<Blob> {
    const response = await api.fetch("/api/v1/auth/account/export");
    if (!response.ok) throw await toError(response);
    return response.blob();
  },
};
