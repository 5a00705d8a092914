import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { analyzeLog, analyzeLogs, type EvidenceReport } from '../../src/evidence/index.js';
import { CLEAN_ENV, MAIN, ROOT, TSX, cli } from '../support/cli.js';
import { jsonl, successes, taskRecord } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'wan-streams-'));
const records = [...successes('wan2.2-t2v-plus', ['480P', '1080P'], 3), taskRecord({ model: 'wan2.2-s2v', index: 7 })];
const text = jsonl(records);
const log = join(dir, 'a.jsonl');
writeFileSync(log, text);
const gz = join(dir, 'a.jsonl.gz');
writeFileSync(gz, gzipSync(text));

/** A FIFO that a writer fills once the reader opens it. */
function fifo(name: string, content: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  const writer = createWriteStream(path);
  writer.end(content);
  return path;
}

/** What does not depend on where the lines came from. */
function counts(report: EvidenceReport) {
  const { emptyLogs: _empty, ...rest } = report;
  return rest;
}

function bash(script: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { ...CLEAN_ENV, TSX, MAIN }, cwd: ROOT });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('logs that are not regular files', () => {
  test('reads a FIFO to its end, alone and beside a regular file', async () => {
    const once = await analyzeLog(log);
    expect(once.records).toBe(7);
    expect(counts(await analyzeLog(fifo('alone', text)))).toEqual(counts(once));
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, jsonl([taskRecord({ model: 'wan2.2-t2v-plus', index: 99 })]));
    const both = await analyzeLogs([other, fifo('beside', text)]);
    expect(both.records).toBe(8);
  });

  test('decompresses a gzip log recognised by its magic bytes', async () => {
    expect(counts(await analyzeLog(gz))).toEqual(counts(await analyzeLog(log)));
  });

  test('gives the report of a.jsonl for /dev/stdin, <(zcat a.jsonl.gz) and a gzip stream on -', async () => {
    const [ref, stdin, substituted, gzipped] = await Promise.all([
      cli(['evidence', log, '--json', '--strict']),
      bash(`cat '${log}' | "$TSX" "$MAIN" evidence /dev/stdin --json --strict`),
      bash(`"$TSX" "$MAIN" evidence <(zcat '${gz}') --json --strict`),
      bash(`cat '${gz}' | "$TSX" "$MAIN" evidence - --json --strict`),
    ]);
    expect(ref.code).toBe(0);
    const want = counts(JSON.parse(ref.stdout) as EvidenceReport);
    for (const run of [stdin, substituted, gzipped]) {
      expect(run.code).toBe(0);
      expect(counts(JSON.parse(run.stdout) as EvidenceReport)).toEqual(want);
    }
  });

  test('reads /dev/stdin when standard input is a socket', async () => {
    const run = await cli(['evidence', '/dev/stdin', '--json'], { input: text });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as EvidenceReport).records).toBe(7);
  });

  test('calls an empty log no task log: exit 1 alone, a --strict failure beside another', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const [alone, piped, beside] = await Promise.all([
      cli(['evidence', empty]),
      cli(['evidence', '-'], { input: '' }),
      cli(['evidence', log, empty, '--strict']),
    ]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain(`${empty} is not a task log: it is empty`);
    expect(piped.code).toBe(1);
    expect(beside.code).toBe(1);
    expect(beside.stdout).toContain(`Empty logs (not task logs): ${empty}`);
  });
});
