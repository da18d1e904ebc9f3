// The Neo4j GraphQL Library on graphql-yoga, one Node process, for benchmarks/peer_benchmark.py.
//
//   PEER_TYPEDEFS=defs.graphql NEO4J_URI=bolt://127.0.0.1:7687 PEER_PORT=4000 node server.mjs
//
// NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE as studiograph reads them. Listens on
// 127.0.0.1 only and prints "READY http://127.0.0.1:PORT/graphql" once the schema is built.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const env = process.env;
const typeDefs = readFileSync(env.PEER_TYPEDEFS, "utf8");
const auth = env.NEO4J_USER ? neo4j.auth.basic(env.NEO4J_USER, env.NEO4J_PASSWORD ?? "") : undefined;
const driver = neo4j.driver(env.NEO4J_URI, auth);
const sessionConfig = env.NEO4J_DATABASE ? { database: env.NEO4J_DATABASE } : undefined;

const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
    schema,
    context: () => (sessionConfig ? { sessionConfig } : {}),
    graphiql: false,
    logging: "warn",
});

const port = Number(env.PEER_PORT ?? 4000);
const server = createServer(yoga);
server.listen(port, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${port}/graphql`));

const stop = () => server.close(() => driver.close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
