// Agreement between readers (kappas, percent agreement) and between measurement methods (CCC,
// Bland–Altman).
export { type BlandAltman, blandAltman, type Interval, UndefinedBlandAltmanError } from "./bland-altman.ts";
export {
  agreementWeight,
  type CohenKappa,
  cohenKappa,
  type KappaWeights,
  UndefinedKappaError,
} from "./cohen-kappa.ts";
export { type Concordance, linConcordance, UndefinedConcordanceError } from "./concordance.ts";
export { type FleissKappa, fleissKappa } from "./fleiss-kappa.ts";
