/** Keys refused for a window: recognised by their whole authenticated header, until the window ends. */
import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/modules/keys/authenticate.js";
import { refusedKeys } from "../../src/hardening/refused-keys.js";

const principal = (keyId: string) => ({ keyId, label: keyId, role: "PARTNER" }) as Principal;
const WINDOW = { points: 3, durationSeconds: 60 };

describe("refused keys", () => {
  it("answers for an authenticated header whose key was refused, until the window ends", () => {
    let now = 1_000;
    const refused = refusedKeys(() => now);
    refused.authenticated("Bearer tk_abcd_secret", principal("abcd"));
    expect(refused.lookup("Bearer tk_abcd_secret")).toBeNull(); // not refused yet
    refused.refused("abcd", { limit: "perKey", window: WINDOW }, 2_000);
    expect(refused.lookup("Bearer tk_abcd_secret")).toMatchObject({
      principal: { keyId: "abcd" },
      refusal: { limit: "perKey", until: 3_000 },
    });
    now = 3_000;
    expect(refused.lookup("Bearer tk_abcd_secret")).toBeNull();
  });

  it("knows nothing of a header that never authenticated, even with a refused key's id", () => {
    const refused = refusedKeys(() => 0);
    refused.authenticated("Bearer tk_abcd_secret", principal("abcd"));
    refused.refused("abcd", { limit: "peoplePerKey", window: WINDOW }, 60_000);
    expect(refused.lookup("Bearer tk_abcd_guessed")).toBeNull();
    expect(refused.lookup(null)).toBeNull();
  });

  it("forgets the oldest headers past 10,000, so random keys cannot fill memory", () => {
    const refused = refusedKeys(() => 0);
    for (let i = 0; i <= 10_000; i++) refused.authenticated(`Bearer tk_k${i}_s`, principal(`k${i}`));
    refused.refused("k0", { limit: "perKey", window: WINDOW }, 60_000);
    refused.refused("k1", { limit: "perKey", window: WINDOW }, 60_000);
    expect(refused.lookup("Bearer tk_k0_s")).toBeNull();
    expect(refused.lookup("Bearer tk_k1_s")).not.toBeNull();
  });
});
