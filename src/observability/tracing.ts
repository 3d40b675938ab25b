/**
 * OpenTelemetry traces, off by default. TEIKYO_TRACES=otlp exports spans over OTLP/HTTP to
 * the collector at OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads the standard OTEL_*
 * variables itself). The provider is handed to createTeikyo, not registered globally, so
 * tests give each gateway its own and nothing else in the process starts tracing.
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

export interface TraceExport {
  provider: NodeTracerProvider;
  /** Sends what is buffered and stops; call it when the server stops. */
  shutdown(): Promise<void>;
}

export function createTraceExport(serviceName: string): TraceExport {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    // Batched: a slow or absent collector must never hold a request.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  return { provider, shutdown: () => provider.shutdown() };
}
