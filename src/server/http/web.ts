// The web workstation's files (dist/web, built from web/ by `npm install`) and the security headers
// every response carries. The workstation is a single-page app: a GET outside /api that names no file
// answers index.html, and the page's router decides what it shows (the API still authorises).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * Only the workstation's own files run: no inline script, no eval, no third-party origin. Inline
 * style attributes are allowed (React's `style` prop); NiiVue draws with WebGL and decodes in blob
 * workers.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** dist/web next to the compiled CLI (dist/ranokit.cjs) or, from the sources, at the repository root. */
export function defaultWebRoot(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, "web"), join(here, "../../../dist/web")])
    if (existsSync(join(candidate, "index.html"))) return candidate;
  return null;
}

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("Content-Security-Policy", contentSecurityPolicy);
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Frame-Options", "DENY");
    return payload;
  });
}

/** Serves the workstation from `root`; false when there is no build (the API works without it). */
export async function serveWeb(app: FastifyInstance, root: string | null): Promise<boolean> {
  if (!root) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: false,
    // Hashed asset names never change content: cache them; index.html is always revalidated.
    setHeaders(reply, path) {
      reply.header(
        "Cache-Control",
        path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  const indexHtml = async (_req: unknown, reply: { sendFile(f: string): unknown }) =>
    reply.sendFile("index.html");
  app.get("/", indexHtml as never);
  app.get("/*", async (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/")) return reply.callNotFound();
    if (/\.[a-z0-9]+$/i.test(path)) {
      // A file name: the file if it exists (wildcard: false serves the files found at start-up).
      return reply.callNotFound();
    }
    return reply.sendFile("index.html");
  });
  return true;
}
