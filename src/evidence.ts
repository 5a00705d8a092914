/**
 * `wan-video-contract/evidence`: live evidence from task logs (JSONL of {@link TaskLogRecord}): per model and
 * resolution counts, Beta promotion and billing reconciliation. (The compatibility matrix of conformance reports
 * is in `wan-video-contract/conformance`.)
 * @example
 * import { analyzeLog } from 'wan-video-contract/evidence';
 * const report = await analyzeLog('tasks.jsonl', { minSuccesses: 20, minSuccessRate: '0.95' });
 * for (const p of report.promotions) console.log(p.model, p.closes ? 'promote' : p.unmet.join('; '));
 */
export { TaskLogRecord, LOG_TIME_PATTERN } from './contract/schemas/task-log.js';
export { forEachLine, type ByteRange, type LineHandler } from './evidence/lines.js';
export { PARALLEL_MIN_BYTES, lineAlignedRanges } from './evidence/parallel.js';
export { parseLogLine, type InvalidLine, type ParsedLine } from './evidence/record.js';
export {
  checkTask,
  isRegistryRecord,
  VIOLATION_KINDS,
  type TaskFacts,
  type TaskOutcome,
  type Violation,
  type ViolationKind,
} from './evidence/check.js';
export { Tally, type CellEvidence, type TallyData } from './evidence/stats.js';
export {
  DEFAULT_MIN_SUCCESSES,
  DEFAULT_MIN_SUCCESS_RATE,
  RateError,
  formatRate,
  meetsRate,
  parseRate,
  type Rate,
} from './evidence/thresholds.js';
export {
  REGISTRY_PATH,
  judgePromotions,
  promotionDiff,
  type PromotionThresholds,
  type PromotionVerdict,
  type ResolutionProgress,
} from './evidence/promotion.js';
export {
  BillingReconciler,
  CHARGE_SCALE,
  ChargeError,
  ModelBilling,
  formatCny,
  parseCharge,
  type BillingDiscrepancy,
  type BillingState,
  type BillingTotals,
  type DiscrepancyKind,
} from './evidence/reconcile.js';
export {
  DEFAULT_LIST_LIMIT,
  EvidenceCollector,
  type CollectorState,
  type EvidenceOptions,
  type EvidenceReport,
  type LoggedViolation,
  type ModelEvidence,
} from './evidence/collector.js';
export { analyzeLog, type AnalyzeOptions } from './evidence/analyze.js';
