import { MODELS, type ModelId } from '../contract/models.js';
import { resultLocationOf, type ProfileId } from '../contract/profiles.js';
import { isOfficialErrorCode, isWellFormedErrorCode } from '../contract/schemas/error.js';
import { videoUrlOf, type TaskResponse } from '../contract/schemas/task.js';
import { isRetentionExpiry, TASK_RETENTION_MS } from '../contract/retention.js';
import { isForwardTransition, isTaskStatus } from '../contract/statuses.js';
import { billTask, PricingError, quoteRequest } from '../pricing/index.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../validate/task.js';
import type { ExpectSpec } from './case.js';
import type { Exchange } from '../client/exchange.js';
import type { Outcome } from './outcome.js';
import { judgeDelivered } from './judge-delivered.js';
import type { VideoProbe } from './video.js';

/** What an `expect` step may look at. */
export interface JudgeContext {
  readonly profile: ProfileId;
  readonly model: ModelId | null;
  /** The submit request of the shared task (for usage checks). */
  readonly request?: Record<string, unknown> | undefined;
  /** The submit answer's task id (for task_id stability). */
  readonly taskId?: string | undefined;
  /** The final status seen before the re-poll. */
  readonly finalStatus?: string | undefined;
  /** How the shared task's polling ended. */
  readonly taskEnd?: TaskEnd | undefined;
  /** First bytes of a downloaded body. */
  readonly downloadHead?: Uint8Array | undefined;
  /** What reading the task's video header found (`delivered` checks). */
  readonly video?: VideoProbe | undefined;
  /** When the task's 24 h retention lapses at the earliest (contract/retention.ts); UNKNOWN after it is no change. */
  readonly retentionEndsAt?: number | undefined;
}

/** How polling a task ended. */
export type TaskEnd =
  | { readonly kind: 'finished'; readonly status: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'contract'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'not-created'; readonly message: string };

/** A verdict: pass, or what went wrong. */
export interface Verdict {
  readonly outcome: Outcome;
  readonly message?: string;
}

const PASS: Verdict = { outcome: 'pass' };
const fail = (message: string): Verdict => ({ outcome: 'fail', message });

function bodyOf(exchange: Exchange): unknown {
  return exchange.response?.body;
}

function statusMatches(want: number | string, got: number): boolean {
  if (typeof want === 'number') return want === got;
  return Math.floor(got / 100) === Number(want[0]);
}

function firstIssue(result: { ok: boolean; errors?: readonly { path: string; message: string }[] }): string {
  const issue = result.errors?.[0];
  return issue ? `${issue.path ? `${issue.path}: ` : ''}${issue.message}` : 'invalid';
}

function describeAnswer(exchange: Exchange): string {
  const r = exchange.response;
  if (!r) return `no answer (${exchange.error?.message ?? 'transport error'})`;
  const body = r.body as { code?: unknown; output?: { task_status?: unknown } } | undefined;
  const detail = body?.code
    ? ` ${String(body.code)}`
    : body?.output?.task_status
      ? ` ${String(body.output.task_status)}`
      : r.body === undefined
        ? ' (not JSON)'
        : '';
  return `HTTP ${r.status}${detail}`;
}

