// buildApp(deps) → a Fastify instance with every route, no listen(): tests drive it with inject(), the
// `serve` command listens on it. Errors leave as RFC 9457 problem+json, never with a stack trace.
import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import type { Database } from "../db/connect.ts";
import { authenticate, SESSION_COOKIE } from "./auth/sessions.ts";
import { type Deps, defaultSettings, type ServerSettings } from "./context.ts";
import { openApiDocument } from "./http/openapi.ts";
import { Problem } from "./http/problem.ts";
import { handlerFor } from "./http/route.ts";
import { addSecurityHeaders, defaultWebRoot, serveWeb } from "./http/web.ts";
import { jobHandlers } from "./jobs/handlers.ts";
import { PgBossQueue } from "./jobs/pg-boss-queue.ts";
import { InProcessQueue, type JobQueue } from "./jobs/queue.ts";
import { allRoutes } from "./routes/index.ts";
import { AssessmentCache } from "./services/assessment.ts";

export interface AppOptions {
  /** Check every JSON response against its route's zod schema (tests). */
  validateResponses?: boolean;
  logger?: boolean;
  settings?: Partial<ServerSettings>;
  jobs?: JobQueue;
  /** The workstation's built files (default: dist/web when it exists; null = API only). */
  webRoot?: string | null;
}

/** The queue for the database: pg-boss on PostgreSQL, in-process on SQLite. */
export function queueFor(database: Database): JobQueue {
  return database.postgres
    ? new PgBossQueue(database.db, database.postgres.url, database.postgres.schema)
    : new InProcessQueue(database.db);
}

export function makeDeps(database: Database, o: AppOptions = {}): Deps {
  return {
    database,
    jobs: o.jobs ?? queueFor(database),
    cache: new AssessmentCache(),
    settings: { ...defaultSettings, ...o.settings },
  };
}

/** Take jobs in this process: always on SQLite; on PostgreSQL unless workers are left to `ranokit worker`. */
export async function startWorking(deps: Deps): Promise<void> {
  await deps.jobs.work(jobHandlers(deps));
}

export async function buildApp(deps: Deps, o: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: o.logger ? { level: "info", redact: ["req.headers.authorization", "req.headers.cookie"] } : false,
    bodyLimit: 64 * 1024 * 1024,
  });
  await app.register(cookie);
  // Time point images and masks are uploaded as raw NIfTI bytes.
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_req, body, done) =>
    done(null, body),
  );
  addSecurityHeaders(app);
  const auth = (req: Parameters<Parameters<typeof handlerFor>[2]>[0]) =>
    authenticate(deps, req.cookies[SESSION_COOKIE], req.headers.authorization);

  app.setErrorHandler((error, req, reply) => {
    let problem: Problem;
    if (error instanceof Problem) problem = error;
    else if (
      (error as { statusCode?: number }).statusCode &&
      (error as { statusCode: number }).statusCode < 500
    ) {
      // Fastify's own 4xx (malformed JSON, body too large, wrong content type).
      problem = new Problem(
        (error as { statusCode: number }).statusCode,
        "Invalid request",
        (error as Error).message,
      );
    } else {
      req.log.error({ err: error }, "internal error");
      problem = new Problem(
        500,
        "Internal error",
        "the server could not complete the request; it has been logged",
      );
    }
    reply
      .code(problem.status)
      .type("application/problem+json")
      .send(problem.body(req.url.split("?")[0]));
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .type("application/problem+json")
      .send(new Problem(404, "Not found", `no route ${req.method} ${req.url.split("?")[0]}`).body());
  });

  const options = { validateResponses: o.validateResponses ?? false };
  for (const r of allRoutes)
    app.route({ method: r.method, url: r.url, handler: handlerFor(r, deps, auth, options) });
  const document = openApiDocument(allRoutes);
  app.get("/api/v1/openapi.json", async () => document);
  app.get("/api/v1/health", async () => ({ ok: true, database: deps.database.dialect }));
  await serveWeb(app, o.webRoot === undefined ? defaultWebRoot() : o.webRoot);
  return app;
}
