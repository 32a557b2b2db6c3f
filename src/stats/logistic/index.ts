// Penalised (ridge) logistic regression with sign constraints and cross-validation.
export {
  chooseLambda,
  DEFAULT_LAMBDA_GRID,
  type LambdaChoice,
  outOfFoldPredictions,
  ridgePath,
  seededRandom,
  stratifiedFolds,
} from "./cross-validation.ts";
export { fitRidgeLogistic, predictLogistic, type RidgeFit, type RidgeOptions } from "./ridge.ts";
