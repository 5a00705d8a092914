import { createReadStream } from 'node:fs';
import { forEachLine } from './lines.js';
import { taskKey } from './merge.js';
import { parseLogLine } from './record.js';

const MARK = Buffer.from('"fragment"');

/** Whether a file holds the bytes `"fragment"` anywhere: most logs have no fragment and are not read twice. */
async function mentionsFragment(file: string): Promise<boolean> {
  let tail = Buffer.alloc(0);
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    for await (const piece of stream) {
      const chunk = piece as Buffer;
      // The last bytes of the previous chunk join this one, so a mark across two chunks is found.
      if (Buffer.concat([tail, chunk.subarray(0, MARK.length)]).includes(MARK) || chunk.includes(MARK)) return true;
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - MARK.length + 1)));
    }
    return false;
  } finally {
    stream.destroy();
  }
}

/**
 * The tasks (by target and task id, see {@link taskKey}) the logs hold a fragment of: a first, cheap pass over the
 * files, so the second pass holds back only the records of those tasks and merges them with their fragments.
 */
export async function fragmentKeysOf(files: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of files) {
    if (!(await mentionsFragment(file))) continue;
    await forEachLine(file, (text) => {
      if (!text.includes('"fragment"')) return;
      const parsed = parseLogLine(text);
      if (parsed.kind === 'fragment') keys.add(taskKey(parsed.fragment.target, parsed.fragment.task_id));
    });
  }
  return keys;
}

/** A 53-bit hash of a string (cyrb53): the first pass keeps hashes, not keys, of the tasks it has seen once. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The tasks (by target and task id, see {@link taskKey}) whose lines must wait for every log to be read: those a log
 * holds a fragment of, and those more than one record tells of (the same log given twice, overlapping copies, two
 * loggers that saw the submit). A first pass over the files: it keeps a 53-bit hash of each task seen once (a
 * collision only holds a record back that did not need it), and the keys of the tasks to hold.
 */
export async function heldTaskKeysOf(files: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  const seen = new Set<number>();
  for (const file of files) {
    await forEachLine(file, (text) => {
      if (!text.includes('"task_id"')) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return;
      }
      const { target, task_id: taskId, fragment } = (value ?? {}) as Record<string, unknown>;
      if (typeof target !== 'string' || typeof taskId !== 'string') return;
      const key = taskKey(target, taskId);
      const h = hash53(key);
      if (fragment === true || seen.has(h)) held.add(key);
      else seen.add(h);
    });
  }
  return held;
}
