// The committed OpenAPI document is the one the code declares, and it is a well-formed 3.1 document
// whose every operation names its roles and answers errors as problem+json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clientTypes } from "../../scripts/openapi-client-types.ts";
import { openApiDocument } from "../../src/server/http/openapi.ts";
import { allRoutes } from "../../src/server/routes/index.ts";
import { startHarness } from "./harness.ts";

describe("OpenAPI", () => {
  const doc = openApiDocument(allRoutes);

  it("schemas/openapi.json is up to date (npm run openapi)", () => {
    expect(JSON.parse(readFileSync("schemas/openapi.json", "utf8"))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("the web client's types are generated from this contract (npm run openapi)", async () => {
    expect(readFileSync("web/src/api/schema.d.ts", "utf8")).toBe(await clientTypes(doc));
  });

  it("is OpenAPI 3.1 with one unique operationId per route and problem+json errors", () => {
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p)) as any[];
    expect(ops).toHaveLength(allRoutes.length);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops) {
      expect(o.description).toMatch(/^Roles: /);
      expect(o.responses["400"].content["application/problem+json"]).toBeDefined();
    }
    const put = (doc.paths["/api/v1/reads/{readId}/timepoints/{timepointId}/lesions/{lesionId}"] as any).put;
    expect(put.parameters.map((p: any) => p.name)).toEqual(["readId", "timepointId", "lesionId"]);
    const lesion = put.requestBody.content["application/json"].schema.properties.lesion;
    expect(lesion.properties.diametersMm.type).toBe("array");
  });

  it("is served at /api/v1/openapi.json", async () => {
    const h = await startHarness("sqlite");
    const res = await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(res.json().paths["/api/v1/studies"]).toBeDefined();
    await h.close();
  });
});
