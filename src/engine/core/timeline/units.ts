// Display units of a sum (mm², mm³, mm) and the conversion from the engine's exact integers (MEAS-1).
import { milliToMm3, um2ToMm2 } from "../exact.ts";
import type { SumMethod } from "../sum-track.ts";

export function unitOf(method: SumMethod): "mm²" | "mm³" | "mm" {
  return method === "volumetric" ? "mm³" : method === "unidimensional" ? "mm" : "mm²";
}

export function toDisplay(v: number, method: SumMethod): number {
  return method === "volumetric" ? milliToMm3(v) : method === "unidimensional" ? v / 1000 : um2ToMm2(v);
}
