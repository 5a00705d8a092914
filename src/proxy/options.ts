import { PROFILES, isProfileId, type ProfileId } from '../contract/profiles.js';

/** How the proxy behaves. Only `upstream` is required. */
export interface ProxyOptions {
  /** The provider's API root, ending in its base path (`https://dashscope.aliyuncs.com/api/v1`), as `conform --base-url`. */
  readonly upstream: string;
  /** The contract profile the proxy serves and checks (default: from the upstream's path, as `conform`). */
  readonly profile?: ProfileId;
  /** Refuse requests that break the contract with its 400 and replace answers that break it with a 502. */
  readonly enforce?: boolean;
  /** The `target` of the evidence records (default: the upstream's origin). */
  readonly target?: string;
  /** Called with each finished task's log record (the CLI writes them to `--evidence`). */
  readonly onRecord?: (line: string) => void;
  /** Called with each violation as one JSON line (the CLI writes them to `--violations`). */
  readonly onViolation?: (line: string) => void;
  /** The largest request or answer body passed on, in bytes (default 10 MiB, as the mock). */
  readonly maxBodyBytes?: number;
  /** How long one upstream exchange may take, headers and body, in ms (default 60 s). */
  readonly upstreamTimeoutMs?: number;
  /** Keep-alive connections to the upstream (default 128). */
  readonly connections?: number;
  /** The most tasks followed at once; past it the oldest is written unfinished and forgotten (default 100,000). */
  readonly maxTasks?: number;
  /**
   * The most bytes the followed tasks may hold (their request, submit and last answer, large inputs as digests);
   * past it the oldest is written unfinished ('evicted') and forgotten (default 256 MiB).
   */
  readonly maxMemoryBytes?: number;
  /** How long a task is followed after its submit (default 24 h, as upstream keeps task ids). */
  readonly taskRetentionMs?: number;
  /** A task not terminal this long after its submit breaks task-ends-in-time (default 10 min, as `conform`). */
  readonly taskDeadlineMs?: number;
  /** The clock, in ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** Secrets to keep out of every output besides the keys the clients send (which are never written). */
  readonly secrets?: readonly string[];
}

/** {@link ProxyOptions} with every default filled in. */
export interface ResolvedProxyOptions {
  readonly upstreamOrigin: string;
  /** The upstream's base path, without a trailing slash (`/api/v1`). */
  readonly upstreamPath: string;
  readonly profile: ProfileId;
  /** The base path the proxy serves: the profile's. */
  readonly basePath: string;
  readonly enforce: boolean;
  readonly target: string;
  readonly onRecord: ((line: string) => void) | undefined;
  readonly onViolation: ((line: string) => void) | undefined;
  readonly maxBodyBytes: number;
  readonly upstreamTimeoutMs: number;
  readonly connections: number;
  readonly maxTasks: number;
  readonly maxMemoryBytes: number;
  readonly taskRetentionMs: number;
  readonly taskDeadlineMs: number;
  readonly now: () => number;
  readonly secrets: readonly string[];
}

/** The defaults of {@link ProxyOptions}. */
export const PROXY_DEFAULTS = {
  maxBodyBytes: 10 * 1024 * 1024,
  upstreamTimeoutMs: 60_000,
  connections: 128,
  maxTasks: 100_000,
  maxMemoryBytes: 256 * 1024 * 1024,
  taskRetentionMs: 24 * 60 * 60 * 1000,
  taskDeadlineMs: 10 * 60 * 1000,
} as const;

/** The profile an API root belongs to: `/alibailian/api/v1` is the page's, anything else the official one. */
export function profileOfUpstream(upstream: string): ProfileId {
  const path = new URL(upstream).pathname.replace(/\/+$/, '');
  return path.endsWith(PROFILES.crazyrouter.basePath) ? 'crazyrouter' : 'dashscope';
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min)
    throw new RangeError(`${name} must be a number of at least ${min}, received ${String(value)}`);
  return Math.floor(value);
}

/** Fills in the defaults and checks every value; throws a RangeError naming a bad option. */
export function resolveProxyOptions(options: ProxyOptions): ResolvedProxyOptions {
  const url = URL.canParse(options.upstream) ? new URL(options.upstream) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash)
    throw new RangeError(
      `upstream must be an http(s) API root such as https://dashscope.aliyuncs.com/api/v1, received ${JSON.stringify(options.upstream)}`,
    );
  if (url.username || url.password)
    throw new RangeError('upstream must not carry credentials: clients send their own Authorization header');
  if (options.profile !== undefined && !isProfileId(options.profile))
    throw new RangeError(`profile must be crazyrouter or dashscope, received ${JSON.stringify(options.profile)}`);
  const profile = options.profile ?? profileOfUpstream(options.upstream);
  return {
    upstreamOrigin: url.origin,
    upstreamPath: url.pathname.replace(/\/+$/, ''),
    profile,
    basePath: PROFILES[profile].basePath,
    enforce: options.enforce ?? false,
    target: options.target ?? url.origin,
    onRecord: options.onRecord,
    onViolation: options.onViolation,
    maxBodyBytes: count('maxBodyBytes', options.maxBodyBytes, PROXY_DEFAULTS.maxBodyBytes, 1),
    upstreamTimeoutMs: count('upstreamTimeoutMs', options.upstreamTimeoutMs, PROXY_DEFAULTS.upstreamTimeoutMs, 1),
    connections: count('connections', options.connections, PROXY_DEFAULTS.connections, 1),
    maxTasks: count('maxTasks', options.maxTasks, PROXY_DEFAULTS.maxTasks, 1),
    maxMemoryBytes: count('maxMemoryBytes', options.maxMemoryBytes, PROXY_DEFAULTS.maxMemoryBytes, 1),
    taskRetentionMs: count('taskRetentionMs', options.taskRetentionMs, PROXY_DEFAULTS.taskRetentionMs, 1),
    taskDeadlineMs: count('taskDeadlineMs', options.taskDeadlineMs, PROXY_DEFAULTS.taskDeadlineMs, 1),
    now: options.now ?? Date.now,
    secrets: (options.secrets ?? []).filter((s) => s.length > 0),
  };
}
