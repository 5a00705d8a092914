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
