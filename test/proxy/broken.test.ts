import { describe, expect, test } from 'vitest';
import { createClient } from '../../src/client.js';
import { buildRequest } from '../../src/conformance/plan/requests.js';
import { MALFORMED_TASK_IDS } from '../../src/rules/case.js';
import { MODELS, type ModelId } from '../../src/contract/models.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import { createMockHandler, FAULTS, FAULT_NAMES, type FaultName, type RunnerExpectation } from '../../src/mock.js';
import { startProxy } from '../../src/proxy.js';
import { KEY } from '../conformance/helpers.js';
import { parsed } from './helpers.js';
import { serveHandler } from './serve-handler.js';

const VARIANTS = [
  'unsupported-resolution',
  'unsupported-duration',
  'missing-required-input',
  'unknown-model',
  'malformed-json',
] as const;

/**
 * Client traffic that touches every case a proxy can judge: a task to its end and after, a poll of it without a key,
 * bad requests, no key, an unknown id and malformed ones.
 */
async function drive(baseUrl: string, profile: ProfileId, model: ModelId): Promise<void> {
  const client = createClient({
    baseUrl,
    apiKey: KEY,
    profile,
    pollSchedule: 5,
    maxRetries: 0,
    requestTimeoutMs: 5_000,
  });
  const resolution = MODELS[model].defaultResolution;
  const valid = buildRequest('valid', profile, model, resolution);
  const validBody = valid.applies ? valid.body : undefined;
  try {
    const { output } = await client.submit(validBody as never);
    await client.waitForTask(output.task_id, { timeoutMs: 400, model }).catch(() => undefined);
    await client.getTask(output.task_id).catch(() => undefined);
    await fetch(`${baseUrl}/tasks/${encodeURIComponent(output.task_id)}`).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
  } catch {
    // The faults break submits too; what the proxy saw is what counts.
  }
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${baseUrl}${submitPathOf(profile, model)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dashscope-async': 'enable', ...headers },
      body,
    }).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
  for (const variant of VARIANTS) {
    const built = buildRequest(variant, profile, model, resolution);
    if (built.applies) await post(built.rawBody ?? JSON.stringify(built.body), { authorization: `Bearer ${KEY}` });
  }
  await post(JSON.stringify(validBody), {});
  for (const id of ['proxy-unknown-task', ...Object.values(MALFORMED_TASK_IDS)])
    await fetch(`${baseUrl}/tasks/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${KEY}` } }).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
}

const catchesOf = (name: FaultName) => (FAULTS[name] as { catches?: RunnerExpectation }).catches;

/** The faults of the mock's table that prove the runner and a proxy can see, with the case that must catch each. */
const PROVING = FAULT_NAMES.flatMap((name) => {
  const catches = catchesOf(name);
  return catches && catches.notObservableByProxy === undefined
    ? [[name, { profile: catches.profile, caught: catches }] as const]
    : [];
});

describe('proxy in front of each broken server', () => {
  test('skips exactly the faults the table marks as invisible to a proxy, each with its reason', () => {
    const unseen = FAULT_NAMES.flatMap((name) => {
      const reason = catchesOf(name)?.notObservableByProxy;
      return reason === undefined ? [] : [[name, reason] as const];
    });
    expect(unseen.map(([name]) => name)).toEqual([
      'video-wrong-tier',
      'video-short',
      'poll-any-key',
      'cancel-any-key',
      'tenant-leak-poll',
      'tenant-leak-cancel',
    ]);
    for (const [, reason] of unseen) expect(reason).toMatch(/^a proxy cannot .{20,}/);
  });

  test.each(PROVING)('%s appears under its case', async (name, fault) => {
    const upstream = await serveHandler(
      createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: KEY, scenarios: [name] }),
    );
    const violations: string[] = [];
    const proxy = await startProxy({
      upstream: `${upstream.origin}${PROFILES[fault.profile].basePath}`,
      profile: fault.profile,
      taskDeadlineMs: 200,
      upstreamTimeoutMs: 5_000,
      onViolation: (line) => violations.push(line),
    });
    try {
      await drive(proxy.baseUrl, fault.profile, (fault.caught.model ?? 'wan2.2-t2v-plus') as ModelId);
    } finally {
      await proxy.close();
      await upstream.close();
    }
    const lines = parsed(violations);
    const hit = lines.find((v) => v.case_id === fault.caught.caseId && v.party === 'upstream');
    expect(hit, `cases seen: ${[...new Set(lines.map((v) => `${v.party}:${v.case_id}`))].join(', ')}`).toBeDefined();
    expect(hit?.message).toBeTruthy();
    expect(violations.join('\n')).not.toContain(KEY);
  });
});
