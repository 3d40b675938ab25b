/**
 * Teikyo's own spans (scope decision, people read, record write), children of the GraphQL
 * execution span or of the request span. Attributes are codes and counts only: recipient
 * and purpose codes, roles, row counts, error codes. Never a person, a value, a key, a
 * variable or an error message (messages can quote what a client sent).
 */
import { getCurrentOtelContext } from "@envelop/opentelemetry";
import {
  type Attributes,
  type Context as OtelContext,
  type Span,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";

/** Set on the GraphQL context by useTracing when traces are on. */
export interface TraceHandle {
  tracer: Tracer;
  /** The request span's context: the parent of spans outside execution. */
  requestContext: OtelContext;
}

export interface Traced {
  trace?: TraceHandle;
}

/** The error code a span may carry: a GraphQL code or an error's class name, never its message. */
export function errorCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "UNKNOWN";
}

const requestTraces = new WeakMap<Request, TraceHandle>();

/** useTracing notes each request's handle here, for spans that run before the context exists. */
export function setRequestTrace(request: Request, handle: TraceHandle): void {
  requestTraces.set(request, handle);
}

export function traceOfRequest(request: Request | undefined): TraceHandle | undefined {
  return request && requestTraces.get(request);
}

function start(ctx: Traced, name: string, attributes: Attributes, parent: "operation" | "request") {
  if (!ctx.trace) return undefined;
  const { tracer, requestContext } = ctx.trace;
  return tracer.startSpan(
    name,
    { attributes },
    parent === "operation" ? getCurrentOtelContext(ctx) : requestContext,
  );
}

function failed(span: Span | undefined, error: unknown): void {
  span?.setStatus({ code: SpanStatusCode.ERROR });
  span?.setAttribute("teikyo.error_code", errorCode(error));
}

/**
 * Runs `work` in a span when the context is traced (otherwise just runs it). `parent`
 * "operation" nests it in the execution span, "request" in the request span.
 */
export async function inSpan<T>(
  ctx: Traced,
  name: string,
  attributes: Attributes,
  work: (span: Span | undefined) => Promise<T>,
  parent: "operation" | "request" = "operation",
): Promise<T> {
  const span = start(ctx, name, attributes, parent);
  try {
    return await work(span);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span?.end();
  }
}

/** inSpan for synchronous work, in the request span (validation runs before the context exists). */
export function inRequestSpan<T>(
  handle: TraceHandle | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span | undefined) => T,
): T {
  const span = start({ trace: handle }, name, attributes, "request");
  try {
    return work(span);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span?.end();
  }
}
