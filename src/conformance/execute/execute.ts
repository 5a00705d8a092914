import type { ProfileId } from '../../contract/profiles.js';
import type { Exchange } from '../../client/exchange.js';
import type { ExpectSpec, RequireSpec, Step } from '../../rules/case.js';
import { judge, type JudgeContext, type Verdict } from '../../rules/judge.js';
import { requireHolds, retentionEndOf } from '../../rules/lifecycle.js';
import { submitOperationOf } from '../../contract/operations.js';
import type { PlannedRun } from '../plan/plan.js';
import { abortCause } from './abort.js';
import type { CaseResult, StepResult } from './result.js';
import { doSend } from './send.js';
import { errorText, type CaseContext, type RunState } from './state.js';

/** What one step came to: its kind and label as the report shows them, its verdict, the exchanges it looked at. */
interface StepOutcome {
  readonly kind: string;
  readonly label: string;
  readonly verdict: Verdict;
  readonly seqs: number[];
}

function checkRequire(spec: RequireSpec, ctx: CaseContext, state: RunState): Verdict {
  const last = spec.status === undefined ? undefined : state.exchanges.get(ctx.caseSeqs[ctx.caseSeqs.length - 1] ?? -1);
  return requireHolds(spec, ctx.task, last?.response?.status);
}

function exchangesFor(spec: ExpectSpec, ctx: CaseContext, state: RunState): Exchange[] {
  const pick = (seqs: readonly (number | undefined)[]) =>
    seqs.flatMap((s) =>
      s === undefined ? [] : [state.exchanges.get(s)].filter((e): e is Exchange => e !== undefined),
    );
  const task = ctx.task;
  switch (spec.of ?? 'last') {
    case 'submit':
      return pick([task?.submitSeq]);
    case 'polls':
      return pick(task?.pollSeqs ?? []);
    case 'final':
      return pick([task?.finalStatus !== undefined ? task.pollSeqs[task.pollSeqs.length - 1] : undefined]);
    case 'repoll':
      return pick([task?.repollSeq]);
    case 'all':
      return [...state.exchanges.values()].filter((e) => e.operation !== 'download' && e.response !== undefined);
    default:
      return pick([ctx.caseSeqs[ctx.caseSeqs.length - 1]]);
  }
}

/** The identifying fields of a run's result, with the contract reference resolved for its model. */
export function resultBase(
  run: PlannedRun,
  profile: ProfileId,
): Pick<CaseResult, 'caseId' | 'description' | 'level' | 'ref' | 'model' | 'resolution'> {
  const c = run.case;
  // Officially kf2v and s2v submit on the image2video path, whose operation is createImageToVideoTask.
  const ref =
    c.ref.operationId === 'createVideoTask' && run.model
      ? { ...c.ref, operationId: submitOperationOf(profile, run.model) }
      : c.ref;
  return {
    caseId: c.id,
    description: c.description,
    level: c.level,
    ref,
    model: run.model,
    resolution: run.resolution,
  };
}

/** Why a step cannot run at all: the target is unreachable, the run's deadline passed, or it was cancelled. */
function notRunVerdict(state: RunState): Verdict | undefined {
  const unreachable = state.unreachable();
  const stopped = abortCause(state.signal);
  if (unreachable) return { outcome: 'error', message: `not run: the target is unreachable (${unreachable})` };
  if (stopped === 'deadline' || state.now() - state.startMs > state.totalTimeoutMs)
    return { outcome: 'timeout', message: "the run's total deadline passed before this step" };
  if (stopped === 'cancelled') return { outcome: 'error', message: 'not run: the run was cancelled' };
  return undefined;
}

