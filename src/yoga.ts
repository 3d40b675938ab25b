/** The Teikyo gateway as a yoga instance (tests call yoga.fetch; server.ts listens). */
import { createYoga } from "graphql-yoga";
import { type ContextOptions, contextFactory } from "./context.js";
import { useProvisionRecords } from "./plugins/use-provision-records.js";
import { useProvisionScopes } from "./plugins/use-provision-scopes.js";
import { useReferenceInvalidation } from "./plugins/use-reference-invalidation.js";
import { useRecordsExport } from "./plugins/use-records-export.js";
import { schema } from "./schema.js";

export interface TeikyoOptions extends ContextOptions {
  /** Headers GraphiQL starts with (the demo puts a demo key here). */
  graphiqlHeaders?: Record<string, string>;
  logging?: boolean;
}

export function createTeikyo(options: TeikyoOptions) {
  return createYoga({
    schema,
    context: contextFactory(options),
    // Scopes decide before execution; records are written after it, before the response.
    plugins: [
      useProvisionScopes(),
      useProvisionRecords(),
      useRecordsExport(options.db, options.clock ?? (() => new Date())),
      useReferenceInvalidation(),
    ],
    logging: options.logging ?? false,
    graphiql: {
      title: "Teikyo",
      defaultQuery: DEFAULT_QUERY,
      headers: options.graphiqlHeaders ? JSON.stringify(options.graphiqlHeaders, null, 2) : undefined,
    },
  });
}

const DEFAULT_QUERY = `# Teikyo: every query declares its purpose; you receive only the items
# your organisation may receive for it. Set your key under Headers.
query Delivery {
  viewer { label role recipient { name legalBasis scopes { purpose items } } }
  people(purpose: "delivery", first: 5) {
    edges { node { fullName postalCode prefecture address phone } }
    pageInfo { hasNextPage endCursor }
  }
}
`;
