/**
 * Query.provisionMonthly: provisions and distinct people per recipient per month (JST), for
 * the console's dashboard. Counted in the gateway from the period's record rows; a period
 * is capped at 13 months so one query stays bounded.
 */
import { builder } from "../../builder.js";
import { badInput } from "../catalog/input-problems.js";

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MAX_MONTHS = 13;

/** YYYY-MM of a moment in Japan Standard Time. */
export const jstMonth = (at: Date) => new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 7);

interface MonthRow {
  month: string;
  recipientId: string;
  provisions: number;
  people: number;
}

const Monthly = builder.objectRef<MonthRow>("ProvisionMonth").implement({
  description: "Provisions to one recipient in one month (JST).",
  fields: (t) => ({
    month: t.exposeString("month", { description: "YYYY-MM, JST." }),
    recipientId: t.exposeString("recipientId"),
    provisions: t.exposeInt("provisions", { description: "Provision events." }),
    people: t.exposeInt("people", { description: "Distinct people provided." }),
  }),
});

builder.queryField("provisionMonthly", (t) =>
  t.field({
    type: [Monthly],
    description: `Provisions and people provided per recipient per month (JST), oldest first; at most ${MAX_MONTHS} months.`,
    authScopes: { compliance: true, admin: true },
    args: {
      from: t.arg({ type: "DateTime", required: true }),
      to: t.arg({ type: "DateTime", required: true, description: "Exclusive." }),
    },
    resolve: async (_root, { from, to }, ctx) => {
      if (!(from < to)) badInput("from must be before to.");
      if (to.getTime() - from.getTime() > MAX_MONTHS * 31 * 24 * 3600 * 1000)
        badInput(`The period may span at most ${MAX_MONTHS} months.`);
      const rows = await ctx.db.provisionRecordPerson.findMany({
        where: { event: { at: { gte: from, lt: to } } },
        select: { personId: true, eventSeq: true, event: { select: { at: true, recipientId: true } } },
      });
      const cells = new Map<string, { events: Set<bigint>; people: Set<string> }>();
      for (const r of rows) {
        const key = `${jstMonth(r.event.at)}\u0000${r.event.recipientId}`;
        let cell = cells.get(key);
        if (!cell) cells.set(key, (cell = { events: new Set(), people: new Set() }));
        cell.events.add(r.eventSeq);
        cell.people.add(r.personId);
      }
      return [...cells.entries()]
        .map(([key, c]) => {
          const [month = "", recipientId = ""] = key.split("\u0000");
          return { month, recipientId, provisions: c.events.size, people: c.people.size };
        })
        .sort((a, b) => a.month.localeCompare(b.month) || a.recipientId.localeCompare(b.recipientId));
    },
  }),
);
