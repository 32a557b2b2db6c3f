// One route = one declaration: method, path, the roles allowed, zod schemas for params, query, body and
// response, and a handler. The same declaration validates requests, types the handler and writes the
// OpenAPI document (openapi.ts), so the contract cannot drift from what the server enforces.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Role } from "../../db/schema.ts";
import { ARM_ROLES, armFilterForbidden, asksForArm } from "../auth/access.ts";
import type { Ctx, Deps } from "../context.ts";
import { badRequest, forbidden, unauthorized, zodFieldErrors } from "./problem.ts";

export type Access = "public" | "any" | readonly Role[];

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** A body already serialised as JSON (cached assessments) or a non-JSON payload (CSV, DICOM or NIfTI bytes). */
export class Raw {
  constructor(
    readonly body: string | Uint8Array,
    readonly contentType = "application/json; charset=utf-8",
    readonly filename?: string,
    /** The value the body serialises, checked against the route's response schema when responses are
     * validated (tests); absent for bytes that are not JSON or were checked when first serialised. */
    readonly value?: unknown,
    /** Extra response headers (content-encoding of a pre-compressed body). */
    readonly headers?: Record<string, string>,
  ) {}
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Fastify path syntax: /api/v1/studies/:studyId */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** Other media types the route can answer with (CSV exports). */
  produces?: string[];
  /** Binary media types the route answers with instead of JSON (DICOM): the OpenAPI document lists
   * only these for the success response, and `response` is not used. */
  binary?: string[];
  /** Further problem answers to document (status → when), beyond 400/401/403/404 (and 409 on writes). */
  problems?: Record<string, string>;
  /** The request body is raw bytes of this media type (the handler reads `req.body`, a Buffer). */
  bytesBody?: string;
  status?: number;
  handler(ctx: Ctx, input: RouteInput<P, Q, B>): Promise<R | Raw>;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes
export type AnyRoute = RouteDef<any, any, any, any>;

export function route<P, Q, B, R>(def: RouteDef<P, Q, B, R>): RouteDef<P, Q, B, R> {
  return def;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string, what: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(`the ${what} is not valid`, zodFieldErrors(result.error, prefix));
  return result.data;
}

/** The route's query string declares the treatment arm filter. */
const takesArm = (def: AnyRoute): boolean => {
  const shape = (def.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && Object.hasOwn(shape, "arm");
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type Authenticate = (req: FastifyRequest) => Promise<Ctx["actor"] | null>;

/** The Fastify handler for a route: authenticate, authorise by role, CSRF, validate, run. */
export function handlerFor(
  def: AnyRoute,
  deps: Deps,
  authenticate: Authenticate,
  options: { validateResponses: boolean },
) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const actor =
      def.access === "public" ? await authenticate(req).catch(() => null) : await authenticate(req);
    if (def.access !== "public") {
      if (!actor) throw unauthorized();
      // A role blind to treatment that filters by arm (even `?arm=`) is told so, naming the parameter,
      // before the role check or validation could answer something vaguer.
      if (takesArm(def) && asksForArm(req.query) && !ARM_ROLES.includes(actor.user.role))
        throw armFilterForbidden(actor.user.role);
      if (def.access !== "any" && !def.access.includes(actor.user.role)) {
        throw forbidden(`this needs the role ${def.access.join(" or ")}; you are ${actor.user.role}`);
      }
      // Cookie sessions must echo the session's CSRF token on every state-changing request
      // (synchroniser token pattern); API tokens are not sent automatically by browsers and need none.
      if (UNSAFE.has(def.method) && actor.sessionId && req.headers["x-csrf-token"] !== actor.csrf) {
        throw forbidden("missing or wrong X-CSRF-Token header for a cookie session");
      }
    }
    const params = parse(def.params, req.params, "$params", "path");
    const query = parse(def.query, req.query, "$query", "query string");
    const body = parse(def.body, req.body, "$", "request body");
    const ctx: Ctx = { ...deps, actor: actor ?? { user: ANON, sessionId: null, csrf: null } };
    // Set before the handler, so a handler may still answer otherwise (202 for an asynchronous import).
    reply.code(def.status ?? 200);
    const result = await def.handler(ctx, { params, query, body, req, reply });
    if (result instanceof Raw) {
      if (options.validateResponses && result.value !== undefined) check(def, result.value);
      reply.type(result.contentType);
      for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
      if (result.filename) reply.header("content-disposition", `attachment; filename="${result.filename}"`);
      return reply.send(
        typeof result.body === "string"
          ? result.body
          : Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength),
      );
    }
    if (options.validateResponses) check(def, result);
    return reply.send(result);
  };
}

function check(def: AnyRoute, value: unknown) {
  const checked = def.response.safeParse(value);
  if (!checked.success) {
    throw new Error(
      `response of ${def.operationId} does not match its schema: ${JSON.stringify(zodFieldErrors(checked.error))}`,
    );
  }
}

const ANON = { id: "anonymous", username: "anonymous", displayName: "anonymous", role: "monitor" as const };
