import { EXAMPLE_MODELS } from '../../contract/example-models.js';
import type { ProfileId } from '../../contract/profiles.js';

/** The request header that names faults, several at once comma-separated: `X-Mock-Scenario: fail,slow:500`. */
export const SCENARIO_HEADER = 'X-Mock-Scenario';

/** Where a fault acts: on the task it is named with (at submit), or on the request that carries it. */
export type FaultScope = 'task' | 'request';

/** What `wan-contract client-check` expects of a client under a fault, and how binding that is. */
export interface ClientExpectation {
  readonly level: 'MUST' | 'SHOULD';
  /** How a correct client's run ends: it gets the video (exit 0), or it reports the failure (exit non-zero). */
  readonly ends: 'success' | 'failure';
  /** What the client must have been shown for its verdict to count; without it the fault was not exercised. */
  readonly shown?: ClientExposure;
}

/** Answers of the mock a client must have received under a fault: the fault itself, met. */
export interface ClientExposure {
  /** What it is, after "the client never saw": `the FAILED status`. */
  readonly what: string;
  /** Which requests carry it: submits, task queries (polls), or any request. */
  readonly kind: 'submit' | 'poll' | 'any';
  /** The HTTP status of the answer (0: the connection was reset without one). */
  readonly status?: number;
  /** The task statuses, any of which counts. */
  readonly taskStatus?: readonly string[];
  /** How many such answers (default 1). */
  readonly count?: number;
}

/** The conformance case that must catch a fault when the kit runs against a mock that injects it. */
export interface RunnerExpectation {
  readonly profile: ProfileId;
  readonly caseId: string;
  readonly outcome: 'fail' | 'timeout' | 'error';
  /** For a per-model case, the model whose result shows it. */
  readonly model?: string;
  /** The exit code of `wan-contract conform`: 0 only a SHOULD case broke, 1 a MUST case, 3 the run could not be carried out. */
  readonly exitCode: 0 | 1 | 3;
  /**
   * Set, with the reason, where a proxy in front of the fault structurally cannot see it in traffic (it cannot tell
   * a wrong key from a right one); the proxy's broken-server test skips exactly these.
   */
  readonly notObservableByProxy?: string;
}

/** One fault of the table. */
export interface FaultDefinition {
  readonly scope: FaultScope;
  /** What the mock does, in one line. */
  readonly does: string;
  /** What a correct client does about it, in one line (shown by `wan-contract mock --help`). */
  readonly client: string;
  /** Set when `client-check` runs this fault against a client. */
  readonly check?: ClientExpectation;
  /** Set when the conformance runner is proven against this fault. */
  readonly catches?: RunnerExpectation;
}

/** How many leading polls of a task the transient poll faults (`unavailable`, `html-poll`) spoil. */
export const TRANSIENT_POLLS = 2;

/** The `Retry-After` (seconds) of the mock's 429 and 503 answers. */
export const RETRY_AFTER_SECONDS = 1;

/** Why a proxy cannot see a wrong key being accepted. */
const WRONG_KEY_UNSEEN = "a proxy cannot tell a wrong key from a right one: it holds no copy of the upstream's keys";

/** Why a proxy cannot see what the video itself is: it forwards the video URL and never downloads the video. */
const VIDEO_UNSEEN = 'a proxy cannot read the video: it forwards the video URL and never downloads the video';

/** Why a proxy cannot see one account read or cancel another's task. */
const OTHER_ACCOUNT_UNSEEN =
  'a proxy cannot tell two accounts from two keys of one account, which may read and cancel its own tasks with either';

/** The delay of `slow` without a number, in ms. */
export const DEFAULT_SLOW_MS = 2_000;

/**
 * The one fault table: the faults the mock injects for client developers are the faults that prove the
 * conformance runner. Each is selectable per request (`X-Mock-Scenario: a,b`) and for the whole server
 * (`wan-contract mock --scenario a,b`, option `scenarios`). A task fault named on a submit stays with that task.
 */
