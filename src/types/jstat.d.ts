// Minimal typings for the parts of jstat used here (the package ships none).
declare module "jstat" {
  export const jStat: {
    beta: { inv(p: number, a: number, b: number): number };
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
    };
    studentt: { inv(p: number, dof: number): number };
    chisquare: { cdf(x: number, dof: number): number };
    gammaln(x: number): number;
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
  };
}
