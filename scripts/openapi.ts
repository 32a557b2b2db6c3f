// Writes schemas/openapi.json from the route declarations, and the web workstation's typed client
// types (web/src/api/schema.d.ts) from that contract (npm run openapi). test/server/openapi.test.ts
// fails when either committed file differs from what the code declares.
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../src/server/http/openapi.ts";
import { allRoutes } from "../src/server/routes/index.ts";
import { clientTypes } from "./openapi-client-types.ts";

const doc = openApiDocument(allRoutes);
writeFileSync("schemas/openapi.json", `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync("web/src/api/schema.d.ts", await clientTypes(doc));
process.stdout.write(`schemas/openapi.json, web/src/api/schema.d.ts: ${allRoutes.length} operations\n`);
