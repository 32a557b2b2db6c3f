// `npm start` = `ranokit serve --demo`: the built CLI seeds a new data folder, prints the address and
// the demo users, serves the workstation, stops cleanly on SIGTERM, reuses the folder on the next start
// and names a port that is in use.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const dir = mkdtempSync(join(tmpdir(), "ranokit-demo-"));
const env = { ...process.env, RANOKIT_ADMIN_PASSWORD: "", PORT: "" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `serve --demo` and resolves with its output once it has printed the demo users. */
function start(): Promise<{ child: ChildProcess; out: string; url: string }> {
  const child = spawn("node", [BIN, "serve", "--demo", "--port", "0", "--data", dir], { env });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url && /monitor\s+monitor\s+\S+/.test(out)) resolve({ child, out, url });
    });
    child.stderr.on("data", (b: Buffer) => {
      out += b.toString();
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

/** Stops the server and resolves once it has exited (the database is closed before a restart). */
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });

describe("ranokit serve --demo", () => {
  it("seeds, prints the address and the demo users, serves, and reuses the folder next time", async () => {
    const first = await start();
    try {
      expect(first.out).toMatch(/Demo study DEMO-GBM created: 8 subjects, 36 time points/);
      expect(first.out).toMatch(/reader\.a\s+reader\s+demo-reader-a-pass/);
      expect(first.out).toMatch(/demo data\s+only and are printed for that reason/);
      const login = await fetch(`${first.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "reader.a", password: "demo-reader-a-pass" }),
      });
      expect(login.status).toBe(200);
      const page = await fetch(`${first.url}/`);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
    } finally {
      await stop(first.child);
    }
    const second = await start();
    try {
      expect(second.out).toMatch(/the demo study DEMO-GBM is already there/);
      expect(second.out).not.toMatch(/seeding/);
    } finally {
      await stop(second.child);
    }
  }, 180_000);

  it("names a port that is in use instead of failing with a stack trace", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = spawnSync("node", [BIN, "serve", "--port", String(port), "--data", join(dir, "other")], {
        env: { ...env, RANOKIT_ADMIN_PASSWORD: "not-printed-anywhere" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 90_000);
});
