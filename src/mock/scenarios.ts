import { listAlternatives } from '../pricing/errors.js';
import { MockHttpError } from './reply.js';

/** The request header that picks a scenario, per request. */
export const SCENARIO_HEADER = 'X-Mock-Scenario';

/**
 * What a test can ask of one request with {@link SCENARIO_HEADER}:
 * - `fail`: the task ends FAILED with a task-level `code` and `message`;
 * - `stuck`: the task stays RUNNING until it expires;
 * - `throttle`: the request is answered 429 `Throttling` (submit, query or cancel);
 * - `moderation`: the submit is rejected 400 `DataInspectionFailed`.
 */
export const SCENARIOS = {
  fail: { at: 'task' },
  stuck: { at: 'task' },
  throttle: { at: 'request' },
  moderation: { at: 'submit' },
} as const;

/** A scenario name, derived from {@link SCENARIOS}. */
export type Scenario = keyof typeof SCENARIOS;

/** What a task ends with under a scenario. */
export type TaskScenario = Extract<Scenario, 'fail' | 'stuck'> | undefined;

/** The code and message of a task the `fail` scenario ends (an official code: the algorithm failed). */
export const FAILED_TASK = {
  code: 'InternalError.Algo',
  message: 'The mock failed this task as asked by X-Mock-Scenario: fail.',
} as const;

/** The scenario a request asks for, or undefined; a value outside {@link SCENARIOS} is a 400 naming the allowed ones. */
export function scenarioOf(header: string | undefined): Scenario | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const name = header.trim().toLowerCase();
  if (Object.hasOwn(SCENARIOS, name)) return name as Scenario;
  const allowed = Object.keys(SCENARIOS);
  throw new MockHttpError(
    400,
    'InvalidParameter',
    `${SCENARIO_HEADER} must be ${listAlternatives(allowed)}, received ${JSON.stringify(header.slice(0, 60))}`,
  );
}

/** Throws the 429 of the `throttle` scenario. */
export function throttleIfAsked(scenario: Scenario | undefined): void {
  if (scenario === 'throttle')
    throw new MockHttpError(
      429,
      'Throttling',
      'Requests throttled, please try again later (X-Mock-Scenario: throttle).',
    );
}

/** Throws the 400 of the `moderation` scenario. */
export function moderateIfAsked(scenario: Scenario | undefined): void {
  if (scenario === 'moderation') {
    throw new MockHttpError(
      400,
      'DataInspectionFailed',
      'Input data may contain inappropriate content (X-Mock-Scenario: moderation).',
    );
  }
}

/** The part of a scenario that stays with the task. */
export function taskScenarioOf(scenario: Scenario | undefined): TaskScenario {
  return scenario === 'fail' || scenario === 'stuck' ? scenario : undefined;
}
