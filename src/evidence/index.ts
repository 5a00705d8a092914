export { TaskLogRecord, TaskLogFragment, TaskObservation, LOG_TIME_PATTERN } from '../contract/schemas/task-log.js';
export { forEachLine, type ByteRange, type LineHandler } from './lines.js';
export { PARALLEL_MIN_BYTES, lineAlignedRanges } from './parallel.js';
export { parseLogLine, type InvalidLine, type ParsedLine } from './record.js';
export {
  checkTask,
  isRegistryRecord,
  VIOLATION_KINDS,
  type TaskFacts,
  type TaskOutcome,
  type Violation,
  type ViolationKind,
} from './check.js';
export { Tally, type CellEvidence, type TallyData } from './stats.js';
export {
  DEFAULT_MIN_SUCCESSES,
  DEFAULT_MIN_SUCCESS_RATE,
  RateError,
  formatRate,
  meetsRate,
  parseRate,
  type Rate,
} from './thresholds.js';
export {
  REGISTRY_PATH,
  judgePromotions,
  promotionDiff,
  promotionSourceDiff,
  type JsonPatchOperation,
  type RegistryChange,
  type PromotionThresholds,
  type PromotionVerdict,
  type ResolutionProgress,
} from './promotion.js';
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
} from './reconcile.js';
export {
  DEFAULT_LIST_LIMIT,
  EvidenceCollector,
  type CollectorState,
  type EvidenceOptions,
  type EvidenceReport,
  type LoggedViolation,
  type ModelEvidence,
} from './collector.js';
export { analyzeLog, analyzeLogs, type AnalyzeOptions } from './analyze.js';
export { fragmentKeysOf, heldTaskKeysOf } from './fragment-keys.js';
export { disagreement, type ConflictingDuplicate } from './duplicates.js';
export {
  mergeParts,
  stepsOf,
  taskKey,
  type LifecycleStep,
  type LineRef,
  type LogPart,
  type MergedTask,
  type UnsubmittedTask,
} from './merge.js';
export { judgeLoggedLifecycle, type LifecycleFinding } from './lifecycle.js';
export { compareLogs, type Disagreement, type LogComparison, type TaskView } from './compare.js';
