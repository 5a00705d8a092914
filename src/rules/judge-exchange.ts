import { MODELS } from '../contract/models.js';
import { resultLocationOf } from '../contract/profiles.js';
import { isOfficialErrorCode, isWellFormedErrorCode } from '../contract/schemas/error.js';
import { videoUrlOf, type TaskResponse } from '../contract/schemas/task.js';
import { billTask, PricingError, quoteRequest } from '../pricing/index.js';
import { validateErrorBody, validateSubmitResponse, validateTaskResponse } from '../validate/task.js';
import type { ExpectSpec } from './case.js';
import type { Exchange } from '../client/exchange.js';
import { judgeDelivered } from './judge-delivered.js';
import { pricingVerdict, type JudgeContext, type Verdict } from './verdict.js';

/** The verdict of a check that holds. */
export const PASS: Verdict = { outcome: 'pass' };
/** A failure, saying what was expected and what arrived. */
export const fail = (message: string): Verdict => ({ outcome: 'fail', message });

/** The JSON body of an answer, if it had one. */
export function bodyOf(exchange: Exchange): unknown {
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

/** What a check of one answered exchange looks at. */
interface Answered {
  readonly exchange: Exchange;
  readonly r: NonNullable<Exchange['response']>;
  readonly body: unknown;
  /** The exchange as messages name it: `getTask #3`. */
  readonly at: string;
}

/** One check of an answered exchange: undefined when it holds, a failure, or a pass with a warning. */
type ExchangeCheck = (spec: ExpectSpec, a: Answered, ctx: JudgeContext) => Verdict | undefined;

const checkStatus: ExchangeCheck = (spec, { exchange, r, at }) =>
  spec.status !== undefined && !statusMatches(spec.status, r.status)
    ? fail(`${at}: expected HTTP ${spec.status}, received ${describeAnswer(exchange)}`)
    : undefined;

const checkJson: ExchangeCheck = (spec, { r, body, at }) => {
  if (!spec.json) return undefined;
  const type = r.headers['content-type'] ?? '';
  if (body === undefined)
    return fail(`${at}: expected a JSON body, received ${r.bytes} bytes of ${type || 'no content type'}`);
  if (!/json/i.test(type)) return fail(`${at}: expected Content-Type application/json, received ${type || 'none'}`);
  return undefined;
};

const checkRequestId: ExchangeCheck = (spec, { body, at }) => {
  if (!spec.requestId) return undefined;
  const id = (body as { request_id?: unknown } | undefined)?.request_id;
  if (typeof id === 'string' && id !== '') return undefined;
  return fail(
    `${at}: expected a request_id, received ${body === undefined ? 'a body that is not JSON' : JSON.stringify(id ?? null)}`,
  );
};

const checkBody: ExchangeCheck = (spec, { body, at }, ctx) => {
  if (!spec.body) return undefined;
  if (body === undefined) return fail(`${at}: expected a JSON ${spec.body}, received a body that is not JSON`);
  const result =
    spec.body === 'submit-response'
      ? validateSubmitResponse(body)
      : spec.body === 'error-body'
        ? validateErrorBody(body)
        : validateTaskResponse(body, { profile: ctx.profile, ...(ctx.model ? { model: ctx.model } : {}) });
  return result.ok ? undefined : fail(`${at}: the ${spec.body} breaks the contract: ${firstIssue(result)}`);
};

const checkCode: ExchangeCheck = (spec, { body, at }) => {
  if (!spec.code) return undefined;
  const code = (body as { code?: unknown } | undefined)?.code;
  if (spec.code !== 'official')
    return code !== spec.code
      ? fail(`${at}: expected code ${spec.code}, received ${JSON.stringify(code ?? null)}`)
      : undefined;
  // The official list is open ("models may add their own codes", error-code page): a well-formed code it lacks
  // passes with a warning; only a missing or malformed code breaks the contract.
  if (isOfficialErrorCode(code)) return undefined;
  if (!isWellFormedErrorCode(code))
    return fail(`${at}: expected an error code such as InvalidParameter, received ${JSON.stringify(code ?? null)}`);
  return {
    outcome: 'pass',
    message: `warning: ${at}: code ${JSON.stringify(code)} is not on the official list; accepted as a model's own code`,
  };
};

const checkTaskStatus: ExchangeCheck = (spec, { body, at }) => {
  if (!spec.taskStatus) return undefined;
  const output = (body as { output?: { task_status?: unknown; code?: unknown; message?: unknown } } | undefined)
    ?.output;
  const status = output?.task_status;
  if (spec.taskStatus.includes(status as never)) return undefined;
  // A task that ended FAILED says why in output.code and output.message: name them, they are the fix.
  const why = [
    output?.code === undefined ? '' : `output.code ${JSON.stringify(output.code)}`,
    output?.message === undefined ? '' : `output.message ${JSON.stringify(output.message)}`,
  ].filter(Boolean);
  return fail(
    `${at}: expected task_status ${spec.taskStatus.join(' or ')}, received ${JSON.stringify(status ?? null)}${why.length ? ` (${why.join(', ')})` : ''}`,
  );
};

const checkVideoUrl: ExchangeCheck = (spec, { body, at }, ctx) => {
  if (!spec.videoUrl) return undefined;
  const task = body as TaskResponse;
  const want = ctx.model ? resultLocationOf(ctx.profile, MODELS[ctx.model].capability) : 'output.video_url';
  const found = task?.output ? videoUrlOf(task.output) : undefined;
  const url = want === 'output.video_url' ? task?.output?.video_url : task?.output?.results?.video_url;
  if (typeof url !== 'string')
    return fail(`${at}: expected the video URL at ${want}, found ${found ? `it at ${found.at}` : 'none'}`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return fail(`${at}: expected an absolute http(s) URL at ${want}, received ${JSON.stringify(url.slice(0, 120))}`);
  return undefined;
};

const checkVideo: ExchangeCheck = (spec, { r, at }, ctx) => {
  if (!spec.video) return undefined;
  const type = r.headers['content-type'] ?? '';
  const head = ctx.downloadHead ?? new Uint8Array(0);
  const isMp4 = head.length >= 8 && String.fromCharCode(...head.slice(4, 8)) === 'ftyp';
  if (!type.startsWith('video/') && !isMp4)
    return fail(
      `${at}: expected a video (Content-Type video/* or MP4 bytes), received ${type || 'no content type'}, ${r.bytes} bytes`,
    );
  return r.bytes === 0 ? fail(`${at}: expected video bytes, received an empty body`) : undefined;
};

const unlessPass = (verdict: Verdict) => (verdict.outcome === 'pass' ? undefined : verdict);

const checkDelivered: ExchangeCheck = (spec, { body, at }, ctx) =>
  spec.delivered
    ? unlessPass(judgeDelivered(at, body as TaskResponse, ctx.request, ctx.video, ctx.profile))
    : undefined;

const checkUsage: ExchangeCheck = (spec, { body, at }, ctx) =>
  spec.usage ? unlessPass(judgeUsage(spec.usage, body as TaskResponse, ctx, at)) : undefined;

/** The checks of one exchange, in the order their failures are reported. */
const EXCHANGE_CHECKS: readonly ExchangeCheck[] = [
  checkStatus,
  checkJson,
  checkRequestId,
  checkBody,
  checkCode,
  checkTaskStatus,
  checkVideoUrl,
  checkVideo,
  checkDelivered,
  checkUsage,
];

/** Checks of one exchange (everything but the sequence checks): the first that fails decides. */
export function judgeOne(spec: ExpectSpec, exchange: Exchange, ctx: JudgeContext): Verdict {
  const r = exchange.response;
  if (!r)
    return {
      outcome: exchange.error?.kind === 'timeout' ? 'timeout' : 'error',
      message: `${exchange.request.method} ${exchange.request.url}: ${exchange.error?.message ?? 'no answer'}`,
    };
  const answered: Answered = { exchange, r, body: bodyOf(exchange), at: `${exchange.operation} #${exchange.seq}` };
  let note: string | undefined;
  for (const check of EXCHANGE_CHECKS) {
    const verdict = check(spec, answered, ctx);
    if (verdict && verdict.outcome !== 'pass') return verdict;
    if (verdict) note = verdict.message;
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
    if (error instanceof PricingError) return pricingVerdict(error, at);
    throw error;
  }
}
