/**
 * Benchmark of the conformance runner (issue 4): a full MUST run over all seven models against the embedded mock
 * with zero task latency. Prints the wall time, the requests per task against the floor (one submit plus the polls
 * the lifecycle needs), and the runner's overhead: the share of the run during which no request was in flight
 * (planning, judging, reporting, waiting on itself). The same run is repeated with a fixed answer latency, as a
 * gateway over a network would have, to show how the overhead behaves once requests cost anything.
 * Run: npm run bench:conformance   (RUNS=n to change the sample count)
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { createMockHandler } from '../src/mock.js';
import { handlerTarget, runConformance, type ConformanceReport } from '../src/conformance.js';
import { MODEL_IDS } from '../src/contract/models.js';

const RUNS = Number(process.env.RUNS ?? 9);
const KEY = 'sk-bench-conformance-key';

interface Sample {
  readonly wallMs: number;
  /** Time with at least one request in flight (union of the intervals). */
  readonly inFlightMs: number;
  readonly report: ConformanceReport;
}

async function once(latencyMs: number): Promise<Sample> {
  const handler = createMockHandler({ pendingMs: 0, runningMs: 0, apiKey: KEY });
  let active = 0;
  let since = 0;
  let inFlightMs = 0;
  const inFlight = async (req: Request) => {
    if (active++ === 0) since = performance.now();
    try {
      if (latencyMs > 0) await delay(latencyMs);
      const response = await handler(req);
      return response;
    } finally {
      if (--active === 0) inFlightMs += performance.now() - since;
    }
  };
  const started = performance.now();
  const report = await runConformance(handlerTarget('crazyrouter', inFlight, KEY), {
    level: 'must',
    models: MODEL_IDS,
  });
  return { wallMs: performance.now() - started, inFlightMs, report };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(latencyMs: number, runs: number) {
  await once(latencyMs); // warm-up: compiles the validators once, as any long-lived process would
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(latencyMs));
  const wall = median(samples.map((s) => s.wallMs));
  const overhead = median(samples.map((s) => (100 * (s.wallMs - s.inFlightMs)) / s.wallMs));
  return {
    samples,
    wall,
    overhead,
    min: Math.min(...samples.map((s) => s.wallMs)),
    max: Math.max(...samples.map((s) => s.wallMs)),
  };
}

const zero = await measure(0, RUNS);
const { report } = zero.samples[0] as Sample;
const tasks = report.plan.tasks.filter((t) => t.caseId === 'shared-task').length;
const submits = report.exchanges.filter((e) => e.operation === 'submit').length;
const queries = report.exchanges.filter((e) => e.operation === 'getTask').length;
const taskPolls = report.exchanges.filter(
  (e) => e.operation === 'getTask' && !e.request.url.includes('conformance-unknown'),
).length;
const ownMsPerRequest = (zero.wall * (zero.overhead / 100)) / report.summary.requests;

console.log(
  `conformance runner: full MUST run, ${MODEL_IDS.length} models, crazyrouter profile, embedded mock, zero task latency (median of ${RUNS} runs after a warm-up)`,
);
console.log(
  `  outcome            ${JSON.stringify(report.summary.total)}; MUST failures ${report.summary.mustFailures}`,
);
console.log(
  `  wall time          ${zero.wall.toFixed(1)} ms (min ${zero.min.toFixed(1)}, max ${zero.max.toFixed(1)})   target < 10,000 ms`,
);
console.log(
  `  requests           ${report.summary.requests}: ${submits} submits (${report.summary.tasks} created a task: ${tasks} shared, ${report.summary.tasks - tasks} extra; the rest rejected as the cases intend), ${queries} task queries`,
);
// Zero latency: a task is SUCCEEDED at its first poll, so the floor is one submit and one poll per task.
console.log(
  `  per shared task    ${((tasks + taskPolls) / tasks).toFixed(2)} requests (1 submit + ${(taskPolls / tasks).toFixed(2)} polls); floor 2.00 (1 submit + 1 poll); the extra poll checks that the terminal status stays`,
);
console.log(
  `  runner overhead    ${zero.overhead.toFixed(1)} % of the run with no request in flight (${ownMsPerRequest.toFixed(2)} ms of runner time per request)   target < 10 %`,
);
for (const latency of [5, 20]) {
  const m = await measure(latency, Math.max(3, Math.floor(RUNS / 3)));
  console.log(
    `  at ${String(latency).padStart(2)} ms/answer    wall ${m.wall.toFixed(1)} ms, runner overhead ${m.overhead.toFixed(1)} %`,
  );
}
