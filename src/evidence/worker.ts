import { parentPort, workerData } from 'node:worker_threads';
import { EvidenceCollector } from './collector.js';
import { forEachLine } from './lines.js';
import type { WorkerTask } from './parallel.js';
import { usePriceOverlays, type PriceOverlay } from '../pricing/overlay.js';

// Started by analyzeLog on a large file: reads one byte range of the log and posts what it counted.
const task = workerData as WorkerTask & { readonly prices?: readonly PriceOverlay[] };
usePriceOverlays(task.prices ?? []);
const { fragmentKeys, ...options } = task.options;
const collector = new EvidenceCollector({
  ...options,
  ...(fragmentKeys === undefined ? {} : { fragmentKeys: new Set(fragmentKeys) }),
});
await forEachLine(task.file, (text, n) => collector.addLine(text, n), task.range);
parentPort?.postMessage(collector.state());
