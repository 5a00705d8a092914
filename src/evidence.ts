/**
 * `wan-video-contract/evidence`: live evidence from task logs (JSONL of {@link TaskLogRecord}): per model and
 * resolution counts, Beta promotion and billing reconciliation. (The compatibility matrix of conformance reports
 * is in `wan-video-contract/conformance`.)
 * @example
 * import { analyzeLog } from 'wan-video-contract/evidence';
 * const report = await analyzeLog('tasks.jsonl', { minSuccesses: 20, minSuccessRate: '0.95' });
 * for (const p of report.promotions) console.log(p.model, p.closes ? 'promote' : p.unmet.join('; '));
 */
export {
  EvidenceCollector,
  type EvidenceOptions,
  type EvidenceReport,
  type LoggedViolation,
  type ModelEvidence,
} from './evidence/collector.js';
export { analyzeLog, analyzeLogs, type AnalyzeOptions } from './evidence/analyze.js';
// The DuckDB engine loads @duckdb/node-api (an optional peer dependency) only when it runs.
export { analyzeLogsWithDuckDB, type DuckDBAnalyzeOptions } from './evidence/duckdb/engine.js';
export { exportTaskTable, type TaskTableExport } from './evidence/duckdb/export.js';
export { DuckDBMissingError, DUCKDB_PACKAGE } from './evidence/duckdb/load.js';
export { evidenceHtml } from './evidence/html.js';
export { logTimeMs } from './evidence/log-time.js';
export type { TimeToResult, TimelineBucket } from './evidence/timing.js';
export type { JudgedTask } from './evidence/report.js';
export type { LineRef, UnsubmittedTask } from './evidence/merge.js';
export type { ConflictingDuplicate } from './evidence/duplicates.js';
export {
  judgePromotions,
  promotionDiff,
  type JsonPatchOperation,
  type PromotionThresholds,
  type PromotionVerdict,
  type RegistryChange,
  type ResolutionProgress,
} from './evidence/promotion.js';
export {
  DEFAULT_MIN_SUCCESSES,
  DEFAULT_MIN_SUCCESS_RATE,
  RateError,
  parseRate,
  type Rate,
} from './evidence/thresholds.js';
export { checkTask, type TaskFacts, type TaskOutcome, type Violation, type ViolationKind } from './evidence/check.js';
export type { BillingDiscrepancy, BillingTotals, DiscrepancyKind } from './evidence/reconcile.js';
export type { CellEvidence } from './evidence/stats.js';
export type { InvalidLine } from './evidence/record.js';
export { compareLogs, type Disagreement, type LogComparison, type TaskView } from './evidence/compare.js';
export { EXCHANGE_KINDS, exchangeKindOf, type ExchangeKind, type TaskQueryAnswer } from './rules/observation.js';
