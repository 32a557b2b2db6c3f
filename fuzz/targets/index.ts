// Every fuzz target. A target with `pending` set is known to fail in code another issue item is
// fixing; it runs only when asked for (--include-pending or --targets NAME) and stays out of the
// npm test slice. Enabling it once the fix lands = deleting its `pending` line.
import type { Target } from "../types.ts";
import { caseTargets } from "./cases.ts";
import { csvFolderTarget } from "./csv-folder.ts";
import { niftiTarget } from "./nifti.ts";
import { selfTestTargets } from "./self-test.ts";
import { statsTargets } from "./stats.ts";

export const allTargets: Target[] = [
  ...statsTargets,
  ...caseTargets,
  csvFolderTarget,
  niftiTarget,
  ...selfTestTargets,
];

export function selectTargets(names: string[] | null, includePending: boolean): Target[] {
  if (names) {
    const unknown = names.filter((n) => !allTargets.some((t) => t.name === n));
    if (unknown.length > 0) throw new Error(`unknown fuzz target(s): ${unknown.join(", ")}`);
    return allTargets.filter((t) => names.includes(t.name));
  }
  return allTargets.filter((t) => !t.selfTest && (includePending || t.pending === undefined));
}
