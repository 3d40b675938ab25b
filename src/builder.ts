/** The Pothos schema builder. Definitions live in src/modules; this file holds none. */
import SchemaBuilder from "@pothos/core";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { Context } from "./context.js";
import { teikyoError } from "./errors.js";

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: {
    partner: boolean;
    analytics: boolean;
    compliance: boolean;
    admin: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Coarse role scopes only; per-item decisions are made once per operation by
    // useProvisionScopes, not per field.
    authScopes: (ctx) => ({
      partner: ctx.principal.role === "PARTNER",
      analytics: ctx.principal.role === "ANALYTICS",
      compliance: ctx.principal.role === "COMPLIANCE",
      admin: ctx.principal.role === "ADMIN",
    }),
    unauthorizedError: (_parent, ctx, info) =>
      teikyoError(
        "FORBIDDEN",
        `The ${ctx.principal.role.toLowerCase()} role may not use "${info.parentType.name}.${info.fieldName}".`,
        { role: ctx.principal.role },
      ),
  },
});

builder.queryType({});
builder.mutationType({});
