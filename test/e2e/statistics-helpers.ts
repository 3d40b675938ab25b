/** Truth for statistics tests, computed in Node from the demo population with the pure rules. */
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { PERSON_STATE_SELECT, toPersonState } from "../../src/modules/people/person-state.js";
import { statisticsConfig } from "../../src/modules/statistics/settings.js";
import { statisticsExclusion } from "../../src/policy/statistics/statistics-use.js";
import { NOW, testDb } from "../helpers.js";

export const CONFIG = statisticsConfig({});
export const EXACT = { ...CONFIG, perturbation: false };

export interface Cell {
  key: (string | null)[];
  margin: boolean;
  suppressed: boolean;
  people: number | null;
  values: { measure: string; value: number | null }[];
}

export const CELLS = `cells { key margin suppressed people values { measure value } }`;

/** Everyone the pure rule lets into statistics, with what the dimensions need. */
export async function countedPeople() {
  const db = await testDb();
  const everyone = await db.person.findMany({
    select: {
      id: true,
      prefecture: true,
      gender: true,
      birthDate: true,
      customerSince: true,
      membershipTier: true,
      orders: { select: { amount: true, orderedAt: true, category: true } },
      ...PERSON_STATE_SELECT,
    },
    orderBy: { id: "asc" },
  });
  return everyone.filter((p) => statisticsExclusion(toPersonState(p), CONFIG.purposeCode, NOW) === null);
}

export const valueOf = (cell: Cell | undefined, measure: string) =>
  cell?.values.find((v) => v.measure === measure)?.value ?? null;

export const findCell = (cells: Cell[], ...key: (string | null)[]) =>
  cells.find((c) => JSON.stringify(c.key) === JSON.stringify(key));

/** A fresh analytics key, so budget tests do not share state. */
export async function analyticsKey(label: string): Promise<{ id: string; key: string }> {
  return createKey(await testDb(), CLI_ACTOR, { role: "ANALYTICS", label });
}
