import { describe, expect, it } from "vitest";
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from "../../src/modules/keys/api-key.js";

describe("API keys", () => {
  it("round-trips a generated key and checks its secret", () => {
    const { id, secret, key } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ id, secret });
    expect(secretMatches(id, secret, hashSecret(id, secret))).toBe(true);
    expect(secretMatches(id, `${secret}x`, hashSecret(id, secret))).toBe(false);
  });

  it.each(["", "tk_", "tk_abc_short", "Bearer tk_x", "tk_UPPER_abcdefghijklmnopqrst"])(
    "rejects %j",
    (key) => {
      expect(parseApiKey(key)).toBeNull();
    },
  );
});
