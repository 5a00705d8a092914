import type { ModelId } from '../contract/models.js';
import type { TaskLogRecord } from '../contract/schemas/task-log.js';
import { analyzeLog, type AnalyzeOptions } from './analyze.js';
import { checkTask, isRegistryRecord } from './check.js';
import { judgeLoggedLifecycle } from './lifecycle.js';
import { forEachLine } from './lines.js';
import { stepsOf } from './merge.js';
import { parseLogLine } from './record.js';

/** What one log says of one task: how it ended, what it costs, and which lifecycle cases it breaks. */
export interface TaskView {
  readonly model: string;
  /** `succeeded`, `failed`, … (see `TaskOutcome`), or the first violation's kind when the answer breaks the contract. */
  readonly outcome: string;
  /** The bill by the price table (`3.50 CNY`), or `none`. */
  readonly billed: string;
  /** The lifecycle cases the task's queries break, sorted; `pass` when none. */
  readonly lifecycle: string;
}

/** One disagreement between two logs: a task either names differently, or a model's Beta verdict. */
export interface Disagreement {
  /** The task id, or `model <id>` for a Beta verdict. */
  readonly subject: string;
  readonly field: keyof TaskView | 'present' | 'beta';
  readonly a: string;
  readonly b: string;
}

/** The comparison of two task logs of the same traffic (a proxy's and the runner's `--evidence`). */
export interface LogComparison {
  /** Tasks both logs describe. */
  readonly shared: number;
  readonly onlyA: number;
  readonly onlyB: number;
  readonly disagreements: readonly Disagreement[];
}

/** The tasks of one log by task id (a record per task; a task logged twice keeps its last line). */
async function viewsOf(file: string): Promise<Map<string, TaskView>> {
  const views = new Map<string, TaskView>();
  await forEachLine(file, (text, line) => {
    const parsed = parseLogLine(text);
    if (parsed.kind !== 'record' || parsed.record.task_id === undefined) return;
    const record = parsed.record;
    if (!isRegistryRecord(record)) return;
    views.set(record.task_id!, viewOf(record as TaskLogRecord & { model: ModelId }, line));
  });
  return views;
}

function viewOf(record: TaskLogRecord & { model: ModelId }, line: number): TaskView {
  const facts = checkTask(record);
  const lifecycle = judgeLoggedLifecycle(record, stepsOf({ kind: 'record', record, line }))
    .map((f) => f.caseId)
    .sort();
  return {
    model: record.model,
    outcome: facts.violations.length > 0 ? `${facts.outcome} (${facts.violations[0]!.kind})` : facts.outcome,
    billed: facts.bill ? `${facts.bill.amount} ${facts.bill.currency}` : 'none',
    lifecycle: lifecycle.length === 0 ? 'pass' : [...new Set(lifecycle)].join(','),
  };
}

const FIELDS = ['model', 'outcome', 'billed', 'lifecycle'] as const;

/**
 * Compares two task logs of the same traffic, task by task (by task id) and by each Beta model's verdict, and
 * names every disagreement: a task one log lacks, a different final outcome, bill or lifecycle verdict, a model
 * whose Beta label one log would lift and the other keep.
 * @example const { disagreements } = await compareLogs('proxy.jsonl', 'conform.jsonl');
 */
export async function compareLogs(a: string, b: string, options: AnalyzeOptions = {}): Promise<LogComparison> {
  const [viewsA, viewsB] = await Promise.all([viewsOf(a), viewsOf(b)]);
  const disagreements: Disagreement[] = [];
  let shared = 0;
  for (const [id, va] of viewsA) {
    const vb = viewsB.get(id);
    if (!vb) {
      disagreements.push({ subject: id, field: 'present', a: 'logged', b: 'absent' });
      continue;
    }
    shared += 1;
    for (const field of FIELDS)
      if (va[field] !== vb[field]) disagreements.push({ subject: id, field, a: va[field], b: vb[field] });
  }
  for (const id of viewsB.keys())
    if (!viewsA.has(id)) disagreements.push({ subject: id, field: 'present', a: 'absent', b: 'logged' });
  const [reportA, reportB] = await Promise.all([analyzeLog(a, options), analyzeLog(b, options)]);
  const verdict = (v: { closes: boolean; unmet: readonly string[]; violations: number }) =>
    v.closes ? 'closes' : `stays Beta (${v.violations} violations; ${v.unmet.join('; ')})`;
  for (const pa of reportA.promotions) {
    const pb = reportB.promotions.find((p) => p.model === pa.model);
    const va = verdict(pa);
    const vb = pb ? verdict(pb) : 'absent';
    if (va !== vb) disagreements.push({ subject: `model ${pa.model}`, field: 'beta', a: va, b: vb });
  }
  return {
    shared,
    onlyA: [...viewsA.keys()].filter((id) => !viewsB.has(id)).length,
    onlyB: [...viewsB.keys()].filter((id) => !viewsA.has(id)).length,
    disagreements,
  };
}
