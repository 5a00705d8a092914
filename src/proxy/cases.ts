import type { ProfileId } from '../contract/profiles.js';
import {
  MALFORMED_TASK_IDS,
  type CaseDefinition,
  type ExpectSpec,
  type RequestVariant,
  type SendSpec,
} from '../rules/case.js';
import { isLifecycleCase } from '../rules/lifecycle.js';

/** A case whose check applies to one exchange: its id, level and the `expect` step that judges the answer. */
export interface ExchangeCase {
  readonly id: string;
  readonly level: CaseDefinition['level'];
  readonly expect: ExpectSpec;
}

/**
 * The corpus as the proxy uses it: which case judges an exchange, found by what the case sends (a request
 * variant, no key on an operation, no async header, an unknown or malformed task id) rather than by a second list
 * of case ids.
 * Only MUST cases of the profile are kept: a SHOULD is advice, not a violation of production traffic.
 */
export class CaseBook {
  /** The task-scope cases, judged by {@link judgeLifecycle} over each task. */
  readonly lifecycle: readonly CaseDefinition[];
  readonly #variants = new Map<RequestVariant, ExchangeCase>();
  readonly #missingKey = new Map<SendSpec['op'], ExchangeCase>();
  readonly missingAsyncHeader: ExchangeCase | undefined;
  readonly unknownTask: ExchangeCase | undefined;
  /** The case that sends task ids no service issues (see `isPlainTaskId`). */
  readonly malformedTaskId: ExchangeCase | undefined;
  /** Cases judged on every answer of the API (`of: all`). */
  readonly everyAnswer: readonly ExchangeCase[];

  constructor(cases: readonly CaseDefinition[], profile: ProfileId) {
    const mine = cases.filter((c) => c.level === 'MUST' && c.profiles.includes(profile));
    this.lifecycle = mine.filter(isLifecycleCase);
    const single = (match: (send: SendSpec) => boolean) => {
      for (const c of mine) {
        const found = expectAfterSend(c, match);
        if (found) return found;
      }
      return undefined;
    };
    for (const c of mine) {
      const found = expectAfterSend(c, (s) => s.op === 'submit' && !s.auth && !s.asyncHeader && !!s.request);
      if (found) {
        const send = c.steps.find((s) => 'send' in s) as { send: SendSpec };
        if (send.send.request && send.send.request !== 'valid') this.#variants.set(send.send.request, found);
      }
    }
    for (const op of ['submit', 'getTask', 'cancel'] as const) {
      const found = single((s) => s.auth === 'none' && s.op === op);
      if (found) this.#missingKey.set(op, found);
    }
    this.missingAsyncHeader = single((s) => s.asyncHeader === 'omit');
    this.unknownTask = single((s) => s.op === 'getTask' && s.taskId === 'unknown');
    this.malformedTaskId = single(
      (s) => s.op === 'getTask' && !!s.taskId && Object.hasOwn(MALFORMED_TASK_IDS, s.taskId),
    );
    this.everyAnswer = mine.flatMap((c) =>
      c.steps.flatMap((s) =>
        'expect' in s && s.expect.of === 'all' ? [{ id: c.id, level: c.level, expect: s.expect }] : [],
      ),
    );
  }

  /** The case that sends this operation without a key; an operation no case covers is judged by the submit's. */
  missingKey(op: SendSpec['op']): ExchangeCase | undefined {
    return this.#missingKey.get(op) ?? this.#missingKey.get('submit');
  }

  /** The case that sends this kind of invalid request. */
  rejection(variant: RequestVariant): ExchangeCase | undefined {
    return this.#variants.get(variant);
  }
}

/**
 * The `expect` step right after the case's first send, when that send matches: the exchange the proxy sees is then
 * the one the case judges. A `use: task` before it is allowed only for a send to the shared task, which the proxy
 * sees as the task the request names.
 */
function expectAfterSend(c: CaseDefinition, match: (send: SendSpec) => boolean): ExchangeCase | undefined {
  const index = c.steps.findIndex((s) => 'send' in s && match(s.send));
  if (index === -1) return undefined;
  const sent = c.steps[index] as { send: SendSpec };
  const before = c.steps.slice(0, index);
  if (before.some((s) => 'send' in s || ('use' in s && sent.send.taskId !== 'shared'))) return undefined;
  const next = c.steps[index + 1];
  return next && 'expect' in next ? { id: c.id, level: c.level, expect: next.expect } : undefined;
}
