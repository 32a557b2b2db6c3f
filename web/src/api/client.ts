// The workstation's only way to the server: a typed client over the OpenAPI contract
// (schema.d.ts is generated from schemas/openapi.json by `npm run openapi`).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { paths };

export type Schemas = components["schemas"];

type Json<R> = R extends { content: { "application/json": infer B } } ? B : never;
/** The JSON body a route answers on success, e.g. `Answer<"/api/v1/auth/me", "get">`. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : R extends { 202: infer A }
        ? Json<A>
        : never
  : never;
/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? Json<NonNullable<B>>
  : never;

type GetParams<P extends keyof paths> = paths[P] extends { get: { parameters: infer X } } ? X : never;

/**
 * The address of a GET route, typed by the contract, for what the browser fetches itself: a download
 * link (PDF, zip, CSV) saved under the server's file name. Path parameters are filled in and encoded.
 */
export function linkTo<P extends keyof paths>(
  path: P,
  params: Pick<GetParams<P>, Extract<keyof GetParams<P>, "path" | "query">>,
): string {
  const p = params as { path?: Record<string, string>; query?: Record<string, string | undefined> };
  const url = String(path).replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(p.path?.[k] ?? ""));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(p.query ?? {})) if (v !== undefined && v !== "") query.set(k, v);
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}

let csrfToken: string | null = null;
/** The session's CSRF token, sent on every state-changing request of a cookie session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthorised: () => void = () => {};
/** Called when the server answers 401 (session expired or revoked): the app returns to sign-in. */
export function setUnauthorisedHandler(f: () => void): void {
  onUnauthorised = f;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !["GET", "HEAD", "OPTIONS"].includes(request.method))
      request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith("/api/v1/auth/login")) onUnauthorised();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

/** An RFC 9457 problem as the server sends it. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { path: string; message: string; source?: string }[];
}

/** One line per problem, with the JSON path of each invalid field. */
export function problemText(p: unknown): string {
  if (!p || typeof p !== "object") return "The server did not answer.";
  const q = p as Partial<Problem>;
  const head = [q.title, q.detail].filter(Boolean).join(": ");
  const fields = (q.errors ?? []).map((e) => `${e.path}: ${e.message}`);
  return [head, ...fields].filter(Boolean).join("\n") || `HTTP ${q.status ?? "error"}`;
}

/** Unwraps an openapi-fetch result: the data, or an Error carrying the problem text and status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(problemText(problem));
  }
}
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) throw new ApiError(r.response.status, r.error);
  return r.data;
}
