/** Query.people and Query.person: what a partner receives for a declared purpose. */
import { builder } from "../../builder.js";
import { teikyoError } from "../../errors.js";
import { recordProvided, requireGrant } from "../provision/grant.js";
import { decodeCursor, encodeCursor, peopleCursorBinding } from "./cursor.js";
import { PersonRef, type PersonRow } from "./person.type.js";
import { PersonFilter } from "./person-filter.input.js";
import { findEligiblePeople } from "../provision/eligible-people.js";
import { MAX_PAGE_SIZE } from "../page-size.js";

// Smaller than the staff lists' default: a partner page is personal data.
const DEFAULT_PAGE_SIZE = 50;

const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>("PageInfo").implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

const PersonEdge = builder.objectRef<{ node: PersonRow; binding: string }>("PersonEdge").implement({
  fields: (t) => ({
    // Encrypted only when asked for: most clients page with pageInfo.endCursor.
    cursor: t.string({ resolve: (edge) => encodeCursor(edge.node.id, edge.binding) }),
    node: t.expose("node", { type: PersonRef }),
  }),
});

const PersonConnection = builder
  .objectRef<{
    edges: { node: PersonRow; binding: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }>("PersonConnection")
  .implement({
    fields: (t) => ({
      edges: t.expose("edges", { type: [PersonEdge] }),
      pageInfo: t.expose("pageInfo", { type: PageInfo }),
    }),
  });

builder.queryField("people", (t) =>
  t.field({
    type: PersonConnection,
    description: "People this recipient may receive for the purpose, in customer-number order.",
    authScopes: { partner: true },
    extensions: { provision: true },
    args: {
      purpose: t.arg.string({ required: true, description: "The purpose of use this provision serves." }),
      first: t.arg.int({
        required: false,
        description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
      }),
      after: t.arg.string({ required: false, description: "endCursor of the previous page." }),
      filter: t.arg({ type: PersonFilter, required: false }),
    },
    resolve: async (_root, args, ctx, info) => {
      const grant = requireGrant(ctx, info);
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      if (first < 1 || first > MAX_PAGE_SIZE) {
        throw teikyoError("BAD_USER_INPUT", `first must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.`, {
          argument: "first",
        });
      }
      const binding = peopleCursorBinding(ctx.principal.keyId, grant.inclusion.purposeCode);
      const after = args.after ? decodeCursor(args.after, binding) : null;
      const { people: rows, provided } = await findEligiblePeople(ctx, grant, {
        filter: {
          after,
          prefecture: args.filter?.prefecture,
          membershipTier: args.filter?.membershipTier,
        },
        take: first + 1,
      });
      const page = rows.slice(0, first);
      // The look-ahead row is not provided.
      recordProvided(ctx, info, provided.slice(0, first));
      const last = page.at(-1);
      return {
        edges: page.map((node) => ({ node, binding })),
        pageInfo: {
          hasNextPage: rows.length > first,
          endCursor: last ? encodeCursor(last.id, binding) : null,
        },
      };
    },
  }),
);

builder.queryField("person", (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    description: "One person by customer number, or null if this recipient may not receive them.",
    authScopes: { partner: true },
    extensions: { provision: true },
    args: {
      purpose: t.arg.string({ required: true, description: "The purpose of use this provision serves." }),
      id: t.arg.id({
        required: true,
        description: "Customer number: looking a person up by it uses the customer_id item.",
        extensions: { dataItem: "customer_id" },
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const grant = requireGrant(ctx, info);
      const found = await findEligiblePeople(ctx, grant, { filter: { id: String(args.id) }, take: 1 });
      recordProvided(ctx, info, found.provided);
      const [person] = found.people;
      if (person) return person;
      // Whether the person is unknown, opted out or suspended is itself personal data: one answer.
      throw teikyoError(
        "NOT_FOUND",
        `Person "${String(args.id)}" is not available to you for purpose "${grant.inclusion.purposeCode}".`,
        {
          reason: "PERSON_NOT_AVAILABLE",
        },
      );
    },
  }),
);
