import { listAlternatives } from '../../pricing/errors.js';
import { MockHttpError } from '../reply.js';
import { DEFAULT_SLOW_MS, FAULT_NAMES, isFaultName, SCENARIO_HEADER, type FaultName } from './table.js';

export { SCENARIO_HEADER } from './table.js';

/** The faults in force for one request or one task. */
export interface FaultSet {
  readonly names: ReadonlySet<FaultName>;
  /** The delay of `slow`, in ms (0 without it). */
  readonly slowMs: number;
}

/** No fault: the hot path compares against this one object. */
export const NO_FAULTS: FaultSet = Object.freeze({ names: new Set<FaultName>(), slowMs: 0 });

const MAX_SLOW_MS = 600_000;

/** Thrown for a fault list that names no known fault; the message lists the known ones. */
export class FaultSyntaxError extends Error {
  override readonly name = 'FaultSyntaxError';
}

/**
 * Reads a comma-separated fault list (`fail`, `slow:250,drop`); names are case-insensitive, blanks ignored.
 * Throws a {@link FaultSyntaxError} naming the known faults for anything else.
 */
export function parseFaults(text: string, what = SCENARIO_HEADER): FaultSet {
  const names = new Set<FaultName>();
  let slowMs = 0;
  for (const raw of text.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const name = colon === -1 ? item : item.slice(0, colon);
    const argument = colon === -1 ? undefined : item.slice(colon + 1);
    if (!isFaultName(name)) {
      throw new FaultSyntaxError(
        `${what} must name faults among ${listAlternatives(FAULT_NAMES)} (comma-separated), received ${JSON.stringify(raw.trim().slice(0, 60))}`,
      );
    }
    if (argument !== undefined && name !== 'slow')
      throw new FaultSyntaxError(`${what}: ${name} takes no argument, received ${JSON.stringify(raw.trim())}`);
    if (name === 'slow') {
      if (argument !== undefined && !/^\d{1,6}$/.test(argument))
        throw new FaultSyntaxError(
          `${what}: slow takes a delay in whole milliseconds (slow:250), received ${JSON.stringify(raw.trim())}`,
        );
      slowMs = argument === undefined ? DEFAULT_SLOW_MS : Math.min(MAX_SLOW_MS, Number(argument));
    }
    names.add(name);
  }
  return names.size === 0 ? NO_FAULTS : { names, slowMs };
}

/** The faults of a request: a 400 `InvalidParameter` for a header that names an unknown fault. */
export function faultsOfHeader(header: string | undefined): FaultSet {
  if (header === undefined) return NO_FAULTS;
  try {
    return parseFaults(header);
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new MockHttpError(400, 'InvalidParameter', error.message);
    throw error;
  }
}

/** Both sets at once (the server's faults, the task's, the request's). */
export function unionFaults(a: FaultSet, b: FaultSet): FaultSet {
  if (b === NO_FAULTS || b === a) return a;
  if (a === NO_FAULTS) return b;
  return { names: new Set([...a.names, ...b.names]), slowMs: Math.max(a.slowMs, b.slowMs) };
}

/** The faults of a set that stay with a task created under it. */
export function taskFaultsOf(set: FaultSet, isTaskFault: (name: FaultName) => boolean): FaultSet {
  if (set === NO_FAULTS) return NO_FAULTS;
  const names = new Set([...set.names].filter(isTaskFault));
  return names.size === 0 ? NO_FAULTS : { names, slowMs: 0 };
}
