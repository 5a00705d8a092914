import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Called once per line of a log, with its 1-based line number; the line has no line break. */
export type LineHandler = (text: string, lineNumber: number) => void;

/**
 * Streams the lines of a JSONL log to `onLine`, one at a time, never holding the whole log in memory.
 * `input` is a file path or a readable stream (standard input, a decompressor, …). Resolves with the number
 * of lines read; rejects with the stream's error when the file cannot be read.
 * @example await forEachLine('tasks.jsonl', (text, n) => collector.addLine(text, n));
 */
export async function forEachLine(input: string | Readable, onLine: LineHandler): Promise<number> {
  const stream = typeof input === 'string' ? createReadStream(input, { encoding: 'utf8', highWaterMark: 1 << 20 }) : input;
  // readline does not forward the input's errors, so a missing file would otherwise end as an empty log.
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let count = 0;
  lines.on('line', (text) => {
    count += 1;
    onLine(text, count);
  });
  const closed = new Promise<void>((resolve) => lines.once('close', resolve));
  try {
    await Promise.race([closed, failed]);
  } finally {
    lines.close();
    if (typeof input === 'string') stream.destroy();
  }
  return count;
}
