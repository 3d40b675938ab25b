/**
 * The control of the partner-query benchmark: a bare graphql-yoga + Prisma server serving
 * the same fields as Teikyo's Query.people (the same query text parses and runs here) from
 * the same database, with no API keys, scopes, purposes, person inclusion, page-size or
 * query limits, encrypted cursors or provision records. Orders load through a DataLoader
 * per request with Teikyo's own query (src/modules/people/loaders.ts), and people with the
 * columns the query's fields need, so the database does the same work.
 *
 * Started by bench/run.ts as a child process; see bench/lib/gw-server-child.ts.
 */
import DataLoader from "dataloader";
import { GraphQLScalarType } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import type { Db, Order } from "../src/db/client.js";
import { benchDb } from "./lib/gw-counting-db.js";
import { serve, serverOptions } from "./lib/gw-server-child.js";

const typeDefs = /* GraphQL */ `
  scalar DateTime

  type Query {
    people(purpose: String!, first: Int, after: String): PersonConnection!
  }
  type PersonConnection {
    edges: [PersonEdge!]!
    pageInfo: PageInfo!
  }
  type PersonEdge {
    cursor: String!
    node: Person!
  }
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type Person {
    id: String!
    fullName: String!
    postalCode: String!
    prefecture: String!
    address: String!
    phone: String!
    orders: [Order!]!
  }
  type Order {
    orderedAt: DateTime!
    product: String!
    category: String!
    amount: Int!
  }
`;

interface Context {
  db: Db;
  orders: DataLoader<string, Order[]>;
}

type PersonRow = { id: string } & Record<string, unknown>;

/** Plain base64url of the customer number: the control has nothing to hide. */
const cursorOf = (id: string) => Buffer.from(id).toString("base64url");

/**
 * At most 500 people's orders per query: Prisma 6.19 on SQLite refuses more bound
 * parameters than SQLite takes (P2029), which two pages of 500 loaded in one batch exceed.
 */
const MAX_BATCH = 500;

function ordersLoader(db: Db) {
  return new DataLoader<string, Order[]>(
    async (personIds) => {
      const rows = await db.order.findMany({
        where: { personId: { in: [...personIds] } },
        orderBy: [{ personId: "asc" }, { orderedAt: "asc" }],
      });
      const byPerson = new Map<string, Order[]>();
      for (const row of rows) {
        const list = byPerson.get(row.personId);
        if (list) list.push(row);
        else byPerson.set(row.personId, [row]);
      }
      return personIds.map((id) => byPerson.get(id) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

const options = serverOptions();
if (!options.url) throw new Error("control-server: no database URL");
const db = await benchDb(options.url, options.count === true);

const yoga = createYoga({
  schema: createSchema<Context>({
    typeDefs,
    resolvers: {
      DateTime: new GraphQLScalarType({
        name: "DateTime",
        serialize: (value) => (value as Date).toISOString(),
      }),
      Query: {
        people: async (_root, args: { first?: number | null; after?: string | null }, ctx: Context) => {
          const first = args.first ?? 50;
          const after = args.after ? Buffer.from(args.after, "base64url").toString("utf8") : null;
          const rows: PersonRow[] = await ctx.db.person.findMany({
            select: {
              id: true,
              fullName: true,
              postalCode: true,
              prefecture: true,
              address: true,
              phone: true,
            },
            where: after ? { id: { gt: after } } : {},
            orderBy: { id: "asc" },
            take: first + 1,
          });
          const page = rows.slice(0, first);
          const last = page.at(-1);
          return {
            edges: page.map((node) => ({ cursor: cursorOf(node.id), node })),
            pageInfo: { hasNextPage: rows.length > first, endCursor: last ? cursorOf(last.id) : null },
          };
        },
      },
      Person: {
        orders: (person: PersonRow, _args: unknown, ctx: Context) => ctx.orders.load(person.id),
      },
    },
  }),
  context: () => ({ db, orders: ordersLoader(db) }),
  logging: false,
  graphiql: false,
});

serve(yoga, { count: options.count, close: () => db.$disconnect() });
