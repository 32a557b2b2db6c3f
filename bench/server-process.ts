// Starts `ranokit serve --port 0` as a child process and resolves with its address once it listens
// (server benchmarks and the process tests).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export function startServer(
  env: Record<string, string>,
  args: string[] = [],
  cwd = process.cwd(),
  bin = join(process.cwd(), "bin/ranokit.js"),
  /** Options for node itself (--cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, bin, "serve", "--port", "0", ...args], {
    cwd,
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve({ url: m[1]!, child });
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code, signal) => reject(new Error(`server exited ${code ?? signal}: ${out}`)));
  });
}
