import type { ProfileId } from '../../contract/profiles.js';

/**
 * The embedded mock, or any Web handler run in process: it creates no real task, so it costs nothing, has no
 * budget and no rate limits. Make one with `embeddedTarget(profile)` or `handlerTarget(profile, handler)`.
 */
export interface EmbeddedTarget {
  readonly kind: 'embedded-mock';
  /** The contract profile the handler follows; its base path is part of {@link baseUrl}. */
  readonly profile: ProfileId;
  /** The API root under the in-process origin, ending in `/api/v1`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** A key of a second account the handler accepts, for the cross-account cases (embeddedTarget makes one). */
  readonly apiKey2?: string | undefined;
  /** The `fetch` that hands each request to the handler. */
  readonly fetch: typeof fetch;
}

/** An implementation at a URL: every task it creates may be billed, so it comes with its key and a budget. */
export interface UrlTarget {
  readonly kind: 'url';
  /** The API root, ending in `/api/v1` (e.g. `https://dashscope.aliyuncs.com/api/v1`). */
  readonly baseUrl: string;
  /** The key every live request authenticates with (a dry run sends nothing and needs none). */
  readonly apiKey?: string | undefined;
  /**
   * A key of a second account (`--api-key-2`): with it, the cross-account cases check that this account can
   * neither read nor cancel the first account's task; without it they are not run. Never printed or written.
   */
  readonly apiKey2?: string | undefined;
  /**
   * Budget in CNY (a decimal string such as `'12.50'`): a plan that would cost more if every task succeeds stops
   * before its first request. `'0'` allows only plans that create no billable task.
   */
  readonly maxCost: string;
  /** The contract profile the target follows (default `DEFAULT_PROFILE`). */
  readonly profile?: ProfileId | undefined;
  /** The `fetch` to send with (default the global one). */
  readonly fetch?: typeof fetch | undefined;
}

/** What a conformance run checks: the embedded mock (free) or a URL (billable, with a budget). */
export type ConformanceTarget = EmbeddedTarget | UrlTarget;

/**
 * A target at a URL with its key and budget.
 * @example
 * const target = urlTarget('https://dashscope.aliyuncs.com/api/v1', { apiKey, maxCost: '30', profile: 'dashscope' });
 */
export function urlTarget(baseUrl: string, options: Omit<UrlTarget, 'kind' | 'baseUrl'>): UrlTarget {
  return { kind: 'url', baseUrl, ...options };
}