export const FAULTS = {
  fail: {
    scope: 'task',
    does: 'the task ends FAILED with the task-level code InternalError.Algo and a message',
    client: 'stop polling at FAILED, report the code and message, exit non-zero',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: { kind: 'poll', taskStatus: ['FAILED'], what: 'the FAILED status' },
    },
  },
  stuck: {
    scope: 'task',
    does: 'the task stays RUNNING until it expires, then reads UNKNOWN',
    client: 'give up at its own deadline instead of polling for ever',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: {
        kind: 'poll',
        taskStatus: ['RUNNING'],
        count: 2,
        what: 'the task still RUNNING on a second poll, so its deadline was never tested',
      },
    },
  },
  'never-finish': {
    scope: 'task',
    does: 'the task stays PENDING for ever: its queue never moves',
    client: 'give up at its own deadline instead of polling for ever',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: {
        kind: 'poll',
        taskStatus: ['PENDING'],
        count: 2,
        what: 'the task still PENDING on a second poll, so its deadline was never tested',
      },
    },
    catches: {
      profile: 'dashscope',
      caseId: 'task-ends-in-time',
      outcome: 'timeout',
      model: EXAMPLE_MODELS.speechToVideo,
      exitCode: 1,
    },
  },
  throttle: {
    scope: 'request',
    does: `every other request of a key is answered 429 Throttling with Retry-After: ${RETRY_AFTER_SECONDS}, the first one included`,
    client: 'wait at least Retry-After, then retry the same request',
    check: { level: 'MUST', ends: 'success', shown: { kind: 'any', status: 429, what: 'a 429 answer' } },
  },
  moderation: {
    scope: 'request',
    does: 'the submit is refused 400 DataInspectionFailed',
    client: 'give up without retrying and show the message: the same input is refused again',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: { kind: 'submit', status: 400, what: 'the 400 DataInspectionFailed answer' },
    },
  },
  'server-error': {
    scope: 'request',
    does: 'every submit is answered 500 InternalError',
    client: 'retry a few times at most, with backoff, then exit non-zero',
    check: { level: 'MUST', ends: 'failure', shown: { kind: 'submit', status: 500, what: 'the 500 answer' } },
  },
  unavailable: {
    scope: 'task',
    does: `the first ${TRANSIENT_POLLS} polls of a task are answered 503 ModelUnavailable with Retry-After: ${RETRY_AFTER_SECONDS}, then polls recover`,
    client: 'wait at least Retry-After and poll again: a 503 is transient',
    check: { level: 'MUST', ends: 'success', shown: { kind: 'poll', status: 503, what: 'the 503 answer to a poll' } },
  },
  slow: {
    scope: 'request',
    does: `every answer is delayed (slow:<ms>; slow alone: ${DEFAULT_SLOW_MS} ms)`,
    client: 'wait: its request timeout outlasts a slow answer',
    check: { level: 'SHOULD', ends: 'success', shown: { kind: 'any', status: 200, what: 'a slow answer' } },
  },
  drop: {
    scope: 'task',
    does: 'the connection of the first poll of a task is reset without an answer',
    client: 'poll again after a short wait: a GET is safe to repeat',
    check: { level: 'SHOULD', ends: 'success', shown: { kind: 'poll', status: 0, what: 'the reset poll' } },
  },
  'poll-404': {
    scope: 'task',
    does: 'every poll of the task is answered 404 NotFound',
    client: 'stop at the 4xx instead of polling on, exit non-zero',
    check: { level: 'MUST', ends: 'failure', shown: { kind: 'poll', status: 404, what: 'the 404 answer to a poll' } },
  },
  'lowercase-status': {
    scope: 'task',
    does: 'task_status is written in lower case (pending, running, succeeded)',
    client: 'stop: a status outside the contract is an error, not a reason to keep polling',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: { kind: 'poll', taskStatus: ['pending', 'running', 'succeeded'], what: 'a lower-case task status' },
    },
    catches: {
      profile: 'crazyrouter',
      caseId: 'poll-bodies-match-contract',
      outcome: 'fail',
      model: EXAMPLE_MODELS.textToVideoPlus,
      exitCode: 1,
    },
  },
  'no-video-url': {
    scope: 'task',
    does: 'the task SUCCEEDS without a video URL',
    client: 'report the missing result and exit non-zero instead of crashing or hanging',
    check: {
      level: 'MUST',
      ends: 'failure',
      shown: { kind: 'poll', taskStatus: ['SUCCEEDED'], what: 'the SUCCEEDED answer without a video URL' },
    },
    catches: {
      profile: 'crazyrouter',
      caseId: 'result-video-url',
      outcome: 'fail',
      model: EXAMPLE_MODELS.imageToVideoFlash,
      exitCode: 1,
    },
  },
  'html-poll': {
    scope: 'task',
    does: `the first ${TRANSIENT_POLLS} polls of a task are answered by a load balancer's HTML 502 page, then polls recover`,
    client: 'treat a 502 as transient and poll again, without parsing the page as JSON',
    check: { level: 'SHOULD', ends: 'success', shown: { kind: 'poll', status: 502, what: 'the HTML 502 page' } },
  },
  suspended: {
    scope: 'task',
    does: 'the 2nd and 3rd polls of a task answer SUSPENDED, then the task runs on to SUCCEEDED',
    client: 'keep polling: SUSPENDED is not terminal (dashscope profile)',
    check: {
      level: 'SHOULD',
      ends: 'success',
      shown: { kind: 'poll', taskStatus: ['SUSPENDED'], what: 'the SUSPENDED status' },
    },
  },
  expire: {
    scope: 'task',
    does: 'after its first SUCCEEDED answer the task reads UNKNOWN, as after retention (the video stays)',
    client: 'stop polling at the first SUCCEEDED and download the video at once',
    check: {
      level: 'MUST',
      ends: 'success',
      shown: { kind: 'poll', taskStatus: ['SUCCEEDED'], what: 'the SUCCEEDED status' },
    },
  },
  'result-elsewhere': {
    scope: 'task',
    does: "the video URL is at the other profile's place (output.video_url ↔ output.results.video_url)",
    client: "read the result where the target's profile puts it; report a missing one",
    catches: {
      profile: 'dashscope',
      caseId: 'result-video-url',
      outcome: 'fail',
      model: EXAMPLE_MODELS.speechToVideo,
      exitCode: 1,
    },
  },
  'status-backwards': {
    scope: 'task',
    does: 'the first poll answers RUNNING and the second PENDING: the status moves back',
    client: 'tolerate it while polling, but never treat an earlier status as news',
    catches: {
      profile: 'crazyrouter',
      caseId: 'status-moves-forward',
      outcome: 'fail',
      model: EXAMPLE_MODELS.textToVideoPreview,
      exitCode: 1,
    },
  },
  'changing-task-id': {
    scope: 'task',
    does: 'each poll answers another task_id',
    client: 'keep polling the id the submit returned',
    catches: {
      profile: 'dashscope',
      caseId: 'task-id-stable',
      outcome: 'fail',
      model: EXAMPLE_MODELS.firstLastFrame,
      exitCode: 1,
    },
  },
  'wrong-usage': {
    scope: 'task',
    does: 'usage.video_duration bills twice the seconds asked for',
    client: 'reconcile the bill against the request (billTask) and flag the difference',
    catches: {
      profile: 'crazyrouter',
      caseId: 'usage-matches-price',
      outcome: 'fail',
      model: EXAMPLE_MODELS.imageToVideoPlus,
      exitCode: 1,
    },
  },
  'video-wrong-tier': {
    scope: 'task',
    does: 'the video is the default size of the next tier down (480P tasks: up): a 1080P task gets a 1280×720 file',
    client: "read the downloaded video's header and flag a tier other than the one billed",
    catches: {
      profile: 'crazyrouter',
      caseId: 'result-matches-request',
      outcome: 'fail',
      model: EXAMPLE_MODELS.textToVideoPreview,
      exitCode: 0,
      notObservableByProxy: VIDEO_UNSEEN,
    },
  },
  'video-short': {
    scope: 'task',
    does: 'the video lasts half the seconds billed, rounded down: a 10 s task gets a 5 s file, a 5 s task a 2 s one',
    client: "read the downloaded video's header and flag a length other than the one billed",
    catches: {
      profile: 'dashscope',
      caseId: 'result-matches-request',
      outcome: 'fail',
      model: EXAMPLE_MODELS.imageToVideoFlash,
      exitCode: 0,
      notObservableByProxy: VIDEO_UNSEEN,
    },
  },
  'unknown-500': {
    scope: 'request',
    does: 'a poll of an unknown task is answered 500 instead of 200 UNKNOWN',
    client: 'stop after a few retries and report the server error',
    catches: { profile: 'crazyrouter', caseId: 'unknown-task-no-server-error', outcome: 'fail', exitCode: 1 },
  },
  'no-request-id': {
    scope: 'request',
    does: 'JSON answers carry no request_id',
    client: 'cope without one: request_id is only for support tickets',
    catches: { profile: 'crazyrouter', caseId: 'responses-json-with-request-id', outcome: 'fail', exitCode: 1 },
  },
  'foreign-error-shape': {
    scope: 'request',
    does: 'error answers use another shape: { error: { type, detail } }',
    client: 'report the HTTP status even when the error body is not the contract’s',
    catches: {
      profile: 'dashscope',
      caseId: 'rejects-missing-input',
      outcome: 'fail',
      model: EXAMPLE_MODELS.imageToVideoPlus,
      exitCode: 1,
    },
  },
  'no-auth': {
    scope: 'request',
    does: 'the API key is not checked: any key, or none, is accepted',
    client: 'nothing: a conformance fault (a gateway that forgot authentication)',
    catches: { profile: 'crazyrouter', caseId: 'rejects-missing-key', outcome: 'fail', exitCode: 1 },
  },
  'poll-no-auth': {
    scope: 'request',
    does: 'a task query is answered without checking the API key: one without a key gets 200 (UNKNOWN), not 401',
    client: 'nothing: a conformance fault (a gateway that checks keys on submit only)',
    catches: { profile: 'crazyrouter', caseId: 'poll-requires-key', outcome: 'fail', exitCode: 1 },
  },
  'poll-any-key': {
    scope: 'request',
    does: 'a task query needs a key but accepts any key, valid or not (a wrong one sees UNKNOWN, not 401)',
    client: 'nothing: a conformance fault (a key check that only looks for a Bearer header)',
    catches: {
      profile: 'crazyrouter',
      caseId: 'poll-rejects-wrong-key',
      outcome: 'fail',
      exitCode: 0,
      notObservableByProxy: WRONG_KEY_UNSEEN,
    },
  },
  'cancel-any-key': {
    scope: 'request',
    does: 'a cancel needs a key but accepts any key, valid or not',
    client: 'nothing: a conformance fault (anyone can cancel a task whose id they learn)',
    catches: {
      profile: 'dashscope',
      caseId: 'cancel-rejects-wrong-key',
      outcome: 'fail',
      exitCode: 0,
      notObservableByProxy: WRONG_KEY_UNSEEN,
    },
  },
  'tenant-leak-poll': {
    scope: 'request',
    does: "a task query with another account's key reads the task: tasks are not kept per account",
    client: 'nothing: a conformance fault (a gateway that forgot whose task it is)',
    catches: {
      profile: 'crazyrouter',
      caseId: 'poll-other-account-sees-nothing',
      outcome: 'fail',
      exitCode: 0,
      notObservableByProxy: OTHER_ACCOUNT_UNSEEN,
    },
  },
  'tenant-leak-cancel': {
    scope: 'request',
    does: "a cancel with another account's key cancels the task: tasks are not kept per account",
    client: 'nothing: a conformance fault (anyone with a key can cancel a task whose id they learn)',
    catches: {
      profile: 'dashscope',
      caseId: 'cancel-other-account-refused',
      outcome: 'fail',
      exitCode: 0,
      notObservableByProxy: OTHER_ACCOUNT_UNSEEN,
    },
  },
  'odd-id-500': {
    scope: 'request',
    does: 'a task id that is not plain (over 128 characters, or not only letters, digits, - and _) is answered 500',
    client: 'nothing: a conformance fault (a task id reaches a query unescaped)',
    catches: { profile: 'crazyrouter', caseId: 'malformed-task-id-no-server-error', outcome: 'fail', exitCode: 1 },
  },
  'accept-any-resolution': {
    scope: 'request',
    does: "a resolution the model lacks is quietly replaced by the model's default instead of refused",
    client: 'check the bill: the video is not the one asked for',
    catches: {
      profile: 'crazyrouter',
      caseId: 'rejects-unsupported-resolution',
      outcome: 'fail',
      model: EXAMPLE_MODELS.textToVideoPlus,
      exitCode: 1,
    },
  },
  html: {
    scope: 'request',
    does: 'every answer is an HTML page with status 200 (a captive portal or a misrouted host)',
    client: 'stop: a 200 that is not JSON is not an answer of the API',
    catches: { profile: 'crazyrouter', caseId: 'responses-json-with-request-id', outcome: 'fail', exitCode: 1 },
  },
  down: {
    scope: 'request',
    does: 'every connection is reset without an answer (a server that is down)',
    client: 'report the server unreachable after a few attempts, exit non-zero',
    catches: {
      profile: 'dashscope',
      caseId: 'submit-accepted',
      outcome: 'error',
      model: EXAMPLE_MODELS.imageToVideoPreview,
      exitCode: 3,
    },
  },
} as const satisfies Record<string, FaultDefinition>;

/** A fault name, derived from {@link FAULTS}. */
export type FaultName = keyof typeof FAULTS;

/** Every fault name, in table order. */
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** True for a fault name. */
export function isFaultName(value: unknown): value is FaultName {
  return typeof value === 'string' && Object.hasOwn(FAULTS, value);
}
