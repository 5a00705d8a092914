/**
 * Contract benchmark: the per-request cost of validateSubmitRequest + quote against JSON.parse of the same bytes,
 * and the cold-start cost of importing `wan-video-contract/registry` over a bare `node -e ''`.
 * Run: npm run bench:contract (builds dist/ first). Figures are printed; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PAGE_EXAMPLES } from '../src/contract/examples.js';
import { quoteRequest } from '../src/pricing/bill.js';
import { validateSubmitRequest } from '../src/validate/submit.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Nanoseconds per operation: the median over rounds of `iterations` calls cycling through the inputs. */
function measure<T>(inputs: readonly T[], op: (input: T) => unknown): number {
  let sink = 0;
  const perOp: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) if (op(inputs[i % inputs.length]!)) sink++;
    const ns = Number(process.hrtime.bigint() - start) / ITERATIONS;
    if (round > 0) perOp.push(ns); // the first round warms the JIT up
  }
  if (sink < 0) console.log(sink);
  return median(perOp);
}

const texts = Object.values(PAGE_EXAMPLES).map((body) => JSON.stringify(body));
const bodies = texts.map((text) => JSON.parse(text) as unknown);

const parseNs = measure(texts, (text) => JSON.parse(text));
const checkNs = measure(bodies, (body) => {
  const result = validateSubmitRequest(body);
  return result.ok && quoteRequest(result.value).amountMinor >= 0;
});
const bothNs = measure(texts, (text) => {
  const result = validateSubmitRequest(JSON.parse(text));
  return result.ok && quoteRequest(result.value).amountMinor >= 0;
});

const ops = (ns: number) => `${Math.round(1e9 / ns).toLocaleString('en-US')} ops/s (${ns.toFixed(0)} ns/op)`;
console.log(
  `# validateSubmitRequest + quote vs JSON.parse (the page's ${texts.length} example bodies, ${texts.map((t) => t.length).join('/')} bytes)`,
);
console.log(`JSON.parse                      ${ops(parseNs)}`);
console.log(`validateSubmitRequest + quote   ${ops(checkNs)}`);
console.log(`parse + validate + quote        ${ops(bothNs)}`);
console.log(`ratio (validate+quote) / parse  ${(checkNs / parseNs).toFixed(2)}  (target <= 1.00)`);

const registry = fileURLToPath(new URL('../dist/registry.js', import.meta.url));
if (!existsSync(registry)) {
  console.log('\n# cold start: dist/registry.js is missing; run `npm run build` first');
} else {
  const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 31);
  const time = (args: string[]) => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const bare: number[] = [];
  const withRegistry: number[] = [];
  const importRegistry = ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(registry).href)})`];
  time(['-e', '']);
  time(importRegistry);
  for (let i = 0; i < RUNS; i++) {
    bare.push(time(['-e', '']));
    withRegistry.push(time(importRegistry));
  }
  const [b, r] = [median(bare), median(withRegistry)];
  console.log(`\n# cold start, median of ${RUNS} interleaved runs`);
  console.log(`node -e ''                        ${b.toFixed(1)} ms`);
  console.log(`node + import registry            ${r.toFixed(1)} ms`);
  console.log(`cost of importing the registry    ${(r - b).toFixed(1)} ms  (target < 15 ms)`);
}
