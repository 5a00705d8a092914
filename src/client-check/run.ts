import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ProfileId } from '../contract/profiles.js';
import { startMockServer } from '../mock/node.js';
import { FAULTS, FAULT_NAMES, type ClientExpectation, type FaultName } from '../mock/faults/table.js';
import { judgeClient, type ClientRun, type FaultVerdict, type SeenRequest } from './judge.js';

/** Where a client under check is pointed. */
export interface ClientTarget {
  /** The profile's base URL on the mock, ending in `/api/v1`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly profile: ProfileId;
  /** Aborted at the fault's deadline. */
  readonly signal: AbortSignal;
}

/** A client as a function: resolves with its exit code (0 when it got the video); a throw counts as exit 1. */
export type ClientFunction = (target: ClientTarget) => Promise<number | void>;

/** A client as a command, run once per fault with the target in its environment. */
export interface ClientCommand {
  readonly command: readonly string[];
  /** More variables that receive the base URL (besides `DASHSCOPE_HTTP_BASE_URL`). */
  readonly baseUrlEnv?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of {@link runClientCheck}. */
export interface ClientCheckOptions {
  readonly client: ClientFunction | ClientCommand;
  /** The profile the mock's base URL follows (default dashscope, which the official SDKs speak). */
  readonly profile?: ProfileId;
  /** The faults to run (default every fault of the table with a client expectation). */
  readonly faults?: readonly FaultName[];
  /**
   * How long the client may run under one fault, from its first request to the mock, before it is stopped and fails
   * (default 30 s); it has as long again to make that first request.
   */
  readonly deadlineMs?: number;
  /** Task latency of the mock (defaults 300 ms PENDING, 700 ms RUNNING). */
  readonly pendingMs?: number;
  readonly runningMs?: number;
  /** The delay of the `slow` fault (default 1,500 ms). */
  readonly slowMs?: number;
  /** How many faults run at once, each against a mock of its own (default 1: one after another). */
  readonly concurrency?: number;
  /** Called after each fault, in the order they end. */
  readonly onVerdict?: (verdict: FaultVerdict) => void;
}

/** The verdict on a client: one line per fault. */
export interface ClientCheckReport {
  readonly profile: ProfileId;
  readonly verdicts: readonly FaultVerdict[];
  readonly summary: {
    readonly pass: number;
    readonly fail: number;
    /** Faults the client never met (see `FaultVerdict.outcome`). */
    readonly notExercised: number;
    /** MUST faults failed or not exercised: the check fails. */
    readonly mustFailures: number;
  };
  readonly durationMs: number;
}

/** The faults `client-check` runs: those of the table with a client expectation. */
export const CHECKED_FAULTS: readonly FaultName[] = FAULT_NAMES.filter(
  (name) => (FAULTS[name] as { check?: ClientExpectation }).check !== undefined,
);

function kindOf(method: string, path: string): SeenRequest['kind'] {
  if (path.startsWith('/mock-artifacts/')) return 'download';
  if (method === 'POST' && path.endsWith('/video-synthesis')) return 'submit';
  if (method === 'GET' && path.includes('/tasks/')) return 'poll';
  return 'other';
}

const OUTPUT_TAIL = 2_000;

/**
 * A fault's deadline: `deadlineMs` for the client to make its first request to the mock, then `deadlineMs` from that
 * request on. The client's own start (an interpreter, its imports), which a loaded machine can stretch to seconds,
 * is never held against it: a correct client is not called hung for the time it took to begin. Answers the function
 * that cancels it.
 */
function startDeadline(deadlineMs: number, firstRequest: Promise<void>, expire: () => void): () => void {
  let ended = false;
  let timer = setTimeout(expire, deadlineMs);
  void firstRequest.then(() => {
    if (ended) return;
    clearTimeout(timer);
    timer = setTimeout(expire, deadlineMs);
  });
  return () => {
    ended = true;
    clearTimeout(timer);
  };
}

function runCommand(
  client: ClientCommand,
  target: ClientTarget,
  deadlineMs: number,
  firstRequest: Promise<void>,
): Promise<ClientRun> {
  const started = Date.now();
  const [file, ...args] = client.command;
  if (!file) throw new TypeError('client-check needs a command to run');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...client.env,
    DASHSCOPE_HTTP_BASE_URL: target.baseUrl,
    DASHSCOPE_API_KEY: target.apiKey,
  };
  for (const name of client.baseUrlEnv ?? []) env[name] = target.baseUrl;
  return new Promise((resolve) => {
    // Its own process group, so that the deadline stops the client and every process it started.
    const child = spawn(file, args, { cwd: client.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const cancel = startDeadline(deadlineMs, firstRequest, () => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    });
    const finish = (exitCode: number | undefined) => {
      cancel();
      resolve({ exitCode: timedOut ? undefined : exitCode, timedOut, durationMs: Date.now() - started, output });
    };
    child.on('error', (error) => {
      output += `\n${error.message}`;
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

async function runFunction(
  client: ClientFunction,
  target: ClientTarget,
  deadlineMs: number,
  firstRequest: Promise<void>,
  abort: AbortController,
) {
  const started = Date.now();
  let cancel = () => {};
  const deadline = new Promise<'deadline'>((resolve) => {
    cancel = startDeadline(deadlineMs, firstRequest, () => resolve('deadline'));
  });
  const ran = client(target).then(
    (code) => (typeof code === 'number' ? code : 0),
    () => 1,
  );
  const result = await Promise.race([ran, deadline]);
  cancel();
  if (result === 'deadline') abort.abort(new Error('client-check deadline'));
  return {
    exitCode: result === 'deadline' ? undefined : result,
    timedOut: result === 'deadline',
    durationMs: Date.now() - started,
  } satisfies ClientRun;
}

async function checkFault(
  fault: FaultName,
  expectation: ClientExpectation,
  options: ClientCheckOptions,
  profile: ProfileId,
  deadlineMs: number,
): Promise<FaultVerdict> {
  const seen: SeenRequest[] = [];
  let reached = () => {};
  const firstRequest = new Promise<void>((resolve) => (reached = resolve));
  const server = await startMockServer({
    pendingMs: options.pendingMs ?? 300,
    runningMs: options.runningMs ?? 700,
    scenarios: [fault === 'slow' ? `slow:${options.slowMs ?? 1_500}` : fault],
    onRequest: (entry) => {
      reached();
      seen.push({
        at: Date.now(),
        method: entry.method,
        path: entry.path,
        status: entry.status,
        kind: kindOf(entry.method, entry.path),
        ...(entry.taskStatus === undefined ? {} : { taskStatus: entry.taskStatus }),
        ...(entry.retryAfter === undefined ? {} : { retryAfter: entry.retryAfter }),
      });
    },
  });
  const abort = new AbortController();
  const target: ClientTarget = {
    baseUrl: server.baseUrls[profile],
    apiKey: `sk-client-check-${randomUUID()}`,
    profile,
    signal: abort.signal,
  };
  let run: ClientRun;
  try {
    run =
      typeof options.client === 'function'
        ? await runFunction(options.client, target, deadlineMs, firstRequest, abort)
        : await runCommand(options.client, target, deadlineMs, firstRequest);
  } finally {
    await server.close();
  }
  return judgeClient(fault, expectation, seen, run);
}

/**
 * Runs a client once per fault against a mock that injects that fault into every task, and judges from the
 * server's side what the client did (see `FAULTS[name].check` for what each fault expects). A client that hangs is
 * stopped at the deadline and fails that fault; the run always ends.
 * @example
 * const report = await runClientCheck({ client: { command: ['python3', 'make_video.py'] } });
 * report.summary.mustFailures // 0 for a client that copes with every MUST fault
 */
export async function runClientCheck(options: ClientCheckOptions): Promise<ClientCheckReport> {
  const started = Date.now();
  const profile = options.profile ?? 'dashscope';
  const deadlineMs = options.deadlineMs ?? 30_000;
  const faults = options.faults ?? CHECKED_FAULTS;
  if (faults.length === 0)
    throw new RangeError(`client-check needs at least one fault among ${CHECKED_FAULTS.join(', ')}`);
  const twice = faults.find((f, i) => faults.indexOf(f) !== i);
  if (twice !== undefined) throw new RangeError(`client-check runs each fault once, ${twice} is named twice`);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number of at least 1, received ${String(concurrency)}`);
  const expectations = faults.map((fault) => {
    const expectation = (FAULTS[fault] as { check?: ClientExpectation }).check;
    if (!expectation)
      throw new RangeError(`${fault} has no client expectation: client-check runs ${CHECKED_FAULTS.join(', ')}`);
    return expectation;
  });
  // The verdicts keep the order of the faults, whichever ends first.
  const verdicts: FaultVerdict[] = new Array<FaultVerdict>(faults.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < faults.length; i = next++) {
      const verdict = await checkFault(faults[i]!, expectations[i]!, options, profile, deadlineMs);
      verdicts[i] = verdict;
      options.onVerdict?.(verdict);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, faults.length) }, worker));
  const fail = verdicts.filter((v) => v.outcome === 'fail');
  const notExercised = verdicts.filter((v) => v.outcome === 'not-exercised');
  return {
    profile,
    verdicts,
    summary: {
      pass: verdicts.filter((v) => v.outcome === 'pass').length,
      fail: fail.length,
      notExercised: notExercised.length,
      mustFailures: [...fail, ...notExercised].filter((v) => v.level === 'MUST').length,
    },
    durationMs: Date.now() - started,
  };
}
