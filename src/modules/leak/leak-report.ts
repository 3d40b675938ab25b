/**
 * Query.leakReport (art. 26): given a recipient and a period, or a set of provision events,
 * the people and items that left, whether the Rules art. 7 thresholds are met, and the list
 * of people to notify (art. 26(2)) as data and CSV. Compliance only; reads the records.
 */
import { stringify } from "csv-stringify/sync";
import { builder } from "../../builder.js";
import { assessLeak } from "../../policy/leak.js";
import type { RuleOutcome } from "../../policy/outcome.js";
import { badInput } from "../catalog/input-problems.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { findProvisionEvents } from "../records/find-events.js";

/** Items whose misuse may cause financial loss (R7(ii)); the demo catalog has none. */
const FINANCIAL_ITEMS = new Set(
  (process.env.TEIKYO_FINANCIAL_ITEMS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

interface LeakReport {
  events: number;
  people: string[];
  items: string[];
  sensitiveItems: string[];
  reportable: boolean;
  grounds: RuleOutcome[];
  finalReportDays: number | null;
  peopleCsv: string;
}

const Ground = builder.objectRef<RuleOutcome>("LeakReportGround").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    rule: t.exposeString("rule"),
    message: t.exposeString("message"),
  }),
});

const LeakReportRef = builder.objectRef<LeakReport>("LeakReport").implement({
  description: "What a leak at a recipient involved, and whether it must be reported (art. 26, R7).",
  fields: (t) => ({
    events: t.exposeInt("events"),
    personCount: t.int({ resolve: (r) => r.people.length }),
    people: t.exposeStringList("people", { description: "The people to notify (art. 26(2))." }),
    items: t.exposeStringList("items"),
    sensitiveItems: t.exposeStringList("sensitiveItems"),
    reportable: t.exposeBoolean("reportable", { description: "Report to the PPC and notify the people." }),
    grounds: t.expose("grounds", { type: [Ground] }),
    finalReportDays: t.exposeInt("finalReportDays", {
      nullable: true,
      description: "R8(2): days for the final report (the preliminary one is due promptly, R8(1)).",
    }),
    peopleCsv: t.exposeString("peopleCsv", { description: "People and their items, UTF-8 with BOM." }),
  }),
});

builder.queryField("leakReport", (t) =>
  t.field({
    type: LeakReportRef,
    authScopes: { compliance: true },
    args: {
      recipientId: t.arg.string({ required: true }),
      from: t.arg({ type: "DateTime", required: false }),
      to: t.arg({ type: "DateTime", required: false }),
      eventIds: t.arg.stringList({ required: false, description: "Only these provision events." }),
      improperPurpose: t.arg.boolean({
        required: false,
        description: "An attack or insider is suspected (R7(iii)).",
      }),
    },
    resolve: async (_root, args, ctx) => {
      if (!(await ctx.db.recipient.findUnique({ where: { id: args.recipientId }, select: { id: true } })))
        badInput(`Recipient "${args.recipientId}" does not exist.`);
      let events = await findProvisionEvents(ctx.db, {
        recipientId: args.recipientId,
        from: args.from ?? null,
        to: args.to ?? null,
      });
      if (args.eventIds) {
        const wanted = new Set(args.eventIds);
        const unknown = args.eventIds.filter((id) => !events.some((e) => e.id === id));
        if (unknown.length)
          badInput(`Provision events not of "${args.recipientId}" in that period: ${unknown.join(", ")}.`);
        events = events.filter((e) => wanted.has(e.id));
      }
      const byPerson = new Map<string, Set<string>>();
      for (const e of events)
        for (const p of e.people) {
          const set = byPerson.get(p.personId) ?? new Set<string>();
          for (const i of (p.items as string[]) ?? []) set.add(i);
          byPerson.set(p.personId, set);
        }
      const items = [...new Set([...byPerson.values()].flatMap((s) => [...s]))].sort();
      const { items: catalog } = await catalogSnapshot(ctx.db, ctx.now);
      const classes = new Map([...catalog.values()].map((i) => [i.code, i.class]));
      const assessment = assessLeak({
        people: byPerson.size,
        items,
        classes,
        financialItems: FINANCIAL_ITEMS,
        improperPurpose: args.improperPurpose ?? false,
      });
      const people = [...byPerson.keys()].sort();
      return {
        events: events.length,
        people,
        items,
        sensitiveItems: items.filter((i) => classes.get(i) === "SENSITIVE"),
        ...assessment,
        peopleCsv:
          "\uFEFF" +
          stringify(
            people.map((p) => ({ personId: p, items: [...(byPerson.get(p) ?? [])].sort().join(";") })),
            { header: true, columns: ["personId", "items"] },
          ),
      };
    },
  }),
);
