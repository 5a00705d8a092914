import { describe, expect, test } from 'vitest';
import { exampleRequest } from '../../src/contract/examples.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { EXCHANGE_KIND_NAMES, exchangeKindOf, loggedKindOf } from '../../src/rules/observation.js';
import { parsed, rig } from './helpers.js';

const KEY = 'sk-observation-owner-0123456789';
const OTHER = 'sk-observation-other-0123456789';

describe('the observation rule', () => {
  test('only a 2xx JSON answer to the submitting tenant observes a status', () => {
    expect(exchangeKindOf({ status: 200, json: true, sameTenant: true })).toBe('task');
    expect(exchangeKindOf({ status: 200, json: true, sameTenant: false })).toBe('other-tenant');
    expect(exchangeKindOf({ status: 200, json: false, sameTenant: true })).toBe('not-json');
    expect(exchangeKindOf({ status: 401, json: true, sameTenant: false })).toBe('unauthorized');
    expect(exchangeKindOf({ status: 403, json: true })).toBe('unauthorized');
    expect(exchangeKindOf({ status: 404, json: true })).toBe('not-found');
    expect(exchangeKindOf({ status: 429, json: true })).toBe('rate-limited');
    expect(exchangeKindOf({ status: 503, json: false })).toBe('server-error');
    expect(exchangeKindOf({ status: 400, json: true })).toBe('client-error');
    expect(exchangeKindOf({ status: 302, json: false })).toBe('unexpected');
    expect(exchangeKindOf({ status: undefined, json: false })).toBe('no-answer');
    expect(loggedKindOf({ http_status: 200, exchange: 'other-tenant' })).toBe('other-tenant');
    expect(loggedKindOf({ http_status: 200, exchange: 'from-a-later-version' })).toBe('unexpected');
    expect(loggedKindOf({ http_status: 401 })).toBe('unauthorized');
    expect(new Set(EXCHANGE_KIND_NAMES).size).toBe(EXCHANGE_KIND_NAMES.length);
  });
});

describe.each([false, true])('proxy (enforce %s) in front of a correct server', (enforce) => {
  test("a wrong key's 401 and another account's UNKNOWN are exchanges, never the owner's status", async () => {
    const r = await rig('dashscope', { enforce }, { pendingMs: 0, runningMs: 0, apiKeys: [KEY, OTHER] });
    try {
      const base = r.proxy.baseUrl;
      const get = (id: string, key: string) =>
        fetch(`${base}/tasks/${id}`, { headers: { authorization: `Bearer ${key}` } }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as { output?: { task_status?: string } },
        }));
      const submitted = await fetch(`${base}${submitPathOf('dashscope', 'wan2.2-t2v-plus')}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'x-dashscope-async': 'enable',
        },
        body: JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
      });
      const id = ((await submitted.json()) as { output: { task_id: string } }).output.task_id;
      // Another account queries the task before its owner: 200 UNKNOWN is the right answer, not the task's end.
      expect((await get(id, OTHER)).body.output?.task_status).toBe('UNKNOWN');
      const owner = await get(id, KEY);
      expect(owner.status).toBe(200);
      expect(owner.body.output?.task_status).toBe('SUCCEEDED');
      expect((await get(id, 'sk-observation-wrong-key')).status).toBe(401);
      expect((await get(id, OTHER)).body.output?.task_status).toBe('UNKNOWN');
      const again = await get(id, KEY);
      expect(again.status).toBe(200);
      expect(again.body.output?.task_status).toBe('SUCCEEDED');
    } finally {
      await r.close();
    }
    expect(parsed(r.violations).filter((v) => v.party === 'upstream')).toEqual([]);
    const [record] = parsed(r.records);
    expect(record?.final?.body?.output?.task_status).toBe('SUCCEEDED');
    const kinds = (record?.observations as { task_status?: string; exchange?: string }[]).map(
      (o) => o.exchange ?? o.task_status,
    );
    expect(kinds).toEqual(['other-tenant', 'SUCCEEDED']);
  });
});
