import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { EvidenceCollector, type EvidenceOptions, type EvidenceReport } from './collector.js';
import { heldTaskKeysOf } from './fragment-keys.js';
import { forEachLine } from './lines.js';
import { Spool } from './spool.js';
import { collectInWorker, lineAlignedRanges, threadsFor, workerOptions } from './parallel.js';

/** Options of {@link analyzeLog} and {@link analyzeLogs}. */
export interface AnalyzeOptions extends Omit<EvidenceOptions, 'fragmentKeys' | 'file'> {
  /**
   * Threads that read a file log (default: one per CPU, up to 4, for a compiled package and a log of 64 MiB or
   * more; 1 otherwise). Counts and lists are the same either way.
   */
  readonly threads?: number;
  /** Names of the logs, in the order given, for the lines a report lists (default: the paths; `-` for a stream). */
  readonly names?: readonly string[];
}

/**
 * Reads a whole task log (a file path or a stream) in bounded memory and reports its evidence.
 * Rejects only when the input cannot be read; invalid lines are counted in the report.
 * @example const report = await analyzeLog('tasks.jsonl', { minSuccesses: 20, minSuccessRate: '0.95' });
 */
export async function analyzeLog(input: string | Readable, options: AnalyzeOptions = {}): Promise<EvidenceReport> {
  return analyzeLogs([input], options);
}

/**
 * Reads several task logs as one (the logs of several proxies behind a load balancer, of several gateway nodes):
 * the record of the logger that saw a task's submit and the fragments of loggers that saw only some of its queries
 * are merged by target and task id into one lifecycle, judged once. Fragments are found in a first pass, so only
 * the records of those tasks are held in memory. Records of one task (by target and task id, in any log) are one
 * task: those that agree merge, those that disagree are reported as conflicting duplicates with both lines.
 * A stream, and a path that is not a regular file (a pipe, a FIFO, `/dev/stdin`, a process substitution), is first
 * copied to a temporary file (it is read twice); a gzip log (by its magic bytes) is decompressed there.
 * Listed lines name their log when there is more than one.
 * @example const report = await analyzeLogs(['proxy-a.jsonl', 'proxy-b.jsonl']);
 */
export async function analyzeLogs(
  inputs: readonly (string | Readable)[],
  options: AnalyzeOptions = {},
): Promise<EvidenceReport> {
  if (inputs.length === 0) throw new TypeError('analyzeLogs needs at least one log');
  const spool = new Spool();
  try {
    const files: string[] = [];
    for (const input of inputs) files.push(await spool.regularFile(input));
    const fragmentKeys = await heldTaskKeysOf(files);
    const { threads, names, ...rest } = options;
    const nameOf = (i: number) => names?.[i] ?? (typeof inputs[i] === 'string' ? (inputs[i] as string) : '-');
    const emptyLogs: string[] = [];
    for (const [i, file] of files.entries()) if ((await stat(file)).size === 0) emptyLogs.push(nameOf(i));
    const collectorOptions: EvidenceOptions = { ...rest, fragmentKeys };
    if (files.length === 1) {
      const collector = new EvidenceCollector(collectorOptions);
      await readInto(collector, files[0]!, collectorOptions, threads);
      return { ...collector.report(), emptyLogs };
    }
    const total = new EvidenceCollector(collectorOptions);
    for (const [i, file] of files.entries()) {
      const name = nameOf(i);
      const perLog = { ...collectorOptions, file: name };
      const collector = new EvidenceCollector(perLog);
      await readInto(collector, file, perLog, threads);
      total.merge(collector.state(), true);
    }
    return { ...total.report(), emptyLogs };
  } finally {
    await spool.remove();
  }
}

/** Reads one file into a collector: in this thread, or in parts by worker threads merged back in file order. */
async function readInto(
  collector: EvidenceCollector,
  file: string,
  options: EvidenceOptions,
  requested: number | undefined,
): Promise<void> {
  const threads = threadsFor((await stat(file)).size, requested);
  const ranges = threads > 1 ? await lineAlignedRanges(file, threads) : [];
  if (ranges.length > 1) {
    // This thread reads the first part while workers read the others; the parts merge back in file order.
    const first = new EvidenceCollector(options);
    const [, ...rest] = ranges;
    const states = await Promise.all([
      forEachLine(file, (text, n) => first.addLine(text, n), ranges[0]).then(() => first.state()),
      ...rest.map((range) => collectInWorker({ file, range, options: workerOptions(options) })),
    ]);
    for (const state of states) collector.merge(state);
    return;
  }
  await forEachLine(file, (text, n) => collector.addLine(text, n));
}
