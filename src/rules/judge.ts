import { isRetentionExpiry, TASK_RETENTION_MS } from '../contract/retention.js';
import { isForwardTransition, isTaskStatus } from '../contract/statuses.js';
import type { ExpectSpec } from './case.js';
import type { Exchange } from '../client/exchange.js';
import { bodyOf, fail, judgeOne, PASS } from './judge-exchange.js';
import type { JudgeContext, Verdict } from './verdict.js';

export type { JudgeContext, TaskEnd, Verdict } from './verdict.js';

/** Judges an `expect` step over the exchanges it looks at. */
export function judge(spec: ExpectSpec, exchanges: readonly Exchange[], ctx: JudgeContext): Verdict {
  if (spec.finishedInTime) {
    const end = ctx.taskEnd;
    if (!end) return { outcome: 'error', message: 'the runner has no task to judge' };
    if (end.kind === 'timeout') return { outcome: 'timeout', message: end.message };
    if (end.kind === 'error') return { outcome: 'error', message: end.message };
    if (end.kind === 'contract')
      return { outcome: 'skip', message: `polling stopped at an answer that breaks the contract: ${end.message}` };
    if (end.kind === 'not-created') return { outcome: 'skip', message: end.message };
  }
  if (exchanges.length === 0) {
    if (spec.finishedInTime) return PASS;
    return {
      outcome: 'skip',
      message: ctx.taskEnd?.kind === 'not-created' ? ctx.taskEnd.message : 'nothing to judge: no exchange',
    };
  }
  if (spec.taskIdStable) {
    for (const e of exchanges) {
      const id = (bodyOf(e) as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
      if (id !== ctx.taskId)
        return fail(
          `getTask #${e.seq}: task_id changed from ${JSON.stringify(ctx.taskId)} to ${JSON.stringify(id ?? null)}`,
        );
    }
  }
  if (spec.statusOrder) {
    let previous: string | undefined;
    for (const e of exchanges) {
      const status = (bodyOf(e) as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
      if (!isTaskStatus(status)) continue;
      if (
        previous !== undefined &&
        isTaskStatus(previous) &&
        !isForwardTransition(previous, status) &&
        !isRetentionExpiry(status, Date.parse(e.startedAt), ctx.retentionEndsAt)
      )
        return fail(`getTask #${e.seq}: task_status moved back from ${previous} to ${status}`);
      previous = status;
    }
  }
  if (spec.terminalStays) {
    const e = exchanges[exchanges.length - 1] as Exchange;
    const status = (bodyOf(e) as { output?: { task_status?: unknown } } | undefined)?.output?.task_status;
    if (e.response && status !== ctx.finalStatus) {
      // The documented end of every task: its id expires after 24 h and then reads UNKNOWN ("任务查询过期").
      if (isRetentionExpiry(status, Date.parse(e.startedAt), ctx.retentionEndsAt)) return PASS;
      const within =
        status === 'UNKNOWN' && ctx.retentionEndsAt !== undefined
          ? `, ${Math.max(0, Math.round((ctx.retentionEndsAt - Date.parse(e.startedAt)) / 60_000))} min before its ${TASK_RETENTION_MS / 3_600_000} h retention lapses`
          : '';
      return fail(
        `getTask #${e.seq}: a ${ctx.finalStatus} task answered ${JSON.stringify(status ?? null)} on a later poll${within}`,
      );
    }
  }
  if (spec.anyOf) {
    const verdicts = exchanges.map((e) => spec.anyOf?.map((alt) => judgeOne(alt, e, ctx)) ?? []);
    for (const list of verdicts) {
      if (list.some((v) => v.outcome === 'pass')) continue;
      const hard = list.find((v) => v.outcome === 'error' || v.outcome === 'timeout');
      return hard ?? fail(`none of the accepted answers: ${list.map((v) => v.message).join('; or ')}`);
    }
  }
  const { taskIdStable: _a, statusOrder: _b, terminalStays: _c, finishedInTime: _d, anyOf: _e, of: _f, ...rest } = spec;
  if (Object.keys(rest).length === 0) return PASS;
  const warnings: string[] = [];
  for (const e of exchanges) {
    const verdict = judgeOne(rest, e, ctx);
    if (verdict.outcome !== 'pass') return verdict;
    if (verdict.message) warnings.push(verdict.message);
  }
  return warnings.length > 0 ? { outcome: 'pass', message: warnings.join('; ') } : PASS;
}
