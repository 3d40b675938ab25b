/** Where `records verify --since` starts: a checkpoint file, a time, a duration back from now. */
import { describe, expect, it } from "vitest";
import { parseSince } from "../../src/modules/records/checkpoints/run-verification.js";

const now = new Date("2026-12-01T12:00:00.000Z");

describe("records verify --since", () => {
  it("reads latest, a checkpoint file name, an ISO time and durations in minutes, hours and days", () => {
    expect(parseSince("latest", now)).toBe("latest");
    expect(parseSince("20261201T110000000Z-000000000042-0123456789abcdef.json", now)).toEqual({
      name: "20261201T110000000Z-000000000042-0123456789abcdef.json",
    });
    expect(parseSince("2026-11-30T09:00:00+09:00", now)).toEqual({ at: "2026-11-30T00:00:00.000Z" });
    expect(parseSince("90m", now)).toEqual({ at: "2026-12-01T10:30:00.000Z" });
    expect(parseSince("25h", now)).toEqual({ at: "2026-11-30T11:00:00.000Z" });
    expect(parseSince("7d", now)).toEqual({ at: "2026-11-24T12:00:00.000Z" });
  });

  it("refuses anything else instead of guessing", () => {
    for (const text of ["yesterday", "1w", "-1h", "12", "", "2026-13-45"])
      expect(parseSince(text, now)).toBeNull();
  });
});
