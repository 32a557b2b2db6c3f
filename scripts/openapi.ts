// Writes schemas/openapi.json from the route declarations (npm run openapi). test/server/openapi.test.ts
// fails when the committed file differs from what the code declares.
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../src/server/http/openapi.ts";
import { allRoutes } from "../src/server/routes/index.ts";

writeFileSync("schemas/openapi.json", `${JSON.stringify(openApiDocument(allRoutes), null, 2)}\n`);
process.stdout.write(`schemas/openapi.json: ${allRoutes.length} operations\n`);
