// The jstat functions this module needs beyond those typed in src/types/jstat.d.ts (kept local so
// the shared typings file is not edited by several features at once).
import jstatModule from "jstat";

interface JStatExtra {
  chisquare: { cdf(x: number, df: number): number };
  studentt: { inv(p: number, dof: number): number };
  gammaln(x: number): number;
}

export const jStatExtra = (jstatModule as unknown as { jStat: JStatExtra }).jStat;
