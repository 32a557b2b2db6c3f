// Diagnostic accuracy statistics: public surface.

export * from "../binary-values.ts";
export * from "./analysis.ts";
export * from "./clustering.ts";
export * from "./combine.ts";
export * from "./diagnostic-measures.ts";
export * from "./likelihood-ratio.ts";
export * from "./mcnemar.ts";
export * from "./two-by-two.ts";
