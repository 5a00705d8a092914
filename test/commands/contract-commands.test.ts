import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PAGE_EXAMPLES } from '../../src/contract/examples.js';
import { cliSync } from '../support/cli.js';

const cli = (args: string[], input?: string) => cliSync(args, { input });
const dir = mkdtempSync(join(tmpdir(), 'wan-contract-cli-'));
const file = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};

describe('wan-contract models', () => {
  test("reproduces the page's two tables in Markdown", () => {
    const { code, stdout } = cli(['models', '--markdown']);
    expect(code).toBe(0);
    expect(stdout).toContain('| wan2.2-kf2v-flash | first-last-frame video | per second | Beta |');
    expect(stdout).toContain(
      '| wan2.2-i2v-flash | image-to-video | 480P / 720P / 1080P | ¥0.10 / ¥0.20 / ¥0.48 / sec |',
    );
    expect(stdout).toContain('| wan2.2-s2v | subject-reference video | 480P / 720P | ¥0.50 / ¥0.90 / sec |');
  });
});

describe('wan-contract quote', () => {
  test('prices 5 s of 1080P wan2.2-t2v-plus at 3.50 CNY as JSON', () => {
    const { code, stdout } = cli(['quote', 'wan2.2-t2v-plus', '--resolution', '1080P', '--duration', '5', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ amount: '3.50', currency: 'CNY', amountMinor: 350 });
  });

  test('refuses an unsupported resolution with one line and a hint, exit 2', () => {
    const { code, stderr } = cli(['quote', 'wan2.2-t2v-plus', '--resolution', '720P']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'wan-contract: error: wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"\nhint: run `wan-contract models` to see every model, resolution and price\n',
    );
  });
});

describe('wan-contract validate', () => {
  test.each(Object.keys(PAGE_EXAMPLES))('accepts the page %s example, exit 0', (name) => {
    const { code, stdout } = cli([
      'validate',
      file(`${name}.json`, PAGE_EXAMPLES[name as keyof typeof PAGE_EXAMPLES]),
      '--profile',
      'crazyrouter',
    ]);
    expect([code, stdout.trim()]).toEqual([0, 'valid']);
  });

  test('rejects 720P on wan2.2-t2v-plus, exit 1, naming the allowed values', () => {
    const { code, stdout } = cli([
      'validate',
      file('bad.json', { model: 'wan2.2-t2v-plus', input: { prompt: 'x' }, parameters: { resolution: '720P' } }),
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'error parameters.resolution: wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"',
    );
  });

  test('reads standard input and answers JSON', () => {
    const { code, stdout } = cli(
      ['validate', '-', '--json'],
      JSON.stringify({ model: 'wan2.2-s2v', input: { image_url: 'https://example.com/p.png' } }),
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, errors: [{ path: 'input.audio_url', code: 'required' }] });
  });

  test('checks a task answer where the model puts its result', () => {
    const body = {
      request_id: 'r',
      output: { task_id: 't', task_status: 'SUCCEEDED', video_url: 'https://example.com/v.mp4' },
    };
    expect(
      cli(['validate', file('task.json', body), '--kind', 'task', '--profile', 'dashscope', '--model', 'wan2.2-s2v'])
        .code,
    ).toBe(1);
    expect(
      cli(['validate', file('task.json', body), '--kind', 'task', '--profile', 'crazyrouter', '--model', 'wan2.2-s2v'])
        .code,
    ).toBe(0);
  });

  test('reports a file that is not JSON as invalid, and a missing file as a usage error', () => {
    expect(cli(['validate', file('broken.json', '{"model":')]).code).toBe(1);
    const missing = cli(['validate', join(dir, 'nope.json')]);
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([
      2,
      `wan-contract: error: cannot read ${join(dir, 'nope.json')}: ENOENT`,
    ]);
  });
});

describe('wan-contract spec', () => {
  test('writes the documents and then finds them up to date; a changed file is stale', () => {
    const out = join(dir, 'spec');
    expect(cli(['spec', '--out', out]).code).toBe(0);
    expect(cli(['spec', '--out', out, '--check']).code).toBe(0);
    writeFileSync(
      join(out, 'registry.json'),
      readFileSync(join(out, 'registry.json'), 'utf8').replace('"0.70"', '"0.69"'),
    );
    const stale = cli(['spec', '--out', out, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('registry.json is stale');
  });
});
