import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { EvidenceCollector, type EvidenceOptions, type EvidenceReport } from './collector.js';
import { forEachLine } from './lines.js';
import { collectInWorker, lineAlignedRanges, threadsFor, workerOptions } from './parallel.js';

/** Options of {@link analyzeLog}. */
export interface AnalyzeOptions extends EvidenceOptions {
  /**
   * Threads that read a file log (default: one per CPU, up to 4, for a compiled package and a log of 64 MiB or
   * more; 1 otherwise). Streams are always read in one thread. Counts and lists are the same either way.
   */
  readonly threads?: number;
}

/**
 * Reads a whole task log (a file path or a stream) in bounded memory and reports its evidence.
 * Rejects only when the input cannot be read; invalid lines are counted in the report.
 * @example const report = await analyzeLog('tasks.jsonl', { minSuccesses: 20, minSuccessRate: '0.95' });
 */
export async function analyzeLog(input: string | Readable, options: AnalyzeOptions = {}): Promise<EvidenceReport> {
  const collector = new EvidenceCollector(options);
  if (typeof input === 'string') {
    const threads = threadsFor((await stat(input)).size, options.threads);
    const ranges = threads > 1 ? await lineAlignedRanges(input, threads) : [];
    if (ranges.length > 1) {
      // This thread reads the first part while workers read the others; the parts merge back in file order.
      const first = new EvidenceCollector(options);
      const [, ...rest] = ranges;
      const states = await Promise.all([
        forEachLine(input, (text, n) => first.addLine(text, n), ranges[0]).then(() => first.state()),
        ...rest.map((range) => collectInWorker({ file: input, range, options: workerOptions(options) })),
      ]);
      for (const state of states) collector.merge(state);
      return collector.report();
    }
  }
  await forEachLine(input, (text, n) => collector.addLine(text, n));
  return collector.report();
}