/** A `use` step: the shared task of the run's model and tier, submitted by the first case that needs it. */
async function useStep(state: RunState, run: PlannedRun, ctx: CaseContext): Promise<StepOutcome> {
  const kind = 'use';
  const label = 'the shared task of the model';
  if (!run.model || !run.resolution)
    return { kind, label, verdict: { outcome: 'error', message: 'a task-scope case ran without a model' }, seqs: [] };
  const task = await state.startTask(run.model, run.resolution);
  ctx.task = task;
  const verdict: Verdict =
    task.end.kind === 'error' && task.submitSeq === undefined
      ? { outcome: 'error', message: task.end.message }
      : { outcome: 'pass' };
  return { kind, label, verdict, seqs: task.submitSeq === undefined ? [] : [task.submitSeq] };
}

/** An `expect` step: the judge's verdict on the exchanges it names, with what the case has seen of its task. */
function expectStep(state: RunState, run: PlannedRun, expect: ExpectSpec, ctx: CaseContext): StepOutcome {
  const label = Object.entries(expect)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  const exchanges = exchangesFor(expect, ctx, state);
  const jctx: JudgeContext = {
    profile: state.profile,
    model: run.sendModel,
    request: ctx.task?.request,
    taskId: ctx.task?.taskId,
    finalStatus: ctx.task?.finalStatus,
    taskEnd: ctx.task?.end,
    downloadHead: ctx.downloadHead,
    video: ctx.video,
    retentionEndsAt: retentionEndOf(
      exchangesFor({ of: 'submit' }, ctx, state)[0],
      exchangesFor({ of: 'polls' }, ctx, state),
    ),
  };
  let verdict: Verdict;
  try {
    verdict = judge(expect, exchanges, jctx);
  } catch (error) {
    verdict = { outcome: 'error', message: `runner error: ${errorText(error)}` };
  }
  return { kind: 'expect', label, verdict, seqs: exchanges.map((e) => e.seq) };
}

/** Carries out one step of a case run. */
async function runStep(state: RunState, run: PlannedRun, step: Step, ctx: CaseContext): Promise<StepOutcome> {
  const notRun = notRunVerdict(state);
  if (notRun) return { kind: Object.keys(step)[0] ?? 'step', label: '', verdict: notRun, seqs: [] };
  if ('use' in step) return useStep(state, run, ctx);
  if ('send' in step) {
    const { op, request, auth, asyncHeader } = step.send;
    const label = `${op}${request ? ` ${request}` : ''}${auth ? ` auth=${auth}` : ''}${asyncHeader ? ` async-header=${asyncHeader}` : ''}`;
    const sent = await doSend(state, run, step.send, ctx);
    ctx.caseSeqs.push(...sent.seqs);
    return { kind: 'send', label, verdict: sent, seqs: sent.seqs };
  }
  if ('require' in step) {
    const label = Object.entries(step.require)
      .filter(([k]) => k !== 'reason')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    return { kind: 'require', label, verdict: checkRequire(step.require, ctx, state), seqs: [] };
  }
  return expectStep(state, run, step.expect, ctx);
}

/** Runs one case for one model (or the target) step by step; the first step that does not pass ends it. Never throws. */
export async function executeRun(state: RunState, run: PlannedRun): Promise<CaseResult> {
  const base = resultBase(run, state.profile);
  if (run.skip) return { ...base, outcome: 'skip', reason: run.skip, durationMs: 0, steps: [] };
  const started = state.now();
  const ctx: CaseContext = { caseSeqs: [] };
  const steps: StepResult[] = [];
  let verdict: Verdict = { outcome: 'pass' };
  for (const [index, step] of run.case.steps.entries()) {
    const done = await runStep(state, run, step, ctx);
    verdict = done.verdict;
    steps.push({
      index,
      kind: done.kind,
      label: done.label,
      outcome: verdict.outcome,
      ...(verdict.message ? { message: verdict.message } : {}),
      exchanges: done.seqs,
    });
    if (verdict.outcome !== 'pass') break;
  }
  return {
    ...base,
    outcome: verdict.outcome,
    ...(verdict.message ? { reason: verdict.message } : {}),
    durationMs: state.now() - started,
    offsetMs: Math.max(0, started - state.startMs),
    steps,
  };
}
