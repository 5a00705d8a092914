import { closeSync, openSync, readSync } from 'node:fs';

/**
 * What one pass over a plain JSONL log tells of its lines, beside DuckDB's parse of it: how many there are, which
 * ones DuckDB's JSON reader skips (empty or ASCII-whitespace lines: no row), which ones must be judged one by one
 * whatever DuckDB read (line 1, and every line with the bytes `null`: DuckDB reads a JSON null and a missing key
 * alike), and where every {@link STEP}th line starts, so any line can be read again by its number.
 */
export interface LineIndex {
  readonly lines: number;
  /** Lines DuckDB's reader skips, ascending. */
  readonly skipped: readonly number[];
  /** Lines judged one by one (never skipped ones), ascending. */
  readonly flagged: readonly number[];
  /** The text of the skipped and flagged lines, and of lines that do not start with `{` (likely invalid). */
  readonly texts: Map<number, string>;
  /** Byte offset of line `i * STEP + 1`. */
  readonly starts: readonly number[];
  /**
   * Whether the log is plain JSONL (not gzip) with no carriage return and no line longer than 4 MiB (else the line
   * reader reads it).
   */
  readonly plain: boolean;
}

/** Lines between two remembered starts. */
export const STEP = 256;
const CHUNK = 1 << 22;
const NEWLINE = 0x0a;
const NULL = Buffer.from('null');
/** Most bytes of line text kept during the pass; past it, lines are read again when needed. */
const KEPT_BYTES = 64 << 20;

/** Whether bytes are all ASCII whitespace DuckDB's JSON reader skips (space, tab, vertical tab, form feed). */
function skippable(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}

/** One pass over a log: see {@link LineIndex}. Synchronous: it runs while DuckDB's threads read the same file. */
export function indexLines(file: string): LineIndex {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const skipped: number[] = [];
  const flagged: number[] = [];
  const texts = new Map<number, string>();
  const starts: number[] = [];
  let kept = 0;
  const empty = { lines: 0, skipped, flagged, texts, starts };
  let line = 0;
  let position = 0;
  const keep = (n: number, bytes: Buffer, start: number, end: number) => {
    if (kept > KEPT_BYTES) return;
    kept += end - start;
    texts.set(n, bytes.toString('utf8', start, end));
  };
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      const view = read === CHUNK ? buffer : buffer.subarray(0, read);
      // The chunk ends at its last line break; a line longer than a chunk is read in a larger buffer.
      let end = view.lastIndexOf(NEWLINE) + 1;
      const last = read < CHUNK;
      // A line longer than a chunk: the line reader reads such a log.
      if (end === 0 && !last) return { ...empty, plain: false };
      if (last && end < read) end = read;
      if (position === 0 && read >= 2 && view[0] === 0x1f && view[1] === 0x8b) return { ...empty, plain: false };
      if (view.indexOf(0x0d) >= 0 && view.indexOf(0x0d) < end) return { ...empty, plain: false };
      let nul = view.indexOf(NULL);
      let start = 0;
      while (start < end) {
        let stop = view.indexOf(NEWLINE, start);
        if (stop < 0 || stop >= end) stop = end;
        line += 1;
        if ((line - 1) % STEP === 0) starts.push(position + start);
        while (nul >= 0 && nul < start) nul = view.indexOf(NULL, start);
        if (view[start] !== 0x7b) {
          if (skippable(view, start, stop)) {
            skipped.push(line);
            keep(line, view, start, stop);
            start = stop + 1;
            continue;
          }
          keep(line, view, start, stop);
        }
        if (line === 1 || (nul >= 0 && nul + 4 <= stop)) {
          flagged.push(line);
          keep(line, view, start, stop);
        }
        start = stop + 1;
      }
      position += end;
      if (last) break;
    }
  } finally {
    closeSync(fd);
  }
  return { lines: line, skipped, flagged, texts, starts, plain: true };
}

/** The text of the given lines (numbers ascending or not), read again from the file by the index's starts. */
export function readLines(file: string, index: LineIndex, wanted: Iterable<number>): Map<number, string> {
  const out = new Map<number, string>();
  const byBlock = new Map<number, number[]>();
  for (const n of wanted) {
    const known = index.texts.get(n);
    if (known !== undefined) {
      out.set(n, known);
      continue;
    }
    const block = Math.floor((n - 1) / STEP);
    const list = byBlock.get(block);
    if (list) list.push(n);
    else byBlock.set(block, [n]);
  }
  if (byBlock.size === 0) return out;
  const fd = openSync(file, 'r');
  try {
    for (const [block, numbers] of byBlock) {
      const from = index.starts[block]!;
      const to = index.starts[block + 1];
      const bytes = readRange(fd, from, to);
      const want = new Set(numbers);
      let n = block * STEP + 1;
      let start = 0;
      while (start <= bytes.length && want.size > 0) {
        let stop = bytes.indexOf(NEWLINE, start);
        if (stop < 0) stop = bytes.length;
        if (want.delete(n)) out.set(n, bytes.toString('utf8', start, stop));
        n += 1;
        start = stop + 1;
      }
      // The file changed under the index (a log still written to is read as it was): never a line for another.
      if (want.size > 0) throw new Error(`${file}: line ${[...want][0]} is no longer where it was indexed`);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Bytes `from` to `to` (exclusive) of a file, or to its end. */
function readRange(fd: number, from: number, to: number | undefined): Buffer {
  if (to !== undefined) {
    const bytes = Buffer.allocUnsafe(to - from);
    const read = readSync(fd, bytes, 0, bytes.length, from);
    return bytes.subarray(0, read);
  }
  const parts: Buffer[] = [];
  let position = from;
  for (;;) {
    const part = Buffer.allocUnsafe(CHUNK);
    const read = readSync(fd, part, 0, CHUNK, position);
    if (read === 0) break;
    parts.push(part.subarray(0, read));
    position += read;
  }
  return Buffer.concat(parts);
}

/**
 * Maps DuckDB's row numbers (1-based, one per line it did not skip) to line numbers and back, by the skipped lines.
 */
export class LineMap {
  constructor(private readonly skipped: readonly number[]) {}

  /** The line of row `o`. */
  lineOf(o: number): number {
    // The skipped lines before it push it down: the k-th row is line k plus the skipped lines at or before it.
    let lo = 0;
    let hi = this.skipped.length;
    // The smallest count c with skipped[c] > o + c (skipped[i] - i is non-decreasing).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.skipped[mid]! - mid <= o) lo = mid + 1;
      else hi = mid;
    }
    return o + lo;
  }

  /** The row of line `n` (a line DuckDB read). */
  rowOf(n: number): number {
    let lo = 0;
    let hi = this.skipped.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.skipped[mid]! < n) lo = mid + 1;
      else hi = mid;
    }
    return n - lo;
  }
}
