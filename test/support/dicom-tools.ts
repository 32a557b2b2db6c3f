// The external DICOM validators and servers the DICOM tests use (Debian dicom3tools, dcmtk, orthanc;
// .ci/run installs them). A test that needs one is skipped with a message only when it is missing.
import { spawnSync } from "node:child_process";

export function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

export function skipMessage(tools: string[]): string | undefined {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return undefined;
  const message = `SKIPPED: ${missing.join(", ")} not installed (apt-get install dicom3tools dcmtk orthanc orthanc-dicomweb)`;
  process.stderr.write(`${message}\n`);
  return message;
}

/** dciodvfy (dicom3tools): the IOD, module and attribute checks; returns the "Error" lines. */
export function dciodvfyErrors(file: string): string[] {
  const r = spawnSync("dciodvfy", [file], { encoding: "utf8" });
  return `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => /^\s*Error/i.test(l));
}

/** dsrdump (dcmtk): parses the SR document tree; returns its error lines and the rendered text. */
export function dsrdump(file: string): { errors: string[]; text: string; status: number | null } {
  const r = spawnSync("dsrdump", [file], { encoding: "utf8" });
  const errors = r.stderr.split("\n").filter((l) => /^E:|error/i.test(l));
  return { errors, text: r.stdout, status: r.status };
}
