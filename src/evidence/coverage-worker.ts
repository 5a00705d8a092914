import { parentPort, workerData } from 'node:worker_threads';
import { forEachLine } from './lines.js';
import type { WorkerTask } from './parallel.js';
import { CoverageLogCollector } from './coverage-log.js';

// Started by coverageOfLogs on a large file: reads one byte range of the log and posts what it saw.
const task = workerData as WorkerTask;
const collector = new CoverageLogCollector();
await forEachLine(task.file, (text, n) => collector.addLine(text, n), task.range);
parentPort?.postMessage(collector.state());
