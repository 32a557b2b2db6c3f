// The OpenAPI 3.1 document, generated from the route declarations' zod schemas (zod 4's JSON Schema
// output is draft 2020-12, the dialect OpenAPI 3.1 uses). Committed as schemas/openapi.json; a test
// fails when the committed file drifts from the code.
import { z } from "zod";
import { Problem } from "../schemas/common.ts";
import type { AnyRoute } from "./route.ts";

const json = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io }) as Record<string, unknown>;

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const s = json(schema, "input") as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === "path" || (s.required ?? []).includes(name),
    schema: p,
    ...(p.description ? { description: p.description } : {}),
  }));
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

export function openApiDocument(routes: ReadonlyArray<AnyRoute>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    const roles =
      r.access === "public" ? "public" : r.access === "any" ? "any signed-in user" : r.access.join(", ");
    const content: Record<string, unknown> = r.binary
      ? Object.fromEntries(r.binary.map((type) => [type, { schema: { type: "string", format: "binary" } }]))
      : { "application/json": { schema: json(r.response, "output") } };
    for (const type of r.produces ?? []) content[type] = { schema: { type: "string" } };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      description: `Roles: ${roles}.`,
      tags: [r.tag],
      ...(r.access === "public" ? { security: [] } : {}),
      parameters: [...parameters(r.params, "path"), ...parameters(r.query, "query")],
      ...(r.bytesBody
        ? {
            requestBody: {
              required: true,
              content: { [r.bytesBody]: { schema: { type: "string", format: "binary" } } },
            },
          }
        : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: json(r.body, "input") } },
            },
          }
        : {}),
      responses: {
        [String(r.status ?? 200)]: { description: "success", content },
        "400": problemResponse("invalid request: errors[] names each field by JSON path"),
        ...(r.access === "public"
          ? {}
          : {
              "401": problemResponse("not signed in"),
              "403": problemResponse("role or blinding refuses it"),
            }),
        "404": problemResponse("not found"),
        ...(r.method !== "GET"
          ? { "409": problemResponse("conflict or stale version (reload and retry)") }
          : {}),
        ...Object.fromEntries(
          Object.entries(r.problems ?? {}).map(([status, when]) => [status, problemResponse(when)]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "RANOkit server API",
      version: "1.0.0",
      description:
        "Studies, blinded double reads with adjudication and a hash-chained audit trail. Errors are RFC 9457 problem+json. Cookie sessions send X-CSRF-Token on state-changing requests; scripts use Authorization: Bearer <API token>.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "ranokit_session" },
        token: { type: "http", scheme: "bearer" },
      },
      schemas: { Problem: json(Problem, "output") },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
