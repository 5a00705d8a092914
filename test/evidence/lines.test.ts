import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { forEachLine } from '../../src/evidence/index.js';

async function linesOf(input: string | Readable): Promise<[string, number][]> {
  const seen: [string, number][] = [];
  await forEachLine(input, (text, n) => seen.push([text, n]));
  return seen;
}

describe('forEachLine', () => {
  test('numbers lines from one and drops CR before LF', async () => {
    const seen = await linesOf(Readable.from([Buffer.from('a\r\nb\n\nc')]));
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['', 3],
      ['c', 4],
    ]);
  });

  test('keeps a UTF-8 character split across two chunks intact', async () => {
    const bytes = Buffer.from('{"prompt":"日落"}\n{"x":"é"}\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('落')) + 1;
    const seen = await linesOf(
      Readable.from([bytes.subarray(0, cut), bytes.subarray(cut, cut + 3), bytes.subarray(cut + 3)]),
    );
    expect(seen.map(([text]) => text)).toEqual(['{"prompt":"日落"}', '{"x":"é"}']);
  });

  test('joins a line spread over many chunks', async () => {
    const line = 'x'.repeat(200_000);
    const bytes = Buffer.from(`${line}\nshort\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7001) }, (_, i) =>
      bytes.subarray(i * 7001, (i + 1) * 7001),
    );
    const seen = await linesOf(Readable.from(chunks));
    expect(seen.map(([text, n]) => [text.length, n])).toEqual([
      [200_000, 1],
      [5, 2],
    ]);
  });

  test('drops a byte-order mark before the first line only', async () => {
    const seen = await linesOf(Readable.from([Buffer.from('\uFEFF{"a":1}\n\uFEFFx\n', 'utf8')]));
    expect(seen.map(([text]) => text)).toEqual(['{"a":1}', '\uFEFFx']);
  });

  test('reads a file by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wan-lines-'));
    writeFileSync(join(dir, 'log.jsonl'), 'one\ntwo\n');
    expect(await linesOf(join(dir, 'log.jsonl'))).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  test('rejects with ENOENT for a missing file', async () => {
    await expect(forEachLine(join(tmpdir(), 'wan-no-such-log.jsonl'), () => {})).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
