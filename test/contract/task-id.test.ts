import { describe, expect, test } from 'vitest';
import { MALFORMED_TASK_IDS } from '../../src/rules/case.js';
import { isPlainTaskId } from '../../src/contract/task-id.js';

describe('isPlainTaskId', () => {
  test.each([
    ['0385dc79-5ff8-4d82-bcb6-0123456789ab', true],
    ['conformance-unknown-0385dc79-5ff8-4d82-bcb6-0123456789ab', true],
    ['task_1', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['', false],
    ['a/b', false],
    ['a.b', false],
    ['задача', false],
  ])('given %j, gives %s', (given, want) => {
    expect(isPlainTaskId(given)).toBe(want);
  });

  test('finds every malformed id the conformance case sends malformed', () => {
    for (const id of Object.values(MALFORMED_TASK_IDS)) expect(isPlainTaskId(id)).toBe(false);
  });
});
