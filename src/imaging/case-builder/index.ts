// Case documents from tracked lesion measurements (issue 6, section 3): see docs/lesion-tracking.md.
export {
  type BuildCaseInput,
  type BuiltCase,
  buildCase,
  type CasePatient,
  checkDates,
  defaultCriteria,
  type LineageCell,
  type LineageRole,
  type LineageRow,
} from "./build-case.ts";
export {
  type CaseComponent,
  type CaseCriteria,
  chooseTargets,
  measurability,
  TARGET_LIMITS,
  type TargetCandidate,
  type TargetChoice,
  type TargetOverrides,
  type TargetRules,
} from "./choose-targets.ts";
