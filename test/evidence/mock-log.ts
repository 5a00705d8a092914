import { createMockHandler, SCENARIO_HEADER } from '../../src/mock.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import type { ModelId } from '../../src/contract/models.js';
import type { Resolution } from '../../src/contract/resolutions.js';
import type { TaskLogRecord } from '../../src/contract/schemas/task-log.js';
import { ASYNC_HEADER } from '../../src/contract/schemas/submit.js';
import { requestFor } from './records.js';

const ORIGIN = 'http://mock.test';
const KEY = 'sk-evidence-test';

/** Logs tasks the way a gateway would: submit to the mock, poll it until the task ends, write one record per task. */
export function mockLogger(options: { target?: string } = {}) {
  const handler = createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: KEY });
  const headers = {
    authorization: `Bearer ${KEY}`,
    'content-type': 'application/json',
    [ASYNC_HEADER.name]: ASYNC_HEADER.value,
  };
  return async function run(spec: {
    model: ModelId;
    resolution: Resolution;
    profile?: ProfileId;
    fail?: boolean;
    charged?: string;
    request?: unknown;
  }): Promise<TaskLogRecord> {
    const profile = spec.profile ?? 'crazyrouter';
    const base = `${ORIGIN}${PROFILES[profile].basePath}`;
    const request = spec.request ?? requestFor(spec.model, spec.resolution, profile);
    const submittedAt = new Date().toISOString();
    const submitted = await handler(
      new Request(`${base}${submitPathOf(profile, spec.model)}`, {
        method: 'POST',
        headers: { ...headers, ...(spec.fail ? { [SCENARIO_HEADER]: 'fail' } : {}) },
        body: JSON.stringify(request),
      }),
    );
    const submitBody = (await submitted.json()) as { output?: { task_id?: string } };
    const taskId = submitBody.output?.task_id;
    const record = {
      log_version: 1 as const,
      source: 'production' as const,
      target: options.target ?? 'mock',
      profile,
      model: spec.model,
      request,
      submit: { http_status: submitted.status, body: submitBody },
      ...(spec.charged === undefined ? {} : { charged: { amount: spec.charged, currency: 'CNY' as const } }),
    };
    if (submitted.status !== 200 || !taskId) return { ...record, observed: { submitted_at: submittedAt } };
    let polls = 0;
    for (;;) {
      polls += 1;
      const answer = await handler(new Request(`${base}/tasks/${taskId}`, { headers }));
      const body = (await answer.json()) as { output?: { task_status?: string } };
      const status = body.output?.task_status;
      if (polls >= 20 || (status !== 'PENDING' && status !== 'RUNNING')) {
        return {
          ...record,
          task_id: taskId,
          final: { http_status: answer.status, body },
          observed: { submitted_at: submittedAt, finished_at: new Date().toISOString(), polls },
        };
      }
    }
  };
}
