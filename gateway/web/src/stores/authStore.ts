import { create } from "zustand";
import { api, type ApiClient, type Tokens, type User } from "../api/client";

const STORAGE_KEY = "rp:v1:session";

interface AuthState {
  user: User | null;
  status: "unknown" | "signed-in" | "signed-out";
  register(email: string, password: string, name: string): Promise<void>;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  restore(): Promise<void>;
  refreshUser(): Promise<void>;
}

/** What register, login and refresh answer: the tokens and the user as issued (with its `plan`, also the token's claim). */
interface AuthAnswer extends Tokens {
  user?: User;
}

/** Session: tokens in the ApiClient (persisted to localStorage so a reload stays signed in), the user from /me. */
export function createAuthStore(client: ApiClient = api, storage: Storage | undefined = globalThis.localStorage) {
  const persist = (tokens: Tokens | null) => {
    if (!storage) return;
    if (tokens) storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else storage.removeItem(STORAGE_KEY);
  };
  const store = create<AuthState>((set) => ({
    user: null,
    status: "unknown",
    async register(email, password, name) {
      const answer = await client.json<AuthAnswer>("/api/v1/auth/register", { method: "POST", json: { email, password, name } });
      client.setTokens({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
      set({ user: answer.user ?? (await client.json<User>("/api/v1/auth/me")), status: "signed-in" });
    },
    async login(email, password) {
      const answer = await client.json<AuthAnswer>("/api/v1/auth/login", { method: "POST", json: { email, password } });
      client.setTokens({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
      set({ user: await client.json<User>("/api/v1/auth/me"), status: "signed-in" });
    },
    async logout() {
      try {
        await client.json<void>("/api/v1/auth/logout", { method: "POST" });
      } catch {
        /* signed out locally anyway */
      }
      client.setTokens(null);
      set({ user: null, status: "signed-out" });
    },
    async refreshUser() {
      if (!client.getTokens()) return;
      try {
        set({ user: await client.json<User>("/api/v1/auth/me") });
      } catch {
        /* keep what we have */
      }
    },
    async restore() {
      const saved = storage?.getItem(STORAGE_KEY);
      if (!saved) return set({ status: "signed-out" });
      client.setTokens(JSON.parse(saved) as Tokens);
      try {
        set({ user: await client.json<User>("/api/v1/auth/me"), status: "signed-in" });
      } catch (e) {
        // Offline: stay signed in with what we know, so queued edits are kept and drain later.
        if (client.getTokens() && !(e instanceof Error && "status" in e)) set({ status: "signed-in" });
        else {
          client.setTokens(null);
          set({ status: "signed-out" });
        }
      }
    },
  }));
  client.onTokens((tokens) => {
    persist(tokens);
    if (!tokens && store.getState().status === "signed-in") store.setState({ user: null, status: "signed-out" });
  });
  return store;
}

export const useAuth = createAuthStore();
