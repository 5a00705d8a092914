import { prescribedErrorsOf } from '../../contract/answers.js';
import { statusesOfCode } from '../../contract/error-codes.js';
import { MODELS, type ModelId } from '../../contract/models.js';
import { submitOperationOf, type OperationId } from '../../contract/operations.js';
import { resultLocationOf, type ProfileId } from '../../contract/profiles.js';
import { usageSecondsFieldOf } from '../../contract/usage.js';
import type { ExpectSpec, SendSpec, Step } from '../../rules/case.js';
import { answerCell, emptyCells, modelCell, type CellSets } from '../../coverage/cells.js';
import type { PlannedRun } from './plan.js';

type Alternative = Omit<ExpectSpec, 'anyOf'>;

function operationOf(send: SendSpec, profile: ProfileId, model: ModelId | null): OperationId | undefined {
  if (send.op === 'submit') return model ? submitOperationOf(profile, model) : 'createVideoTask';
  if (send.op === 'getTask') return 'getTask';
  if (send.op === 'cancel') return 'cancelTask';
  return undefined;
}

/** The answers an expectation of a send asks for: a status and code, or the prescribed errors of the case's status. */
function expectedAnswers(profile: ProfileId, op: OperationId, alt: Alternative, refStatus: number): string[] {
  if (alt.status === 200 || alt.status === '2xx') return [answerCell(op, 200)];
  if (alt.code !== undefined && alt.code !== 'official') {
    const status = typeof alt.status === 'number' ? alt.status : statusesOfCode(alt.code)[0];
    return status === undefined ? [] : [answerCell(op, status, alt.code)];
  }
  const status = typeof alt.status === 'number' ? alt.status : refStatus;
  return prescribedErrorsOf(profile, op)
    .filter((e) => e.status === status)
    .map((e) => answerCell(op, e.status, e.code));
}

/** The step that judges a send: the first `expect` (of its own exchange) or `require` after it, before the next send. */
function judgeOf(steps: readonly Step[], from: number): Alternative[] {
  for (const step of steps.slice(from + 1)) {
    if ('send' in step) return [];
    if ('expect' in step && (step.expect.of === undefined || step.expect.of === 'last'))
      return [step.expect, ...(step.expect.anyOf ?? [])];
    if ('require' in step) return step.require.status === undefined ? [] : [{ status: step.require.status }];
  }
  return [];
}

function addExpect(cells: CellSets, profile: ProfileId, model: ModelId | null, expect: ExpectSpec): void {
  for (const alt of [expect, ...(expect.anyOf ?? [])]) {
    for (const status of alt.taskStatus ?? []) cells.statuses.add(status);
    if (model && alt.usage) cells.usage.add(usageSecondsFieldOf(model));
    if (model && alt.videoUrl) cells.locations.add(resultLocationOf(profile, MODELS[model].capability));
  }
}

/**
 * The cells a plan can reach: what its case runs that are not skipped ask the target to show. A run on the shared
 * task reaches its model × tier, its submit and its polls; a send reaches the answer its expectation names (for
 * `4xx` with any official code: the operation's prescribed errors of the case's status); expectations reach the
 * task statuses, the `usage` seconds field and the result location they check.
 */
export function reachableCells(profile: ProfileId, runs: readonly PlannedRun[]): CellSets {
  const cells = emptyCells();
  for (const run of runs) {
    if (run.skip) continue;
    const model = run.sendModel;
    const steps = run.case.steps;
    steps.forEach((step, i) => {
      if ('use' in step && model) {
        cells.answers.add(answerCell(submitOperationOf(profile, model), 200));
        cells.answers.add(answerCell('getTask', 200));
        if (run.model && run.resolution) cells.models.add(modelCell(run.model, run.resolution));
      } else if ('expect' in step) addExpect(cells, profile, model, step.expect);
      else if ('require' in step && step.require.taskStatus) cells.statuses.add(step.require.taskStatus);
      else if ('send' in step) {
        const op = operationOf(step.send, profile, model);
        if (!op) return;
        for (const alt of judgeOf(steps, i))
          for (const cell of expectedAnswers(profile, op, alt, Number(run.case.ref.status))) cells.answers.add(cell);
      }
    });
  }
  return cells;
}
