import { create } from "zustand";
import { api, COOKIE_TRANSPORT, type ApiClient, type User } from "../api/client";

/** Where earlier versions kept both tokens; removed on start so no token outlives the upgrade in localStorage. */
const LEGACY_SESSION_KEY = "rp:v1:session";
/** Not a credential: which account's offline edit queue to open when the app starts without a network. */
const USER_KEY = "rp:v1:user";

interface AuthState {
  user: User | null;
  status: "unknown" | "signed-in" | "signed-out";
  register(email: string, password: string, name: string): Promise<void>;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  restore(): Promise<void>;
  refreshUser(): Promise<void>;
}

/** What register and login answer: the access token and the user as issued (the refresh token is a cookie). */
interface AuthAnswer {
  accessToken: string;
  user?: User;
}

/**
 * Session: the access token in the ApiClient's memory only; a reload gets a new one from the HttpOnly refresh cookie.
 * The user from /me.
 */
export function createAuthStore(client: ApiClient = api, storage: Storage | undefined = globalThis.localStorage) {
  const remember = (user: User | null) => {
    if (!storage) return;
    if (user) storage.setItem(USER_KEY, JSON.stringify({ id: user.id }));
    else storage.removeItem(USER_KEY);
  };
  const signIn = { method: "POST", headers: COOKIE_TRANSPORT };
  const store = create<AuthState>((set) => ({
    user: null,
    status: "unknown",
    async register(email, password, name) {
      const answer = await client.json<AuthAnswer>("/api/v1/auth/register", {
        ...signIn,
        json: { email, password, name },
      });
      client.setTokens({ accessToken: answer.accessToken });
      const user = answer.user ?? (await client.json<User>("/api/v1/auth/me"));
      remember(user);
      set({ user, status: "signed-in" });
    },
    async login(email, password) {
      const answer = await client.json<AuthAnswer>("/api/v1/auth/login", { ...signIn, json: { email, password } });
      client.setTokens({ accessToken: answer.accessToken });
      const user = await client.json<User>("/api/v1/auth/me");
      remember(user);
      set({ user, status: "signed-in" });
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
      storage?.removeItem(LEGACY_SESSION_KEY);
      const known = storage?.getItem(USER_KEY);
      // Nobody signed in here (or signed out): no refresh cookie to try, and no failed request to show in the console.
      if (!known) return set({ status: "signed-out" });
      if (await client.refresh()) {
        try {
          const user = await client.json<User>("/api/v1/auth/me");
          remember(user);
          return set({ user, status: "signed-in" });
        } catch (e) {
          if (e instanceof Error && "status" in e) {
            client.setTokens(null);
            return set({ status: "signed-out" });
          }
        }
      }
      // Offline with an account used here before: stay signed in, so queued edits are kept and drain later (the first
      // request once online refreshes from the cookie). No cookie (401) means signed out.
      // A 401 forgets the account (onTokens below); a network failure leaves it known.
      if (!client.getTokens() && storage?.getItem(USER_KEY)) {
        client.sessionHint = true;
        return set({ status: "signed-in" });
      }
      set({ status: client.getTokens() ? "signed-in" : "signed-out" });
    },
  }));
  client.onTokens((tokens) => {
    if (!tokens) remember(null);
    if (!tokens && store.getState().status === "signed-in") store.setState({ user: null, status: "signed-out" });
  });
  return store;
}

/** The id of the account last signed in on this browser (no credential), for opening its offline queue. */
export function knownUserId(storage: Storage | undefined = globalThis.localStorage): string | undefined {
  try {
    const saved = storage?.getItem(USER_KEY);
    return saved ? String((JSON.parse(saved) as { id?: string }).id ?? "") || undefined : undefined;
  } catch {
    return undefined;
  }
}

export const useAuth = createAuthStore();
