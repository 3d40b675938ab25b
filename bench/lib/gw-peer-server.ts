/**
 * The PostGraphile peer as the benchmark runs it (bench/lib/gw-peer.ts says what it is and
 * what it lacks): PostGraphile 5 with its amber preset, in library mode, served by grafserv's
 * node:http adaptor, on a pg pool connected as the peer's role (column grants, row-level
 * security). Production mode (GRAPHILE_ENV), as one would deploy it. Started only when the
 * postgraphile package is installed; see bench/lib/gw-server-child.ts.
 */
import { serve, serverOptions } from "./gw-server-child.js";

process.env.GRAPHILE_ENV ||= "production";

// PostGraphile 5 declares Node >= 22 and calls Promise.withResolvers (Node 22); on Node 20 every
// query fails ("Cannot read properties of undefined (reading 'items')") without this.
const promise = Promise as unknown as { withResolvers?: () => unknown };
promise.withResolvers ??= function withResolvers() {
  let resolve: (value: unknown) => void = () => undefined;
  let reject: (reason?: unknown) => void = () => undefined;
  const made = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise: made, resolve, reject };
};

const options = serverOptions();
if (!options.url) throw new Error("gw-peer-server: no database URL");

const { postgraphile } = await import("postgraphile");
const { PostGraphileAmberPreset } = await import("postgraphile/presets/amber");
const { makePgService } = await import("postgraphile/adaptors/pg");
const { grafserv } = await import("postgraphile/grafserv/node");

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  // The pool's default size (10) is above the load's 8 connections, like the control's.
  pgServices: [makePgService({ connectionString: options.url, schemas: ["public"] })],
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
});
await pgl.getSchema();
const serv = pgl.createServ(grafserv);
serve(serv.createHandler(), {
  close: async () => {
    await serv.release();
    await pgl.release();
  },
});
