import type { Exchange } from '../client/exchange.js';
import { isModelId, MODELS } from '../contract/models.js';
import { matchOperationPath, OPERATIONS, submitOperationOf, type OperationId } from '../contract/operations.js';
import type { ProfileId } from '../contract/profiles.js';
import type { TaskLogFragment, TaskLogRecord, TaskObservation } from '../contract/schemas/task-log.js';
import { videoUrlOf, type TaskOutput } from '../contract/schemas/task.js';
import { isTerminalStatus } from '../contract/statuses.js';
import { requestedResolution } from '../pricing/bill.js';
import {
  answerCell,
  COVERAGE_AXES,
  emptyCells,
  modelCell,
  type CellSets,
  type CoverageAxis,
} from './cells.js';

/** What a tally has seen, as plain data (it crosses worker threads and JSON files). */
export type SeenCells = Record<CoverageAxis, string[]>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tier a submit body asks for under the profile (the model's default when it names none). */
function tierOf(profile: ProfileId, body: Record<string, unknown>): string | undefined {
  const model = body.model;
  if (typeof model !== 'string') return undefined;
  const asked = requestedResolution(body as { model: string }, profile);
  if (asked !== undefined) return asked;
  return isModelId(model) ? MODELS[model].defaultResolution : undefined;
}

/**
 * The cells one run or log has reached, per axis: each answer (operation, HTTP status, error code), each task
 * status answered, each model × tier whose task was seen to end, each `usage` field reported and each place a
 * video URL was found. Cells outside the contract's universe are kept too: they are shown as seen beyond it.
 */
export class CoverageTally {
  readonly cells: CellSets = emptyCells();
  /** The model × tier cell of each task id a submit created, until the task is seen to end. */
  readonly #tasks = new Map<string, string>();

  constructor(readonly profile: ProfileId) {}

  /** Counts one answer of an operation: its status and code, and what its body says about the task. */
  addAnswer(op: OperationId, status: number, body: unknown): void {
    const code = isObject(body) && typeof body.code === 'string' ? body.code : undefined;
    this.cells.answers.add(answerCell(op, status, code));
    if (status !== 200 || !isObject(body)) return;
    const output = body.output;
    if (isObject(output) && typeof output.task_status === 'string') {
      this.cells.statuses.add(output.task_status);
      if (output.task_status === 'SUCCEEDED') {
        const found = videoUrlOf(output as TaskOutput);
        if (found) this.cells.locations.add(found.at);
      }
    }
    if (isObject(body.usage)) for (const field of Object.keys(body.usage)) this.cells.usage.add(field);
  }

  /** Counts the model × tier of a task once it is seen to end. */
  addTaskRun(request: unknown, submitStatus: number, finalBody: unknown): void {
    if (submitStatus !== 200 || !isObject(request)) return;
    const status = isObject(finalBody) && isObject(finalBody.output) ? finalBody.output.task_status : undefined;
    const tier = tierOf(this.profile, request);
    if (isTerminalStatus(status) && tier !== undefined) this.cells.models.add(modelCell(String(request.model), tier));
  }

  /**
   * Counts one exchange of a conformance run (`baseUrl`: the report's target). Downloads and paths outside the
   * profile are not answers of an operation.
   */
  addExchange(exchange: Exchange, baseUrl: string): void {
    const response = exchange.response;
    if (!response || exchange.operation === 'download') return;
    const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
    const path = new URL(exchange.request.url).pathname;
    if (!path.startsWith(base)) return;
    const matched = matchOperationPath(this.profile, path.slice(base.length).replace(/\/+$/, ''));
    const op = matched?.operations.find((o) => OPERATIONS[o].method === exchange.request.method);
    if (!op) return;
    this.addAnswer(op, response.status, response.body);
    const body = response.body;
    const output = isObject(body) && isObject(body.output) ? body.output : undefined;
    if (OPERATIONS[op].kind === 'submit' && response.status === 200 && typeof output?.task_id === 'string') {
      const request = exchange.request.body;
      const tier = isObject(request) ? tierOf(this.profile, request) : undefined;
      if (isObject(request) && tier !== undefined)
        this.#tasks.set(output.task_id, modelCell(String(request.model), tier));
    }
    const id = matched?.params.task_id;
    if (op === 'getTask' && id !== undefined && isTerminalStatus(output?.task_status)) {
      const cell = this.#tasks.get(id);
      if (cell) this.cells.models.add(cell);
    }
  }

  /**
   * Counts one task log record. A log keeps no path, so the submit counts for the operation the profile submits
   * the model at; the final answer and the task queries observed count for `getTask` (an observed query that was
   * not answered 200 keeps no error code, so it adds its task status only).
   */
  addRecord(record: TaskLogRecord): void {
    const op = isModelId(record.model) ? submitOperationOf(record.profile, record.model) : 'createVideoTask';
    this.addAnswer(op, record.submit.http_status, record.submit.body);
    this.#addObservations(record.observations ?? []);
    if (record.final) {
      this.addAnswer('getTask', record.final.http_status, record.final.body);
      this.addTaskRun(record.request, record.submit.http_status, record.final.body);
    }
  }

  /** Counts a fragment: the queries of a task another logger submitted (its model and tier are not known here). */
  addFragment(fragment: TaskLogFragment): void {
    this.#addObservations(fragment.observations);
    if (fragment.final) this.addAnswer('getTask', fragment.final.http_status, fragment.final.body);
  }

  #addObservations(observations: readonly TaskObservation[]): void {
    for (const o of observations) {
      if (o.http_status === 200) this.cells.answers.add(answerCell('getTask', 200));
      if (o.task_status !== undefined) this.cells.statuses.add(o.task_status);
    }
  }

  /** The cells seen, as plain data. */
  seen(): SeenCells {
    return Object.fromEntries(COVERAGE_AXES.map((axis) => [axis, [...this.cells[axis]]])) as SeenCells;
  }

  /** Adds the cells another tally saw (another thread, another part of a log). */
  merge(seen: SeenCells): void {
    for (const axis of COVERAGE_AXES) for (const cell of seen[axis]) this.cells[axis].add(cell);
  }
}
