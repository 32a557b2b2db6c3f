// Targets that must fail, so the harness itself is tested: an endless synchronous loop (the
// watchdog must report a hang and go on) and a command output with NaN (the oracle must see it).
import { commonFailures } from "../oracles.ts";
import type { Target } from "../types.ts";

export const selfTestTargets: Target[] = [
  {
    name: "self-test-hang",
    area: "harness",
    selfTest: true,
    generate: () => ({ files: {}, argv: [], meta: {}, mutations: ["endless loop"] }),
    async check() {
      for (;;) {
        /* never returns: only a terminated worker ends this */
      }
    },
  },
  {
    name: "self-test-nan",
    area: "harness",
    selfTest: true,
    generate: () => ({ files: {}, argv: [], meta: {}, mutations: ["NaN in output"] }),
    check: async () =>
      commonFailures({ code: 0, stdout: "AUC NaN (95% CI 0.1 to Infinity)", stderr: "", ms: 0 }, "self-test"),
  },
];
