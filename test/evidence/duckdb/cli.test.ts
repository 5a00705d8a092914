import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { everyKindOfLine } from './every-kind.js';

// These tests run the built CLI (npm run build first).
const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'wan-engine-cli-'));
const log = join(dir, 'tasks.jsonl');
const text = everyKindOfLine(400);
writeFileSync(log, text);

function run(cli: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The built package in a directory whose node_modules lacks @duckdb: an install without the optional peer. */
function withoutDuckDB(): string {
  const copy = mkdtempSync(join(dir, 'package-'));
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  mkdirSync(join(copy, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules')))
    if (name !== '@duckdb') symlinkSync(join(ROOT, 'node_modules', name), join(copy, 'node_modules', name));
  return join(copy, 'dist/cli/main.js');
}

describe('evidence --engine', () => {
  test('without @duckdb/node-api, --engine duckdb says how to install it (exit 2); auto falls back on a small log', async () => {
    const cli = withoutDuckDB();
    const duckdb = await run(cli, ['evidence', '--engine', 'duckdb', log]);
    expect(duckdb.code).toBe(2);
    expect(duckdb.stderr).toContain('npm install @duckdb/node-api@1.5.6-r.1');
    const auto = await run(cli, ['evidence', '--engine', 'auto', '--json', log]);
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.stdout).records).toBeGreaterThan(300);
    const gz = await run(cli, ['evidence', '--engine', 'auto', `${log}.gz`]);
    expect(gz.code).toBe(2);
    expect(gz.stderr).toContain('npm install @duckdb/node-api');
  });

  test('both engines print the same JSON; bad flags are usage errors', async () => {
    const cli = join(ROOT, 'dist/cli/main.js');
    const plain = await run(cli, ['evidence', '--json', '--limit', '5', log]);
    const duck = await run(cli, [
      'evidence',
      '--json',
      '--limit',
      '5',
      '--engine',
      'duckdb',
      '--threads',
      '2',
      '--memory-limit',
      '256MB',
      log,
    ]);
    expect(duck.code).toBe(plain.code);
    expect(JSON.parse(duck.stdout)).toEqual(JSON.parse(plain.stdout));
    for (const args of [
      ['--engine', 'sqlite'],
      ['--memory-limit', 'lots', '--engine', 'duckdb'],
      ['--threads', '0'],
    ]) {
      const bad = await run(cli, ['evidence', ...args, log]);
      expect({ args, code: bad.code }).toEqual({ args, code: 2 });
    }
    const gz = await run(cli, ['evidence', `${log}.gz`]);
    expect(gz.code).toBe(2);
    expect(gz.stderr).toContain('--engine duckdb');
  });
});

describe('coverage --engine', () => {
  const gz = join(dir, 'coverage.jsonl.gz');
  writeFileSync(gz, gzipSync(text));

  test('without @duckdb/node-api, --engine duckdb says how to install it (exit 2); auto falls back on a small log', async () => {
    const cli = withoutDuckDB();
    const duckdb = await run(cli, ['coverage', '--engine', 'duckdb', log]);
    expect(duckdb.code).toBe(2);
    expect(duckdb.stderr).toContain(
      'wan-contract: error: --engine duckdb needs the optional peer dependency @duckdb/node-api, which is not installed: npm install @duckdb/node-api@1.5.6-r.1',
    );
    expect(duckdb.stderr).toContain('hint: npm install @duckdb/node-api@1.5.6-r.1');
    const auto = await run(cli, ['coverage', '--engine', 'auto', '--json', log]);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toBe('');
    expect(JSON.parse(auto.stdout).records).toBeGreaterThan(300);
    const compressed = await run(cli, ['coverage', '--engine', 'auto', gz]);
    expect(compressed.code).toBe(2);
    expect(compressed.stderr).toContain('npm install @duckdb/node-api');
  });

  test('both engines print the same JSON, of a log, its .jsonl.gz and a glob; bad flags are usage errors', async () => {
    const cli = join(ROOT, 'dist/cli/main.js');
    const plain = await run(cli, ['coverage', '--json', log]);
    expect(plain.code).toBe(0);
    const expected = JSON.parse(plain.stdout);
    expect(expected.coverages.length).toBeGreaterThan(1);
    const bounds = ['--threads', '2', '--memory-limit', '256MB'];
    const duck = await run(cli, ['coverage', '--json', '--engine', 'duckdb', ...bounds, log]);
    expect(duck.code).toBe(0);
    expect(JSON.parse(duck.stdout)).toEqual(expected);
    // A compressed log or a glob is read by DuckDB under auto, which says so; its invalid lines name the file read.
    const named = (source: string) => ({
      ...expected,
      invalidLines: {
        ...expected.invalidLines,
        first: expected.invalidLines.first.map((l: object) => ({ ...l, source })),
      },
    });
    for (const input of [gz, join(dir, 'tasks.jsonl*')]) {
      const auto = await run(cli, ['coverage', '--json', '--engine', 'auto', input]);
      expect({ input, code: auto.code }).toEqual({ input, code: 0 });
      expect(auto.stderr).toBe('coverage: --engine auto reads with DuckDB (not plain JSONL)\n');
      expect(JSON.parse(auto.stdout)).toEqual(named(input === gz ? gz : log));
    }
    const usage = [
      ['--engine', 'sqlite'],
      ['--memory-limit', 'lots', '--engine', 'duckdb'],
      ['--memory-limit', '1GB'],
      ['--threads', '0'],
    ];
    const bad = await Promise.all(usage.map((args) => run(cli, ['coverage', ...args, log])));
    expect(bad.map((b, i) => ({ args: usage[i], code: b.code }))).toEqual(usage.map((args) => ({ args, code: 2 })));
    const refused = await run(cli, ['coverage', gz]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the default engine reads plain JSONL files, received');
    expect(refused.stderr).toContain('--engine duckdb');
  });
});
