import { TASK_QUERY_RPS } from '../contract/limits.js';
import { isTaskStatus, isTerminalStatus } from '../contract/statuses.js';
import type { ClientExpectation, ClientExposure, FaultName } from '../mock/faults/table.js';

/** One request the mock answered during a client's run, as the server saw it. */
export interface SeenRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly kind: 'submit' | 'poll' | 'download' | 'other';
  readonly taskStatus?: string;
  readonly retryAfter?: string;
}

/** How the client's run ended. */
export interface ClientRun {
  /** The exit code (0 success); undefined when the run was stopped at the deadline. */
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** What the client wrote, cut to its last lines (commands only). */
  readonly output?: string;
}

/** The verdict on a client under one fault. */
export interface FaultVerdict {
  readonly fault: FaultName;
  readonly level: ClientExpectation['level'];
  readonly expected: ClientExpectation['ends'];
  /**
   * `not-exercised`: the client never received what the fault shows (`FAULTS[name].check.shown`), so what it did
   * proves nothing about the fault; a failure for a MUST fault.
   */
  readonly outcome: 'pass' | 'fail' | 'not-exercised';
  /** Why it failed or was not exercised: one line per broken rule, what was missing first. */
  readonly reasons: readonly string[];
  /** What the client did, in one line. */
  readonly did: string;
  readonly submits: number;
  readonly polls: number;
  readonly downloads: number;
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

// A client that waits Retry-After measures from when it read the answer; allow for scheduling jitter.
const RETRY_AFTER_SLACK_MS = 100;
/** Polls allowed after a 4xx poll answer, or after a status outside the contract, before the client must stop. */
const POLLS_AFTER_STOP = 2;
/** Submits allowed under a fault that refuses every submit (retries bounded). */
const MAX_SUBMITS_REFUSED = 5;

function maxPerSecond(times: readonly number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const KIND_NAMES = { submit: 'submit', poll: 'poll', any: 'request' } as const;

/** Why a fault was not exercised (`0 polls: the client never saw the FAILED status`), or undefined when it was. */
export function missingExposure(shown: ClientExposure | undefined, seen: readonly SeenRequest[]): string | undefined {
  if (!shown) return undefined;
  const ofKind = seen.filter((r) => (shown.kind === 'any' ? r.kind !== 'download' : r.kind === shown.kind));
  const met = ofKind.filter(
    (r) =>
      (shown.status === undefined || r.status === shown.status) &&
      (shown.taskStatus === undefined || (r.taskStatus !== undefined && shown.taskStatus.includes(r.taskStatus))),
  );
  if (met.length >= (shown.count ?? 1)) return undefined;
  const n = ofKind.length;
  return `${n} ${KIND_NAMES[shown.kind]}${n === 1 ? '' : 's'}: the client never saw ${shown.what}`;
}

/** Judges, from the server's side, what a client did under a fault. */
export function judgeClient(
  fault: FaultName,
  expectation: ClientExpectation,
  seen: readonly SeenRequest[],
  run: ClientRun,
): FaultVerdict {
  const reasons: string[] = [];
  const submits = seen.filter((r) => r.kind === 'submit');
  const polls = seen.filter((r) => r.kind === 'poll');
  const downloads = seen.filter((r) => r.kind === 'download');
  // A client that never reached the mock proved nothing, whatever its exit code.
  if (seen.length === 0) reasons.push('sent no request to the mock: check the command and its base URL variable');
  if (run.timedOut) reasons.push(`still running at the deadline (${run.durationMs} ms): stopped by the check`);
  else if (expectation.ends === 'success' && run.exitCode !== 0)
    reasons.push(`exited ${run.exitCode}: a correct client gets the video here`);
  else if (expectation.ends === 'failure' && run.exitCode === 0)
    reasons.push('exited 0: the task did not give a video, so the run must fail');
  if (expectation.ends === 'success' && !run.timedOut && downloads.every((d) => d.status !== 200 && d.status !== 206))
    reasons.push('never downloaded the video');
  // No poll after a terminal answer (a terminal status never changes).
  const terminalAt = polls.findIndex((p) => isTerminalStatus(p.taskStatus));
  if (terminalAt !== -1 && terminalAt < polls.length - 1)
    reasons.push(
      `polled ${polls.length - 1 - terminalAt} more time(s) after the task answered ${polls[terminalAt]?.taskStatus}`,
    );
  // Retry-After honoured: the next request comes no sooner than asked.
  for (let i = 0; i < seen.length - 1; i++) {
    const answer = seen[i] as SeenRequest;
    if (answer.retryAfter === undefined || !/^\d+$/.test(answer.retryAfter)) continue;
    const gap = (seen[i + 1] as SeenRequest).at - answer.at;
    if (gap + RETRY_AFTER_SLACK_MS < Number(answer.retryAfter) * 1000) {
      reasons.push(`retried ${gap} ms after a ${answer.status} that asked Retry-After: ${answer.retryAfter}`);
      break;
    }
  }
  const rate = maxPerSecond(polls.map((p) => p.at));
  if (rate > TASK_QUERY_RPS)
    reasons.push(`polled ${rate} times within one second; the official limit is ${TASK_QUERY_RPS}`);
  const refusedAt = polls.findIndex((p) => p.status >= 400 && p.status < 500 && p.status !== 429);
  if (refusedAt !== -1 && polls.length - 1 - refusedAt > POLLS_AFTER_STOP)
    reasons.push(`polled ${polls.length - 1 - refusedAt} more times after a ${polls[refusedAt]?.status}`);
  const strangeAt = polls.findIndex((p) => p.taskStatus !== undefined && !isTaskStatus(p.taskStatus));
  if (fault === 'lowercase-status' && strangeAt !== -1 && polls.length - 1 - strangeAt > POLLS_AFTER_STOP)
    reasons.push(
      `polled ${polls.length - 1 - strangeAt} more times after the status ${JSON.stringify(polls[strangeAt]?.taskStatus)}, which the contract does not know`,
    );
  if (fault === 'moderation' && submits.length > 1)
    reasons.push(`sent the refused submit ${submits.length} times: a 400 does not change by retrying`);
  if (fault === 'server-error' && submits.length > MAX_SUBMITS_REFUSED)
    reasons.push(`sent ${submits.length} submits into a 500: retries must be bounded (at most ${MAX_SUBMITS_REFUSED})`);
  // A verdict counts only for a fault the client met: the lazy client's exit 1 says nothing about a FAILED status.
  const missing = missingExposure(expectation.shown, seen);
  if (missing) reasons.unshift(missing);
  const end = run.timedOut ? 'was stopped at the deadline' : `exited ${run.exitCode}`;
  const lastStatus = [...polls].reverse().find((p) => p.taskStatus !== undefined)?.taskStatus;
  return {
    fault,
    level: expectation.level,
    expected: expectation.ends,
    outcome: missing ? 'not-exercised' : reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    did: `${submits.length} submit(s), ${polls.length} poll(s)${lastStatus ? ` (last ${lastStatus})` : ''}, ${downloads.length} download(s), ${end} after ${(run.durationMs / 1000).toFixed(1)} s`,
    submits: submits.length,
    polls: polls.length,
    downloads: downloads.length,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: run.durationMs,
  };
}
