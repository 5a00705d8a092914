import { systemClock, type Clock } from './clock.js';
import { FaultSyntaxError, parseFaults, type FaultSet } from './faults/select.js';

/** One line of the request log (the CLI prints it; the library never writes to the console). */
export interface MockRequestLog {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly requestId: string;
  /** The `task_status` answered, for a task query. */
  readonly taskStatus?: string;
  /** The `Retry-After` header answered, if any. */
  readonly retryAfter?: string;
}

/** How the mock behaves. Every field is optional. */
export interface MockOptions {
  /** How long a task stays PENDING (default 1000 ms; 0 in tests). */
  readonly pendingMs?: number;
  /** How long a task stays RUNNING after PENDING (default 3000 ms; 0 in tests). */
  readonly runningMs?: number;
  /** The clock, in ms since the epoch (default `Date.now`); a fake one drives the lifecycle in tests. */
  readonly now?: Clock;
  /** When set, the one bearer key accepted (with {@link apiKeys}); otherwise any non-empty bearer key passes. */
  readonly apiKey?: string;
  /**
   * More keys accepted besides {@link apiKey}, each an account of its own: a task belongs to the key that created
   * it, and another key sees it as unknown.
   */
  readonly apiKeys?: readonly string[];
  /** `scheme://host[:port]` written into `video_url` (default: the origin the client reached). */
  readonly publicBaseUrl?: string;
  /** Enforce each model's official submit RPS and concurrent-task limits from the registry with 429s. */
  readonly rateLimits?: boolean;
  /** How long a task and its video stay queryable (default 24 h, as upstream). */
  readonly taskTtlMs?: number;
  /** The most tasks kept at once; past it the oldest finished task is dropped first (default 10,000). */
  readonly maxTasks?: number;
  /** The largest request body accepted, in bytes (default 10 MiB); larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Called once per answered request. */
  readonly onRequest?: (entry: MockRequestLog) => void;
  /**
   * When set, the admin surface (`/__mock/`) requires this token, as `Authorization: Bearer TOKEN` or
   * `X-Mock-Admin-Token: TOKEN`. The in-process `admin` object needs none.
   */
  readonly adminToken?: string;
  /** Answer the admin surface from any address, not only loopback ones (default false; needs `adminToken`). */
  readonly adminRemote?: boolean;
  /** How many of the last requests the admin surface keeps for `requests()` (default 200; 0 keeps none). */
  readonly requestLogSize?: number;
  /**
   * Faults injected into every request and task, as if each request carried `X-Mock-Scenario` with them:
   * names from `FAULTS`, or one comma-separated string (`'unavailable,slow:200'`).
   */
  readonly scenarios?: readonly string[] | string;
}

/** {@link MockOptions} with every default filled in. */
export interface ResolvedMockOptions {
  readonly pendingMs: number;
  readonly runningMs: number;
  readonly now: Clock;
  /** The keys accepted; undefined: any non-empty bearer key. */
  readonly apiKeys: ReadonlySet<string> | undefined;
  readonly publicBaseUrl: string | undefined;
  readonly rateLimits: boolean;
  readonly taskTtlMs: number;
  readonly maxTasks: number;
  readonly maxBodyBytes: number;
  readonly onRequest: ((entry: MockRequestLog) => void) | undefined;
  readonly faults: FaultSet;
  readonly adminToken: string | undefined;
  readonly adminRemote: boolean;
  readonly requestLogSize: number;
}

/** The defaults of {@link MockOptions}. */
export const MOCK_DEFAULTS = {
  pendingMs: 1000,
  runningMs: 3000,
  taskTtlMs: 24 * 60 * 60 * 1000,
  maxTasks: 10_000,
  maxBodyBytes: 10 * 1024 * 1024,
  requestLogSize: 200,
} as const;

function nonNegative(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min)
    throw new RangeError(`${name} must be a number of at least ${min}, received ${String(value)}`);
  return value;
}

/** Fills in the defaults and checks the numbers; throws a RangeError naming a bad option. */
export function resolveOptions(options: MockOptions = {}): ResolvedMockOptions {
  let publicBaseUrl: string | undefined;
  if (options.publicBaseUrl !== undefined) {
    const url = URL.canParse(options.publicBaseUrl) ? new URL(options.publicBaseUrl) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new RangeError(
        `publicBaseUrl must be an absolute http(s) URL such as http://localhost:4010, received ${JSON.stringify(options.publicBaseUrl)}`,
      );
    }
    publicBaseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  const { adminToken } = options;
  if (adminToken !== undefined && (typeof adminToken !== 'string' || !/^[\x21-\x7e]{8,}$/.test(adminToken)))
    throw new RangeError(
      `adminToken must be at least 8 visible ASCII characters without spaces, received ${typeof adminToken === 'string' ? `${adminToken.length} characters` : typeof adminToken}`,
    );
  if (options.adminRemote && adminToken === undefined)
    throw new RangeError(
      'adminRemote needs an adminToken: an admin surface open to other machines must ask for a token',
    );
  return {
    pendingMs: nonNegative('pendingMs', options.pendingMs, MOCK_DEFAULTS.pendingMs),
    runningMs: nonNegative('runningMs', options.runningMs, MOCK_DEFAULTS.runningMs),
    now: options.now ?? systemClock,
    apiKeys:
      options.apiKey === undefined && options.apiKeys === undefined
        ? undefined
        : new Set([...(options.apiKey === undefined ? [] : [options.apiKey]), ...(options.apiKeys ?? [])]),
    publicBaseUrl,
    rateLimits: options.rateLimits ?? false,
    taskTtlMs: nonNegative('taskTtlMs', options.taskTtlMs, MOCK_DEFAULTS.taskTtlMs, 1),
    maxTasks: Math.floor(nonNegative('maxTasks', options.maxTasks, MOCK_DEFAULTS.maxTasks, 1)),
    maxBodyBytes: Math.floor(nonNegative('maxBodyBytes', options.maxBodyBytes, MOCK_DEFAULTS.maxBodyBytes, 1)),
    onRequest: options.onRequest,
    faults: serverFaults(options.scenarios),
    adminToken,
    adminRemote: options.adminRemote ?? false,
    requestLogSize: logSize(options.requestLogSize),
  };
}

// The log is a ring allocated up front: keep it to a size that fits in memory whatever the option says.
const MAX_LOG_SIZE = 100_000;

function logSize(value: number | undefined): number {
  const size = Math.floor(nonNegative('requestLogSize', value, MOCK_DEFAULTS.requestLogSize));
  if (size > MAX_LOG_SIZE)
    throw new RangeError(`requestLogSize must be at most ${MAX_LOG_SIZE}, received ${String(value)}`);
  return size;
}

function serverFaults(scenarios: MockOptions['scenarios']): FaultSet {
  const text = typeof scenarios === 'string' ? scenarios : (scenarios ?? []).join(',');
  try {
    return parseFaults(text, 'scenarios');
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new RangeError(error.message);
    throw error;
  }
}
