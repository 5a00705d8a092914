import { createMockHandler, type MockOptions } from '../../src/mock.js';
import { handlerTarget, runConformance, type ConformanceOptions } from '../../src/conformance.js';
import type { ProfileId } from '../../src/contract/profiles.js';

export const KEY = 'sk-conformance-test-key-7f3a9c2e51';
/** The key of a second account the test mock accepts, for the cross-account cases. */
export const KEY2 = 'sk-conformance-other-account-4b81d0';

/**
 * Virtual time: sleeps wake in the order of their wake time, each after the work in flight settles, and the
 * clock jumps to the wake time. No real waiting.
 */
export function fakeTime(start = 1_700_000_000_000) {
  let t = start;
  const queue: { at: number; wake: () => void }[] = [];
  let scheduled = false;
  const pump = () => {
    scheduled = false;
    queue.sort((a, b) => a.at - b.at);
    const next = queue.shift();
    if (!next) return;
    t = Math.max(t, next.at);
    next.wake();
    if (queue.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        queue.push({ at: t + ms, wake });
        schedule();
      }),
  };
}

/** Runs the kit in process against a handler (the clean mock unless one is given), with instant sleeps. */
export function runAgainst(
  profile: ProfileId,
  wrap: (h: (r: Request) => Promise<Response>) => (r: Request) => Promise<Response> = (h) => h,
  options: Partial<ConformanceOptions> = {},
  mock: MockOptions = {},
) {
  const time = fakeTime();
  // The mock runs on the same virtual clock as the runner, so task latency costs no real time.
  const handler = wrap(
    createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: KEY, apiKeys: [KEY2], now: time.now, ...mock }),
  );
  return runConformance(handlerTarget(profile, handler, KEY, KEY2), {
    sleep: time.sleep,
    now: time.now,
    ...options,
  });
}
