/**
 * Partners see and run exactly their API: each partner request is parsed, validated,
 * introspected and executed against the schema cut to its recipient's scope
 * (scoped-schema.ts); internal roles keep the full schema, and a request without a key the
 * public schema (src/public-schema). An operation that fails only because it reaches
 * outside the scope gets the scope rule's specific denial (scope-denials.ts).
 * GET /schema.graphql answers the caller's schema as SDL (the public one without a key).
 * The key is authenticated by admission before this runs (onParams, in plugin order).
 */
import { type GraphQLError, type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";
import type { Db } from "../db/client.js";
import { authenticateRequest, knownPrincipal } from "../hardening/request-principal.js";
import { type CatalogAt, catalogSnapshot } from "../modules/catalog/catalog-snapshot.js";
import type { Principal } from "../modules/keys/authenticate.js";
import { type PartnerSchemas, partnerSchemas, partnerScope } from "./partner-schemas.js";
import { publicSchemaOf } from "../public-schema/public-schema.js";
import { withPurposeEnumText } from "./purpose-literals.js";
import { internalFields, tracedScopeDenials } from "./scope-denials.js";
import { coercedVariables, operationOf } from "../plugins/operation.js";

export const SDL_PATH = "/schema.graphql";

/** The text a partner sent, when its purpose strings were read as the enum. */
const sentByRequest = new WeakMap<Request, string>();

/**
 * The operation's text as the client sent it (null when it ran as sent): provision records hash
 * what the partner sent, not our reading of it, so a partner can match them to its own texts.
 */
export function sentText(context: unknown): string | null {
  const request = (context as { request?: Request } | undefined)?.request;
  return (request && sentByRequest.get(request)) || null;
}

interface PartnerRequest {
  schemas: PartnerSchemas;
  principal: Principal;
  catalog: CatalogAt;
}

export interface ScopedSchemaOptions {
  db: Db;
  clock: () => Date;
  /** The full schema, which internal roles keep. */
  schema: GraphQLSchema;
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** The schemas of a partner principal (cached per scope version); null for internal roles. */
export async function schemasOf(
  db: Db,
  full: GraphQLSchema,
  principal: Principal,
  now: Date,
): Promise<{ schemas: PartnerSchemas; catalog: CatalogAt } | null> {
  if (principal.role !== "PARTNER" || !principal.recipient) return null;
  // The catalog in force now: a purpose version taking effect changes the schema from then on.
  const catalog = await catalogSnapshot(db, now);
  const scope = partnerScope(principal.recipient, catalog.purposes);
  return { schemas: partnerSchemas(full, principal.recipient.id, scope), catalog };
}

export function useScopedSchema({ db, clock, schema: full }: ScopedSchemaOptions): Plugin<Context> {
  const byRequest = new WeakMap<Request, PartnerRequest>();
  const provisionFields = new Set(
    Object.values(full.getQueryType()?.getFields() ?? {})
      .filter((f) => f.extensions.provision === true)
      .map((f) => f.name),
  );
  let fullSdl: string | undefined;
  const of = (context: unknown) => {
    const request = (context as { request?: Request } | undefined)?.request;
    return request ? byRequest.get(request) : undefined;
  };

  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== SDL_PATH) return;
      if (request.method !== "GET") return endResponse(text(405, "Use GET."));
      let principal: Principal;
      try {
        principal = await authenticateRequest(db, request, clock());
      } catch (error) {
        if ((error as GraphQLError).extensions?.code === "UNAUTHENTICATED")
          return endResponse(text(401, (error as Error).message));
        return endResponse(text(503, "The gateway cannot reach its database now; try again."));
      }
      if (principal.role === "ANONYMOUS") return endResponse(text(200, publicSchemaOf(full).sdl));
      const partner = await schemasOf(db, full, principal, clock());
      fullSdl ??= `${printSchema(lexicographicSortSchema(full))}\n`;
      endResponse(text(200, partner ? partner.schemas.sdl : fullSdl));
    },
    async onParams({ request, params, setParams }) {
      const principal = knownPrincipal(request);
      if (!principal) return; // admission answers this request
      const partner = await schemasOf(db, full, principal, clock());
      if (!partner) return;
      byRequest.set(request, { ...partner, principal });
      if (typeof params.query === "string") {
        const query = withPurposeEnumText(params.query, provisionFields);
        if (query !== params.query) {
          sentByRequest.set(request, params.query);
          setParams({ ...params, query });
        }
      }
    },
    onEnveloped({ context, setSchema }) {
      // The schema is set for every request, so one partner's never outlives its request.
      const request = (context as { request?: Request } | undefined)?.request;
      if (knownPrincipal(request)?.role === "ANONYMOUS") return setSchema(publicSchemaOf(full).schema);
      setSchema(of(context)?.schemas.visible ?? full);
    },
    onValidate({ context, params }) {
      const partner = of(context);
      if (!partner) return;
      const { operationName, variables } =
        (context as { params?: { operationName?: string; variables?: Record<string, unknown> } }).params ??
        {};
      return ({ valid, result, setResult }) => {
        if (valid) return;
        // Query limits refuse first and alone, as before any scope was looked at.
        const own = (e: GraphQLError) =>
          [undefined, "GRAPHQL_VALIDATION_FAILED"].includes(e.extensions?.code as never);
        const limits = result.filter((e) => !own(e));
        if (limits.length > 0) return setResult(limits);
        const denials = tracedScopeDenials((context as { request?: Request }).request, {
          full,
          reachable: partner.schemas.reachable,
          document: params.documentAST,
          operationName,
          variables,
          principal: partner.principal,
          catalog: partner.catalog,
          now: clock(),
        });
        if (denials.length === 0) return;
        // A refusal, not a malformed request: its 403 stands whatever the client accepts.
        for (const denial of denials) (denial.extensions.http as { spec?: boolean }).spec = false;
        setResult(denials);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      // A variable naming a purpose or value outside the enum fails here, not in validation.
      const partner = of(args.contextValue);
      if (!partner) return;
      const operation = operationOf(args.document, args.operationName);
      if (!operation) return;
      const input = {
        full,
        reachable: partner.schemas.reachable,
        document: args.document,
        operationName: args.operationName,
        variables: args.variableValues,
        principal: partner.principal,
        catalog: partner.catalog,
        now: args.contextValue.now,
      };
      // A partner has no mutations: validation passes an operation type the schema lacks.
      if (!partner.schemas.visible.getRootType(operation.operation)) {
        const refused = internalFields(input);
        if (refused.length > 0) setResultAndStopExecution({ errors: refused });
        return;
      }
      const coerced = coercedVariables(partner.schemas.visible, operation, args.variableValues);
      if (!coerced.errors) return;
      const denials = tracedScopeDenials(args.contextValue.request, input);
      if (denials.length > 0) setResultAndStopExecution({ errors: denials });
    },
  };
}
