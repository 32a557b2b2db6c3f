// A private Orthanc for the DICOMweb tests: a free loopback port, its own storage in a temp folder, no
// DICOM (DIMSE) server, remote access off, and every socket bound to 127.0.0.1 through an LD_PRELOAD
// shim (Orthanc 1.10 has no bind-address option). Started per test file, stopped by its own pid.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

export function orthancUnavailable(): string | undefined {
  const missing = [
    spawnSync("sh", ["-c", "command -v Orthanc"]).status === 0
      ? undefined
      : "Orthanc (apt-get install orthanc)",
    existsSync(PLUGIN) ? undefined : "the DICOMweb plugin (apt-get install orthanc-dicomweb)",
    spawnSync("sh", ["-c", "command -v cc"]).status === 0
      ? undefined
      : "a C compiler (for the loopback-only shim)",
  ].filter(Boolean);
  if (missing.length === 0) return undefined;
  const message = `SKIPPED: the Orthanc tests need ${missing.join(", ")}`;
  process.stderr.write(`${message}\n`);
  return message;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Orthanc {
  /** DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web */
  dicomWeb: string;
  /** Orthanc's own REST API root. */
  rest: string;
  stop(): Promise<void>;
}

export async function startOrthanc(): Promise<Orthanc> {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-orthanc-"));
  const shim = join(dir, "loopback-bind.so");
  const cc = spawnSync(
    "cc",
    ["-shared", "-fPIC", "-O2", "-o", shim, join(import.meta.dirname, "loopback-bind.c"), "-ldl"],
    {
      encoding: "utf8",
    },
  );
  if (cc.status !== 0) throw new Error(`cannot build the loopback shim: ${cc.stderr}`);
  const port = await freePort();
  mkdirSync(join(dir, "storage"));
  const config = join(dir, "orthanc.json");
  writeFileSync(
    config,
    JSON.stringify({
      Name: "ranokit-test",
      StorageDirectory: join(dir, "storage"),
      IndexDirectory: join(dir, "storage"),
      HttpPort: port,
      DicomServerEnabled: false,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      Plugins: [PLUGIN],
      DicomWeb: { Enable: true, Root: "/dicom-web/", Host: "127.0.0.1" },
    }),
  );
  const child: ChildProcess = spawn("Orthanc", [config], {
    env: { ...process.env, LD_PRELOAD: shim },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (d) => {
    log = (log + String(d)).slice(-4000);
  });
  const rest = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}): ${log}`);
    try {
      const r = await fetch(`${rest}/system`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`Orthanc did not start within 20 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    dicomWeb: `${rest}/dicom-web`,
    rest,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
