import { afterEach, describe, expect, test, vi } from 'vitest';
import { exampleRequest } from '../../src/contract/examples.js';
import { PROFILES } from '../../src/contract/profiles.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { createMockHandler } from '../../src/mock.js';
import { startProxy } from '../../src/proxy.js';
import { ExchangeJudges } from '../../src/proxy/judges.js';
import { parsed } from './helpers.js';
import { serveHandler } from './serve-handler.js';

const KEY = 'sk-quiet-repoll-owner-0123456789';
const MODEL = 'wan2.2-t2v-plus';

/** What the scripted upstream does to the body of a finished task's answer, from the next poll on. */
type Rewrite = (text: string) => string;

/** The mock behind a switch that rewrites the answers to task queries once a rewrite is set. */
async function scripted() {
  const mock = createMockHandler({ pendingMs: 0, runningMs: 0 });
  let rewrite: Rewrite | undefined;
  const upstream = await serveHandler(async (req) => {
    const res = await mock(req);
    if (!rewrite || !new URL(req.url).pathname.includes('/tasks/')) return res;
    return new Response(rewrite(await res.text()), { status: res.status, headers: res.headers });
  });
  const records: string[] = [];
  const violations: string[] = [];
  const proxy = await startProxy({
    upstream: `${upstream.origin}${PROFILES.dashscope.basePath}`,
    onRecord: (line) => records.push(line),
    onViolation: (line) => violations.push(line),
  });
  const base = proxy.baseUrl;
  const submitted = await fetch(`${base}${submitPathOf('dashscope', MODEL)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-dashscope-async': 'enable' },
    body: JSON.stringify(exampleRequest(MODEL, 'dashscope')),
  });
  const id = ((await submitted.json()) as { output: { task_id: string } }).output.task_id;
  const poll = async () => {
    const res = await fetch(`${base}/tasks/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
    await res.arrayBuffer();
    return res.headers.get('x-contract-violations');
  };
  return {
    poll,
    violations,
    records,
    set(next: Rewrite) {
      rewrite = next;
    },
    async close() {
      await proxy.close();
      await upstream.close();
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a repoll of a finished task that repeats a clean one', () => {
  test('is not judged again, though every answer carries a fresh request id', async () => {
    const judged = vi.spyOn(ExchangeJudges.prototype, 'everyAnswer');
    const s = await scripted();
    try {
      expect(await s.poll()).toBe('0'); // the end: SUCCEEDED, judged
      expect(await s.poll()).toBe('0'); // the first repoll: judged, and clean
      const before = judged.mock.calls.length;
      for (let i = 0; i < 5; i++) expect(await s.poll()).toBe('0');
      expect(judged.mock.calls.length).toBe(before);
    } finally {
      await s.close();
    }
    expect(parsed(s.violations)).toEqual([]);
    expect(parsed(s.records)).toHaveLength(1);
  });

  test.each<[string, Rewrite, string]>([
    ['a status that went back', (t) => t.replace('"SUCCEEDED"', '"RUNNING"'), 'terminal-status-stays'],
    [
      'an empty request id',
      (t) => t.replace(/"request_id":"[^"]*"/, '"request_id":""'),
      'responses-json-with-request-id',
    ],
    ['a request id with a control character', (t) => t.replace(/"request_id":"/, '"request_id":"\u0001'), ''],
  ])('%s is judged and reported, after clean repeats', async (_name, rewrite, caseId) => {
    const s = await scripted();
    try {
      await s.poll();
      await s.poll();
      await s.poll();
      s.set(rewrite);
      expect(Number(await s.poll())).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    const found = parsed(s.violations).filter((v) => v.party === 'upstream');
    expect(found.length).toBeGreaterThan(0);
    if (caseId) expect(found.map((v) => v.case_id)).toContain(caseId);
  });
});
