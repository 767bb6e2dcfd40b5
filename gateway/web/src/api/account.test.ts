import { describe, expect, it, vi } from "vitest";
import { createAuthStore } from "../stores/authStore";
import { planLabel } from "./account";
import { ApiClient, type User } from "./client";

describe("account plan", () => {
  it("is named for people", () => {
    expect(planLabel("free")).toBe("Free plan");
    expect(planLabel("team_plus")).toBe("Team plus plan");
    expect(planLabel(undefined)).toBe("Free plan"); // every account starts on free
  });

  it("comes with the user from sign-up and from /me", async () => {
    const user: User = { id: "u1", email: "a@example.com", name: "Ann", plan: "free" };
    const client = new ApiClient();
    const json = vi.spyOn(client, "json").mockImplementation(async (path: string) =>
      (path.endsWith("/register") ? { accessToken: "a", refreshToken: "r", user } : { ...user, plan: "pro" }) as never,
    );
    const store = createAuthStore(client, undefined);

    await store.getState().register("a@example.com", "pw", "Ann");
    expect(store.getState().user?.plan).toBe("free");
    await store.getState().refreshUser();
    expect(store.getState().user?.plan).toBe("pro");
    expect(json).toHaveBeenLastCalledWith("/api/v1/auth/me");
  });
});