/** Checks of one exchange (everything but the sequence checks). */
function judgeOne(spec: ExpectSpec, exchange: Exchange, ctx: JudgeContext): Verdict {
  const r = exchange.response;
  if (!r)
    return {
      outcome: exchange.error?.kind === 'timeout' ? 'timeout' : 'error',
      message: `${exchange.request.method} ${exchange.request.url}: ${exchange.error?.message ?? 'no answer'}`,
    };
  const at = `${exchange.operation} #${exchange.seq}`;
  if (spec.status !== undefined && !statusMatches(spec.status, r.status))
    return fail(`${at}: expected HTTP ${spec.status}, received ${describeAnswer(exchange)}`);
  const body = bodyOf(exchange);
  if (spec.json) {
    const type = r.headers['content-type'] ?? '';
    if (body === undefined)
      return fail(`${at}: expected a JSON body, received ${r.bytes} bytes of ${type || 'no content type'}`);
    if (!/json/i.test(type)) return fail(`${at}: expected Content-Type application/json, received ${type || 'none'}`);
  }
  if (spec.requestId) {
    const id = (body as { request_id?: unknown } | undefined)?.request_id;
    if (typeof id !== 'string' || id === '')
      return fail(
        `${at}: expected a request_id, received ${body === undefined ? 'a body that is not JSON' : JSON.stringify(id ?? null)}`,
      );
  }
  if (spec.body) {
    if (body === undefined) return fail(`${at}: expected a JSON ${spec.body}, received a body that is not JSON`);
    const result =
      spec.body === 'submit-response'
        ? validateSubmitResponse(body)
        : spec.body === 'error-body'
          ? validateErrorBody(body)
          : validateTaskResponse(body, { profile: ctx.profile, ...(ctx.model ? { model: ctx.model } : {}) });
    if (!result.ok) return fail(`${at}: the ${spec.body} breaks the contract: ${firstIssue(result)}`);
  }
  let note: string | undefined;
  if (spec.code) {
    const code = (body as { code?: unknown } | undefined)?.code;
    if (spec.code === 'official') {
      // The official list is open ("models may add their own codes", error-code page): a well-formed code it lacks
      // passes with a warning; only a missing or malformed code breaks the contract.
      if (!isOfficialErrorCode(code)) {
        if (!isWellFormedErrorCode(code))
          return fail(
            `${at}: expected an error code such as InvalidParameter, received ${JSON.stringify(code ?? null)}`,
          );
        note = `warning: ${at}: code ${JSON.stringify(code)} is not on the official list; accepted as a model's own code`;
      }
    } else if (code !== spec.code) {
      return fail(`${at}: expected code ${spec.code}, received ${JSON.stringify(code ?? null)}`);
    }
  }
  if (spec.taskStatus) {
    const output = (body as { output?: { task_status?: unknown; code?: unknown; message?: unknown } } | undefined)
      ?.output;
    const status = output?.task_status;
    if (!spec.taskStatus.includes(status as never)) {
      // A task that ended FAILED says why in output.code and output.message: name them, they are the fix.
      const why = [
        output?.code === undefined ? '' : `output.code ${JSON.stringify(output.code)}`,
        output?.message === undefined ? '' : `output.message ${JSON.stringify(output.message)}`,
      ].filter(Boolean);
      return fail(
        `${at}: expected task_status ${spec.taskStatus.join(' or ')}, received ${JSON.stringify(status ?? null)}${why.length ? ` (${why.join(', ')})` : ''}`,
      );
    }
  }
  if (spec.videoUrl) {
    const task = body as TaskResponse;
    const want = ctx.model ? resultLocationOf(ctx.profile, MODELS[ctx.model].capability) : 'output.video_url';
    const found = task?.output ? videoUrlOf(task.output) : undefined;
    const url = want === 'output.video_url' ? task?.output?.video_url : task?.output?.results?.video_url;
    if (typeof url !== 'string')
      return fail(`${at}: expected the video URL at ${want}, found ${found ? `it at ${found.at}` : 'none'}`);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      return fail(`${at}: expected an absolute http(s) URL at ${want}, received ${JSON.stringify(url.slice(0, 120))}`);
  }
  if (spec.video) {
    const type = r.headers['content-type'] ?? '';
    const head = ctx.downloadHead ?? new Uint8Array(0);
    const isMp4 = head.length >= 8 && String.fromCharCode(...head.slice(4, 8)) === 'ftyp';
    if (!type.startsWith('video/') && !isMp4)
      return fail(
        `${at}: expected a video (Content-Type video/* or MP4 bytes), received ${type || 'no content type'}, ${r.bytes} bytes`,
      );
    if (r.bytes === 0) return fail(`${at}: expected video bytes, received an empty body`);
  }
  if (spec.delivered) {
    const verdict = judgeDelivered(at, body as TaskResponse, ctx.request, ctx.video, ctx.profile);
    if (verdict.outcome !== 'pass') return verdict;
  }
  if (spec.usage) {
    const verdict = judgeUsage(spec.usage, body as TaskResponse, ctx, at);
    if (verdict.outcome !== 'pass') return verdict;
  }
  return note ? { outcome: 'pass', message: note } : PASS;
}

function judgeUsage(
  kind: 'matches-quote' | 'reports-seconds',
  task: TaskResponse,
  ctx: JudgeContext,
  at: string,
): Verdict {
  const usage = task?.usage;
  const seconds = typeof usage?.video_duration === 'number' ? usage.video_duration : usage?.duration;
  if (kind === 'reports-seconds') {
    return typeof seconds === 'number'
      ? PASS
      : fail(
          `${at}: expected usage.video_duration or usage.duration, received ${usage ? `usage with ${Object.keys(usage).join(', ') || 'no fields'}` : 'no usage'}`,
        );
  }
  if (!ctx.request || !ctx.model) return { outcome: 'error', message: 'the runner lost the request of the task' };
  try {
    const bill = billTask(ctx.request as { model: string }, task, { profile: ctx.profile });
    const rule = MODELS[ctx.model].duration;
    if (rule.mode === 'audio') {
      // The video follows the audio: any length under the bound is right; the price per second must still hold.
      const billed = Number(bill.seconds);
      if (!(billed > 0 && billed < rule.maxExclusive))
        return fail(
          `${at}: ${ctx.model} bills ${bill.seconds} s, expected more than 0 and under ${rule.maxExclusive} s`,
        );
      return PASS;
    }
    const want = quoteRequest(ctx.request as { model: string }, { profile: ctx.profile });
    if (bill.amountMinor !== want.amountMinor) {
      return fail(
        `${at}: usage bills ${bill.seconds} s × ¥${bill.unitPrice} = ¥${bill.amount}, the request quotes ${want.seconds} s × ¥${want.unitPrice} = ¥${want.amount}`,
      );
    }
    return PASS;
  } catch (error) {
    if (error instanceof PricingError) return fail(`${at}: ${error.message}`);
    throw error;
  }
}

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
