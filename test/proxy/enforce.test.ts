import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { exampleRequest } from '../../src/contract/examples.js';
import { createMockHandler } from '../../src/mock.js';
import { startProxy } from '../../src/proxy.js';
import { KEY, parsed, rig, type Rig } from './helpers.js';
import { serveHandler } from './serve-handler.js';

const SUBMIT = '/services/aigc/video-generation/video-synthesis';
let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      'x-dashscope-async': 'enable',
      ...headers,
    },
    body,
  });

describe('proxy --enforce', () => {
  test('refuses an invalid submit with the contract 400 before it reaches the upstream', async () => {
    const seen: string[] = [];
    r = await rig('dashscope', { enforce: true }, { pendingMs: 0, runningMs: 0, onRequest: (e) => seen.push(e.path) });
    const bad = { ...exampleRequest('wan2.2-t2v-plus', 'dashscope'), parameters: { size: '999*999' } };
    const res = await post(`${r.proxy.baseUrl}${SUBMIT}`, JSON.stringify(bad));
    const body = (await res.json()) as { code: string; message: string; request_id: string };
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ code: 'InvalidParameter', request_id: expect.any(String) });
    expect(body.message).toContain('size must be');
    expect(res.headers.get('x-contract-violations')).toBe('1');
    const malformed = await post(`${r.proxy.baseUrl}${SUBMIT}`, '{"model": ');
    expect(malformed.status).toBe(400);
    const noAsync = await post(
      `${r.proxy.baseUrl}${SUBMIT}`,
      JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
      {
        'x-dashscope-async': '',
      },
    );
    expect(noAsync.status).toBe(403);
    expect(seen).toEqual([]);
    expect(parsed(r.violations).map((v) => `${v.party}:${v.case_id}`)).toEqual([
      'client:rejects-unsupported-resolution',
      'client:rejects-malformed-json',
      'client:async-header-required',
    ]);
    // A valid submit still goes through.
    const ok = await post(
      `${r.proxy.baseUrl}${SUBMIT}`,
      JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'dashscope')),
    );
    expect(ok.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  test('replaces an answer that breaks the contract with a 502 naming the case, and logs the original', async () => {
    const upstream = await serveHandler(
      createMockHandler({ pendingMs: 0, runningMs: 0, scenarios: ['no-request-id'] }),
    );
    const violations: string[] = [];
    const proxy = await startProxy({
      upstream: `${upstream.origin}/alibailian/api/v1`,
      enforce: true,
      onViolation: (line) => violations.push(line),
    });
    try {
      const res = await post(
        `${proxy.baseUrl}${SUBMIT}`,
        JSON.stringify(exampleRequest('wan2.2-t2v-plus', 'crazyrouter')),
      );
      const body = (await res.json()) as { code: string; message: string };
      expect(res.status).toBe(502);
      expect(body.code).toBe('UpstreamContractViolation');
      expect(body.message).toContain('responses-json-with-request-id');
      const logged = parsed(violations)[0]!;
      expect(logged.exchange.response.status).toBe(200);
      expect(logged.exchange.response.body.output.task_status).toBe('PENDING');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});

describe('proxy forwarding', () => {
  test('answers 502 UpstreamUnavailable when the upstream refuses, and 504 UpstreamTimeout when it is slow', async () => {
    const closed = await serveHandler(async () => new Response('{}'));
    const origin = closed.origin;
    await closed.close();
    const refused = await startProxy({ upstream: `${origin}/api/v1` });
    const slow = await serveHandler(() => new Promise<Response>(() => undefined));
    const timing = await startProxy({ upstream: `${slow.origin}/api/v1`, upstreamTimeoutMs: 100 });
    try {
      const a = await fetch(`${refused.baseUrl}/tasks/x`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(a.status).toBe(502);
      expect(((await a.json()) as { code: string }).code).toBe('UpstreamUnavailable');
      const b = await fetch(`${timing.baseUrl}/tasks/x`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(b.status).toBe(504);
      expect(((await b.json()) as { code: string }).code).toBe('UpstreamTimeout');
    } finally {
      await refused.close();
      await timing.close();
      await slow.close();
    }
  });

  test('drops hop-by-hop headers both ways and serves health and metrics', async () => {
    let received: Headers | undefined;
    const upstream = await serveHandler(async (req) => {
      received = req.headers;
      return new Response(JSON.stringify({ request_id: 'r', output: { task_id: 'x', task_status: 'UNKNOWN' } }), {
        headers: { 'content-type': 'application/json', 'x-upstream': 'yes' },
      });
    });
    const proxy = await startProxy({ upstream: `${upstream.origin}/api/v1` });
    try {
      // fetch never sends a Connection header of its own choosing: node:http does.
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        request(
          `${proxy.baseUrl}/tasks/x?probe=1`,
          {
            headers: {
              authorization: `Bearer ${KEY}`,
              'x-client': 'c',
              connection: 'keep-alive, x-drop-me',
              'x-drop-me': '1',
            },
          },
          resolve,
        )
          .on('error', reject)
          .end(),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-upstream']).toBe('yes');
      // The whole answer is framed by its length, not in chunks: one write, no chunk markers.
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(res.headers['content-length']).toBe(String(Buffer.concat(chunks).byteLength));
      expect(res.headers['x-contract-violations']).toBe('0');
      expect(received?.get('x-client')).toBe('c');
      expect(received?.get('x-drop-me')).toBeNull();
      expect(received?.get('authorization')).toBe(`Bearer ${KEY}`);
      const health = await fetch(`${proxy.url}/__proxy/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', profile: 'dashscope' });
      const metrics = await (await fetch(`${proxy.url}/__proxy/metrics`)).text();
      expect(metrics).toContain('wan_proxy_requests_total{operation="getTask",status="200"} 1');
      expect(metrics).toContain('wan_proxy_tasks_tracked 0');
      expect(metrics).toContain('wan_proxy_upstream_duration_seconds_bucket');
      expect(metrics).not.toContain(KEY);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
