export { runConformance, type ConformanceOptions, type RunEvent } from './runner.js';
export { RUNNER_VERSION } from './assemble.js';
export {
  planRun,
  estimateCost,
  levelsOf,
  cheapestResolution,
  isBillableSend,
  type PlanOptions,
  type PlannedRun,
  type LevelOption,
  type FullPlan,
} from './plan.js';
export { loadCases, CASES_DIR, CaseFileError, type LoadedCase } from './load.js';
export {
  CaseDefinition,
  ExpectSpec,
  SendSpec,
  RequireSpec,
  Step,
  REQUEST_VARIANTS,
  type RequestVariant,
} from './case.js';
export {
  buildRequest,
  validRequest,
  DEFAULT_INPUTS,
  UNKNOWN_MODEL,
  type SampleInputs,
  type BuiltRequest,
} from './requests.js';
export {
  parseInputs,
  withInputs,
  isPlaceholderUrl,
  isLoopbackUrl,
  placeholderInputs,
  InputsFileError,
  type PlaceholderInput,
} from './inputs.js';
export { embeddedTarget, handlerTarget, handlerFetch, EMBEDDED_ORIGIN } from './embedded.js';
export { urlTarget, type ConformanceTarget, type EmbeddedTarget, type UrlTarget } from './target.js';
export { isFailure, type ExpectedFailure } from './summary.js';
export { parseExpectedFailures } from './expected.js';
export { casesMarkdown } from './catalogue.js';
export { toJUnit, errorJUnit } from './junit.js';
export { verdictOf, isUnprovenSkip, type RunVerdict, type VerdictStatus } from './verdict.js';
export type { TaskEvent } from './shared-task.js';
export { judge, type JudgeContext, type TaskEnd, type Verdict } from './judge.js';
export {
  judgeLifecycle,
  isLifecycleCase,
  requireHolds,
  taskExchangesFor,
  judgeContextOf,
  type ObservedTask,
  type LifecycleVerdict,
} from './lifecycle.js';
export * from './report.js';
export {
  MatrixInputError,
  asConformanceReport,
  buildMatrix,
  type CellOutcome,
  type CompatibilityMatrix,
  type FailingCase,
  type MatrixCell,
  type MatrixColumn,
  type MatrixRow,
} from './matrix.js';
export { TARGET_WIDE, escapeHtml, renderMatrixHtml, renderMatrixMarkdown } from './matrix-render.js';
