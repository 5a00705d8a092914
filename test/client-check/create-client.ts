import { createClient } from '../../src/client.js';
import type { ClientFunction } from '../../src/client-check/run.js';
import { exampleRequest } from '../../src/contract/examples.js';

/** Our own client as client-check sees it: submit, wait (bounded), download; exit 1 on any error. */
export const createClientUnderCheck: ClientFunction = async ({ baseUrl, apiKey, profile, signal }) => {
  const client = createClient({ baseUrl, apiKey, profile, requestTimeoutMs: 5_000 });
  const request = exampleRequest('wan2.2-i2v-flash', profile);
  const { output } = await client.submit(request, { signal });
  const task = await client.waitForTask(output.task_id, { signal, timeoutMs: 6_000, model: request.model });
  if (task.output.task_status !== 'SUCCEEDED') return 1;
  const url = task.output.video_url ?? task.output.results?.video_url;
  if (!url) return 1;
  const video = await client.send({ operation: 'download', method: 'GET', path: url, binary: true, signal });
  return video.status === 200 ? 0 : 1;
};
