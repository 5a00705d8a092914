import { compiledModule, runsCompiled } from '../contract/files.js';
import { installedOverlays } from '../pricing/overlay.js';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CollectorState, EvidenceOptions } from './collector.js';
import type { ByteRange } from './lines.js';

/** Logs smaller than this are read in one thread: starting a worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;
const MAX_THREADS = 4;

/** What a worker thread reads, and the options it counts with. */
export interface WorkerTask {
  readonly file: string;
  readonly range: ByteRange;
  readonly options: {
    readonly minSuccesses?: number;
    readonly minSuccessRate?: string;
    readonly listLimit?: number;
    readonly file?: string;
    readonly fragmentKeys?: readonly string[];
  };
}

/**
 * How many threads read a file: `requested`, else one per CPU (up to 4) for a log of at least
 * {@link PARALLEL_MIN_BYTES}. Only the compiled package starts workers: under a TypeScript loader (tsx, vitest)
 * every worker would compile the sources again and cost more memory and time than it saves.
 */
export function threadsFor(size: number, requested: number | undefined): number {
  if (!runsCompiled()) return 1;
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return size >= PARALLEL_MIN_BYTES ? Math.min(availableParallelism(), MAX_THREADS) : 1;
}

/** Splits a file into at most `parts` byte ranges, each ending just after a line break (or at the end of the file). */
export async function lineAlignedRanges(file: string, parts: number): Promise<ByteRange[]> {
  const { size } = await stat(file);
  if (size === 0) return [{ start: 0, end: -1 }];
  const handle = await open(file, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.alloc(1 << 16);
    for (let k = 1; k < parts; k += 1) {
      let at = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1]!);
      for (;;) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) {
          at = size;
          break;
        }
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline >= 0) {
          at += newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (at < size && at > cuts[cuts.length - 1]!) cuts.push(at);
    }
    return cuts.map((start, i) => ({ start, end: (cuts[i + 1] ?? size) - 1 }));
  } finally {
    await handle.close();
  }
}

/**
 * Reads one range in a worker thread and resolves with the state it posts: by default the compiled `worker.js`
 * next to this module (evidence); another reader (coverage) passes its own worker module.
 */
export function collectInWorker<State = CollectorState>(
  task: WorkerTask,
  workerUrl: URL = compiledModule('evidence/worker.js'),
): Promise<State> {
  return new Promise((resolve, reject) => {
    // Workers inherit the node flags, except --input-type, which node refuses for a worker loaded from a file.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
    // The installed price overlays (`--prices`) travel with the task: a worker has its own module state.
    const worker = new Worker(workerUrl, { workerData: { ...task, prices: installedOverlays().overlays }, execArgv });
    let settled = false;
    worker.once('message', (state: State) => {
      settled = true;
      resolve(state);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`an evidence worker stopped with exit code ${code} before it reported`));
    });
  });
}

/** The options a worker needs, as plain data. */
export function workerOptions(options: EvidenceOptions): WorkerTask['options'] {
  const rate = options.minSuccessRate;
  return {
    ...(options.minSuccesses === undefined ? {} : { minSuccesses: options.minSuccesses }),
    ...(rate === undefined ? {} : { minSuccessRate: typeof rate === 'string' ? rate : rate.text }),
    ...(options.listLimit === undefined ? {} : { listLimit: options.listLimit }),
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.fragmentKeys === undefined ? {} : { fragmentKeys: [...options.fragmentKeys] }),
  };
}
