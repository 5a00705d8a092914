/**
 * `wan-video-contract/conformance`: runs the conformance cases against any implementation of the contract and
 * returns a report (nothing printed), with cost estimates and budgets before the first request.
 * @example
 * import { runConformance, embeddedTarget } from 'wan-video-contract/conformance';
 * const report = await runConformance(embeddedTarget('crazyrouter'));
 */
export { runConformance, type ConformanceOptions, type RunEvent } from './conformance/runner.js';
export { RUNNER_VERSION } from './conformance/assemble.js';
export { embeddedTarget, handlerTarget } from './conformance/embedded.js';
export { urlTarget, type ConformanceTarget, type EmbeddedTarget, type UrlTarget } from './conformance/target.js';
export { verdictOf, type RunVerdict, type VerdictStatus } from './conformance/verdict.js';
export {
  planRun,
  estimateCost,
  type FullPlan,
  type LevelOption,
  type PlanOptions,
  type PlannedRun,
} from './conformance/plan.js';
export { loadCases, CaseFileError, type LoadedCase } from './conformance/load.js';
export { RERUN_OUTCOMES, SelectionError, rerunOf, selectCases, type Rerun, type RunKey } from './conformance/select.js';
export {
  CaseDefinition,
  type ExpectSpec,
  type RequireSpec,
  type SendSpec,
  type Step,
  type RequestVariant,
} from './conformance/case.js';
export type { SampleInputs } from './conformance/requests.js';
export {
  parseInputs,
  withInputs,
  placeholderInputs,
  isLoopbackUrl,
  isPlaceholderUrl,
  InputsFileError,
  type PlaceholderInput,
} from './conformance/inputs.js';
export type { TaskEvent } from './conformance/shared-task.js';
export { parseExpectedFailures } from './conformance/expected.js';
export { isFailure, type ExpectedFailure } from './conformance/summary.js';
export { toJUnit } from './conformance/junit.js';
export { judgeLifecycle, type LifecycleVerdict, type ObservedTask } from './conformance/lifecycle.js';
export type { TaskEnd, Verdict } from './conformance/judge.js';
export {
  LEVELS,
  OUTCOMES,
  type CaseResult,
  type ConformanceReport,
  type ContractRef,
  type CostEstimate,
  type Level,
  type Outcome,
  type OutcomeCounts,
  type Plan,
  type PlannedTask,
  type StepResult,
} from './conformance/report.js';
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
} from './conformance/matrix.js';
export { renderMatrixHtml, renderMatrixMarkdown } from './conformance/matrix-render.js';
export {
  runClientCheck,
  CHECKED_FAULTS,
  type ClientCheckOptions,
  type ClientCheckReport,
  type ClientCommand,
  type ClientFunction,
  type ClientTarget,
} from './client-check/run.js';
export type { FaultVerdict, SeenRequest, ClientRun } from './client-check/judge.js';
export { clientCheckTable, clientCheckJUnit } from './client-check/report.js';
export { COVERAGE_AXES, coverageUniverse, type CoverageAxis } from './conformance/coverage-cells.js';
export { type AxisCoverage, type Coverage, type CoverageCounts } from './conformance/coverage.js';
export { coverageOfReport } from './conformance/coverage-report.js';
export { coverageOfLogs, type LogCoverage } from './conformance/coverage-log.js';
export {
  checkCoverage,
  parseCoverageThreshold,
  CoverageThresholdError,
  type CoverageShortfall,
  type CoverageThreshold,
} from './conformance/coverage-gate.js';
