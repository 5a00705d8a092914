import { describe, expect, test } from 'vitest';
import { MODEL_IDS } from '../../src/contract/models.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import type { SubmitRequest } from '../../src/contract/schemas/submit.js';
import { TASK_STATUSES } from '../../src/contract/statuses.js';
import { createTask } from '../../src/mock/task.js';
import { taskBody, taskBodyText } from '../../src/mock/task-body.js';
import { exampleRequest } from './helpers.js';

describe('taskBodyText', () => {
  test('writes exactly JSON.stringify(taskBody(…)) for every model, profile and status, kept or not', () => {
    for (const profile of PROFILE_IDS)
      for (const model of MODEL_IDS) {
        const request = exampleRequest(model, profile) as unknown as SubmitRequest;
        const task = createTask(request, {
          id: `t-${model}`,
          profile,
          now: 1.7e12,
          pendingMs: 1000,
          runningMs: 2000,
          owner: 'k',
        });
        for (const status of TASK_STATUSES.filter((s) => s !== 'UNKNOWN')) {
          for (const [requestId, base] of [
            ['r-1', 'http://a.test'],
            ['r-2', 'http://a.test'],
            ['r-3', 'http://b.test'],
          ] as const) {
            if (status === 'CANCELED') task.canceledAt = 1.7e12 + 500;
            expect(taskBodyText(task, status, requestId, base)).toBe(
              JSON.stringify(taskBody(task, status, requestId, base)),
            );
          }
        }
      }
  });
});
