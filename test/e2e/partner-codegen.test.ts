/**
 * Typed clients from a partner's own SDL: GraphQL Code Generator (typescript-operations,
 * custom scalars mapped) turns GET /schema.graphql and a sample operation into types, and
 * tsc type-checks a client using them; an out-of-scope field is refused by codegen, and the
 * purpose is typed as the partner's own purposes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { codegen } from "@graphql-codegen/core";
import * as typescriptOperations from "@graphql-codegen/typescript-operations";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

const run = promisify(execFile);

const OPERATION = `query Delivery($purpose: ProvisionPurpose!, $first: Int) {
  people(purpose: $purpose, first: $first) {
    edges { node { id fullName postalCode address phone orders { orderedAt product } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CLIENT = `import type { DeliveryQuery, DeliveryQueryVariables } from "./partner-types";

export const variables: DeliveryQueryVariables = { purpose: "delivery", first: 2 };
// @ts-expect-error another recipient's purpose is not in this key's enum
export const wrong: DeliveryQueryVariables = { purpose: "marketing" };

export function labels(data: DeliveryQuery): string[] {
  return data.people.edges.map(({ node }) => {
    const first = node.orders[0];
    const ordered: string | undefined = first?.orderedAt;
    // @ts-expect-error email is not in this key's schema
    void node.email;
    return \`\${node.fullName} \${node.postalCode} \${ordered ?? "-"}\`;
  });
}
`;

function generate(sdl: string, operation: string) {
  return codegen({
    schema: parse(sdl),
    documents: [{ document: parse(operation), location: "delivery.graphql" }],
    filename: "partner-types.ts",
    config: { scalars: { DateTime: "string", Date: "string", JSON: "unknown" } },
    plugins: [{ typescriptOperations: {} }],
    pluginMap: { typescriptOperations },
  });
}

describe("typed clients from a partner's SDL", () => {
  let sdl: string;
  let dir: string;

  beforeAll(async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const response = await yoga.fetch("http://teikyo.test/schema.graphql", {
      headers: { authorization: `Bearer ${demoKey("hayate-logistics")}` },
    });
    sdl = await response.text();
    dir = mkdtempSync(join(tmpdir(), "teikyo-codegen-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generates operation types that tsc accepts, with the purpose as the key's enum", async () => {
    const types = await generate(sdl, OPERATION);
    expect(types).toContain(`export type ProvisionPurpose =`);
    expect(types).toContain(`'delivery'`);
    expect(types).not.toContain(`'marketing'`);
    writeFileSync(join(dir, "partner-types.ts"), types);
    writeFileSync(join(dir, "client.ts"), CLIENT);
    const tsc = join(process.cwd(), "node_modules", "typescript", "bin", "tsc");
    const args = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "esnext"];
    const result = await run(process.execPath, [
      tsc,
      ...args,
      "--moduleResolution",
      "bundler",
      join(dir, "client.ts"),
    ]).then(
      () => ({ code: 0, out: "" }),
      (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }),
    );
    expect(result).toEqual({ code: 0, out: "" });
  }, 120_000);

  it("refuses to generate types for a field outside the key's scope", async () => {
    await expect(
      generate(sdl, `query Bad { people(purpose: delivery) { edges { node { email } } } }`),
    ).rejects.toThrow(/Cannot query field "email" on type "Person"/);
  });
});
