/**
 * A partner's myProvisions cursor says nothing global (not the record sequence, which would
 * show other recipients' volume) and works only for the key it was issued to.
 */
import { describe, expect, it } from "vitest";
import { client, demoKey } from "../helpers.js";

const PAGE = `query($after: String) { myProvisions(first: 1, after: $after) { nodes { at purpose } endCursor hasNextPage } }`;

describe("myProvisions cursors", () => {
  it("are opaque, page for their own key, and are refused for another key", async () => {
    const gql = await client();
    const hayate = demoKey("hayate-logistics");
    // Two provisions, so there is a second page.
    for (let i = 0; i < 2; i++)
      await gql(hayate, `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`);
    const first = await gql(hayate, PAGE);
    const cursor = first.body.data?.myProvisions.endCursor as string;
    expect(cursor).toBeTruthy();
    expect(cursor).not.toMatch(/^\d+$/);
    const next = await gql(hayate, PAGE, { after: cursor });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.myProvisions.nodes.length).toBe(1);
    const other = await gql(demoKey("kumo-support"), PAGE, { after: cursor });
    expect(other.body.data ?? null).toBeNull();
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "after" });
    // A bare sequence number is no cursor.
    const guessed = await gql(hayate, PAGE, { after: "1" });
    expect(guessed.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
