/**
 * `wan-video-contract/conformance`: runs the conformance cases against any implementation of the contract and
 * returns a report (nothing printed), with cost estimates and budgets before the first request.
 * @example
 * import { runConformance, embeddedTarget } from 'wan-video-contract/conformance';
 * const report = await runConformance(embeddedTarget('crazyrouter'));
 */
export { runConformance, type ConformanceOptions, type RunEvent } from './conformance/runner.js';
export { RUNNER_VERSION } from './conformance/report/assemble.js';
export { embeddedTarget, handlerTarget } from './conformance/plan/embedded.js';
export { urlTarget, type ConformanceTarget, type EmbeddedTarget, type UrlTarget } from './conformance/plan/target.js';
export { verdictOf } from './conformance/report/verdict.js';
export { type RunVerdict, type VerdictStatus } from './conformance/report/report.js';
export { planRun, estimateCost, type FullPlan, type PlanOptions, type PlannedRun } from './conformance/plan/plan.js';
export { type LevelOption } from './conformance/plan/select.js';
export { loadCases, CaseFileError, type LoadedCase } from './rules/load.js';
export {
  RERUN_OUTCOMES,
  SelectionError,
  rerunOf,
  selectCases,
  type Rerun,
  type RunKey,
} from './conformance/plan/select.js';
export {
  CaseDefinition,
  type ExpectSpec,
  type RequireSpec,
  type SendSpec,
  type Step,
  type RequestVariant,
} from './rules/case.js';
export type { SampleInputs } from './conformance/plan/requests.js';
export {
  parseInputs,
  withInputs,
  placeholderInputs,
  isLoopbackUrl,
  isPlaceholderUrl,
  InputsFileError,
  type PlaceholderInput,
} from './conformance/plan/inputs.js';
export type { TaskEvent } from './conformance/execute/shared-task.js';
export { parseExpectedFailures } from './conformance/report/expected.js';
export { isFailure } from './conformance/report/summary.js';
export { type ExpectedFailure } from './conformance/plan/types.js';
export { toJUnit } from './conformance/report/junit.js';
export { judgeLifecycle, type LifecycleVerdict, type ObservedTask } from './rules/lifecycle.js';
export type { TaskEnd, Verdict } from './rules/judge.js';
export { type ConformanceReport } from './conformance/report/report.js';
export { type CostEstimate, type Plan, type PlannedTask } from './conformance/plan/types.js';
export { type CaseResult, type ContractRef, type StepResult } from './conformance/execute/result.js';
export { LEVELS, OUTCOMES, type Level, type Outcome, type OutcomeCounts } from './rules/outcome.js';
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
} from './conformance/report/matrix.js';
export { renderMatrixHtml, renderMatrixMarkdown } from './conformance/report/matrix-render.js';
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
export { COVERAGE_AXES, coverageUniverse, type CoverageAxis } from './coverage/cells.js';
export { type AxisCoverage, type Coverage, type CoverageCounts } from './coverage/coverage.js';
export { coverageOfReport } from './conformance/report/coverage.js';
export { coverageOfLogs, type LogCoverage } from './evidence/coverage-log.js';
// The DuckDB reader loads @duckdb/node-api (an optional peer dependency) only when it runs.
export { coverageOfLogsWithDuckDB, type DuckDBCoverageOptions } from './evidence/duckdb/coverage.js';
export {
  checkCoverage,
  parseCoverageThreshold,
  CoverageThresholdError,
  type CoverageShortfall,
  type CoverageThreshold,
} from './coverage/gate.js';
