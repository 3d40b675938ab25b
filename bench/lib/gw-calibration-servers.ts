/**
 * The machine's own ceilings, served like every other benchmark server: a plain node:http
 * server answering a fixed GraphQL-shaped JSON body ("node-http"), and a bare graphql-yoga
 * hello world ("yoga-hello"). The first argument after the options names which.
 */
import { createSchema, createYoga } from "graphql-yoga";
import { serve } from "./gw-server-child.js";

const which = process.argv[3];
if (which === "node-http") {
  const body = JSON.stringify({ data: { hello: "world" } });
  serve((req, res) => {
    // Read the body as any server must, then answer.
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
} else if (which === "yoga-hello") {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: "type Query { hello: String! }",
      resolvers: { Query: { hello: () => "world" } },
    }),
    logging: false,
    graphiql: false,
  });
  serve(yoga);
} else {
  throw new Error(`gw-calibration-servers: unknown server ${String(which)}`);
}
