import { BEIJING_OFFSET_MS } from '../contract/schemas/task-list.js';

/** A source of the current time in milliseconds since the epoch; injectable so tests drive the lifecycle. */
export type Clock = () => number;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();

// Upstream writes task times in Beijing time without a zone (reference: "Responses"); the mock does the same.

// Every poll of a task writes the same few times: each is formatted once (bounded, so memory stays flat).
const FORMATTED = new Map<number, string>();
const FORMATTED_MAX = 4096;

/** A task time field: `YYYY-MM-DD HH:mm:ss.SSS` in Beijing time (UTC+8), as upstream writes it. */
export function formatTaskTime(ms: number): string {
  let text = FORMATTED.get(ms);
  if (text === undefined) {
    const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString();
    text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    if (FORMATTED.size >= FORMATTED_MAX) FORMATTED.clear();
    FORMATTED.set(ms, text);
  }
  return text;
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

/** The mock's own clock: a base clock plus however far the admin surface has moved it forward. */
export interface VirtualClock {
  readonly now: Clock;
  /** How far ahead of the base clock it runs, in ms. */
  readonly offsetMs: number;
  /** Moves the clock forward by `ms` (a non-negative number of milliseconds); the base clock is untouched. */
  advance(ms: number): void;
  /** Back to the base clock. */
  reset(): void;
}

/** A {@link VirtualClock} over `base`. */
export function virtualClock(base: Clock): VirtualClock {
  let offset = 0;
  return {
    // Without an advance the base clock is read as is: no addition on every request of a mock nobody moves.
    now: () => (offset === 0 ? base() : base() + offset),
    get offsetMs() {
      return offset;
    },
    advance(ms) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}
