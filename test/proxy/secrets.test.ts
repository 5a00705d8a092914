import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { curlOf, holdsSecret, redactHeaders, redactText, scrub } from '../../src/client/redact.js';
import { rig } from './helpers.js';
import { cli } from '../support/cli.js';

const KEYS = ['q', 'q7', 'q7z', `sk-${'a1b2c3d4'.repeat(7)}12345`] as const;
// Where a key stands as a token of its own; a one-letter key inside a word ("quote") is that word, not the key.
const token = (key: string) => new RegExp(`(?<![A-Za-z0-9._~+/-])${key}(?![A-Za-z0-9._~+/-])`);

describe('redaction at any length', () => {
  test.each(KEYS)('key %s: curl lines, headers, texts and values', (key) => {
    expect(KEYS[3].length).toBe(64);
    const curl = curlOf('GET', 'https://x.test/api/v1/tasks/t', { Authorization: `Bearer ${key}` }, undefined, [key]);
    expect(curl).toContain('Bearer $WAN_API_KEY');
    expect(curl).not.toMatch(token(key));
    expect(redactHeaders({ authorization: `Bearer ${key}`, 'x-dashscope-apikey': key }, [])).toEqual({
      authorization: 'Bearer ***',
      'x-dashscope-apikey': '***',
    });
    expect(redactText(`{"key":"${key}","note":"Bearer ${key}"}`, [key])).not.toMatch(token(key));
    expect(holdsSecret(JSON.stringify(scrub({ a: [key] }, [key])), key)).toBe(false);
  });

  test('a short key inside a longer word is that word', () => {
    expect(redactText('a quote', ['q'])).toBe('a quote');
    expect(redactText('Bearer q', ['q'])).toBe('Bearer ***');
  });

  // Every writer of one run: conform's stdout, stderr, --json, --junit, --evidence, and the proxy's records and violations.
  // The four runs are independent (a mock, a proxy and a directory each) and mostly wait: they run side by side.
  test.concurrent.each(KEYS)(
    'key %s appears in no output of conform through the proxy',
    async (key) => {
      const dir = mkdtempSync(join(tmpdir(), 'wan-secret-'));
      const { proxy, records, violations, close } = await rig(
        'dashscope',
        {},
        { pendingMs: 0, runningMs: 0, scenarios: ['lowercase-status'] },
      );
      let run;
      try {
        run = await cli([
          'conform',
          '--base-url',
          proxy.baseUrl,
          '--api-key',
          key,
          '--smoke',
          '--max-cost',
          '100',
          '--query-rps',
          '0',
          '--poll-interval-ms',
          '20',
          '--json',
          join(dir, 'r.json'),
          '--junit',
          join(dir, 'r.xml'),
          '--evidence',
          join(dir, 'e.jsonl'),
        ]);
      } finally {
        await close();
      }
      const outputs = {
        stdout: run.stdout,
        stderr: run.stderr,
        json: readFileSync(join(dir, 'r.json'), 'utf8'),
        junit: readFileSync(join(dir, 'r.xml'), 'utf8'),
        evidence: readFileSync(join(dir, 'e.jsonl'), 'utf8'),
        records: records.join('\n'),
        violations: violations.join('\n'),
      };
      expect(violations.length).toBeGreaterThan(0);
      expect(outputs.json).toContain('$WAN_API_KEY');
      for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toMatch(token(key));
    },
    120_000,
  );
});
