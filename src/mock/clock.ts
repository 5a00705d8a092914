import { BEIJING_OFFSET_MS } from '../contract/schemas/task-list.js';

/** A source of the current time in milliseconds since the epoch; injectable so tests drive the lifecycle. */
export type Clock = () => number;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();

// Upstream writes task times in Beijing time without a zone (reference: "Responses"); the mock does the same.

/** A task time field: `YYYY-MM-DD HH:mm:ss.SSS` in Beijing time (UTC+8), as upstream writes it. */
export function formatTaskTime(ms: number): string {
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** A fake clock for tests: starts at `start` and moves only when told. */
export function manualClock(start = Date.UTC(2025, 3, 18, 2, 36, 58, 394)): {
  now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}
