/**
 * Traces of each request when TEIKYO_TRACES is on: a server span per HTTP request, spans for
 * GraphQL parsing and validation, The Guild's @envelop/opentelemetry for execution, and
 * Teikyo's own spans inside (src/observability/spans.ts). What a span may carry is decided
 * here: the execution span gets no document, variables, result or per-resolver spans (they
 * hold personal data and customer numbers), and the errors it records are reduced to their
 * codes.
 */
import { setCurrentOtelContext, useOpenTelemetry } from "@envelop/opentelemetry";
import {
  type Context as OtelContext,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";
import type { Plugin } from "graphql-yoga";
import { knownPrincipal } from "../hardening/request-principal.js";
import { requestIdOf } from "./request-id.js";
import { setRequestTrace, type TraceHandle } from "./spans.js";

const requestSpans = new WeakMap<Request, { span: Span; context: OtelContext }>();

/** A child span of the request's, ended by the returned callback with the phase's outcome. */
function phase(tracer: Tracer, request: Request | undefined, name: string) {
  const parent = request && requestSpans.get(request);
  if (!parent) return undefined;
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL }, parent.context);
  return (failed: boolean) => {
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
}

/** The codes of the errors in @envelop/opentelemetry's exception message (JSON of the errors). */
function codesOf(message: unknown): string {
  try {
    const errors = JSON.parse(String(message)) as { extensions?: { code?: unknown } }[];
    return [...new Set(errors.map((e) => String(e.extensions?.code ?? "UNKNOWN")))].join(",");
  } catch {
    return "UNKNOWN";
  }
}

/** The provider as the execution plugin sees it: recorded exceptions keep only their codes. */
function codesOnly(provider: TracerProvider): TracerProvider {
  return {
    getTracer(name, version, options) {
      const tracer = provider.getTracer(name, version, options);
      return {
        startActiveSpan: tracer.startActiveSpan.bind(tracer),
        startSpan(spanName, spanOptions, context) {
          const span = tracer.startSpan(spanName, spanOptions, context);
          span.recordException = (exception) => {
            const message = typeof exception === "string" ? exception : exception.message;
            span.setAttribute("graphql.error_codes", codesOf(message));
          };
          return span;
        },
      } as Tracer;
    },
  };
}

/** The route a path belongs to: a known path or prefix, never other text a client sent. */
const ROUTES = [
  "/graphql",
  "/health",
  "/ready",
  "/metrics",
  "/schema.graphql",
  "/records/export.csv",
  "/records/export.json",
];
const PREFIXES = ["/console/", "/graphiql-assets/"];
function routeOf(pathname: string): string {
  if (ROUTES.includes(pathname)) return pathname;
  return PREFIXES.find((p) => pathname.startsWith(p)) ?? "other";
}

export function useTracing(provider: TracerProvider): Plugin[] {
  const tracer = provider.getTracer("teikyo");
  const requests: Plugin = {
    onRequest({ request, url }) {
      const route = routeOf(url.pathname);
      const span = tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            "http.request.method": request.method,
            "http.route": route,
            "teikyo.request_id": requestIdOf(request),
          },
        },
        ROOT_CONTEXT,
      );
      const context = trace.setSpan(ROOT_CONTEXT, span);
      requestSpans.set(request, { span, context });
      setRequestTrace(request, { tracer, requestContext: context });
    },
    onContextBuilding({ context, extendContext }) {
      const found = requestSpans.get(context.request);
      const handle: TraceHandle | undefined = found && { tracer, requestContext: found.context };
      if (handle) extendContext({ trace: handle } as Partial<typeof context>);
    },
    onParse({ context }) {
      const end = phase(tracer, (context as { request?: Request }).request, "graphql.parse");
      return end && (({ result }) => end(result instanceof Error));
    },
    onValidate({ context }) {
      const end = phase(tracer, (context as { request?: Request }).request, "graphql.validate");
      return end && (({ valid }) => end(!valid));
    },
    // Before @envelop/opentelemetry's own onExecute: its execution span becomes the request span's child.
    onExecute({ args }) {
      const handle = (args.contextValue as { trace?: TraceHandle }).trace;
      if (handle) setCurrentOtelContext(args.contextValue, handle.requestContext);
    },
    onResponse({ request, response }) {
      const found = requestSpans.get(request);
      if (!found) return;
      requestSpans.delete(request);
      const { span } = found;
      span.setAttribute("http.response.status_code", response.status);
      const principal = knownPrincipal(request);
      if (principal) span.setAttribute("teikyo.role", principal.role);
      if (principal?.recipient) span.setAttribute("teikyo.recipient", principal.recipient.id);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
  return [
    requests,
    useOpenTelemetry(
      { document: false, variables: false, result: false, resolvers: false },
      codesOnly(provider),
      SpanKind.INTERNAL,
      {},
      "teikyo",
    ) as Plugin,
  ];
}
