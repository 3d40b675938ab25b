/** The demo world's "today", in a module of its own: benchmarks share test fixtures without vitest. */
export const NOW = new Date("2026-11-23T00:00:00.000Z");
