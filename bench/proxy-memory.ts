/**
 * Proxy memory check (issue 19): 600 image-to-video tasks, each with a 2 MB data URL as its image, go through
 * `wan-contract proxy --evidence F` in front of the mock; the proxy's RSS is sampled from /proc every 100 ms. The
 * proxy keeps large inputs as digests, so its RSS stays low and its log holds no data URL.
 * Run: npx tsx bench/proxy-memory.ts [--tasks 600] [--mb 2]. Prints the figures and exits 1 when peak RSS passes
 * 300 MB or the log holds a data URL (a scripted check, not part of npm test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleRequest } from '../src/contract/examples.js';
import { submitPathOf } from '../src/contract/operations.js';
import { startMockServer } from '../src/mock.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const TASKS = arg('tasks', 600);
const MB = arg('mb', 2);
const LIMIT_MB = 300;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const mock = await startMockServer({ pendingMs: 0, runningMs: 0, maxBodyBytes: 16 * 1024 * 1024 });
const dir = mkdtempSync(join(tmpdir(), 'wan-proxy-memory-'));
const log = join(dir, 'e.jsonl');
const child = spawn(
  process.execPath,
  [
    'dist/cli/main.js',
    'proxy',
    '--upstream',
    mock.baseUrls.dashscope,
    '--evidence',
    log,
    '--violations',
    join(dir, 'v.jsonl'),
  ],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
);
const base = await new Promise<string>((resolve, reject) => {
  let seen = '';
  child.stdout.on('data', (d: Buffer) => {
    seen += d.toString();
    const match = /listening: (\S+)/.exec(seen);
    if (match) resolve(match[1]!);
  });
  child.once('exit', (code) => reject(new Error(`the proxy exited with ${code}`)));
});
const pid = child.pid!;
const start = rssMb(pid);
let peak = start;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
// One 2 MB base64 payload (distinct per task by its first characters), as a browser would upload a photo.
const payload = Buffer.alloc(Math.floor((MB * 1024 * 1024 * 3) / 4), 7).toString('base64');
const request = exampleRequest('wan2.2-i2v-plus', 'dashscope') as { input: Record<string, unknown> };
const headers = {
  authorization: 'Bearer sk-memory',
  'content-type': 'application/json',
  'x-dashscope-async': 'enable',
};
const ids: string[] = [];
for (let i = 0; i < TASKS; i++) {
  const body = JSON.stringify({
    ...request,
    input: { ...request.input, img_url: `data:image/png;base64,${i.toString(36).padStart(8, 'A')}${payload}` },
  });
  const res = await fetch(`${base}${submitPathOf('dashscope', 'wan2.2-i2v-plus')}`, { method: 'POST', headers, body });
  ids.push(((await res.json()) as { output: { task_id: string } }).output.task_id);
}
for (const id of ids) await (await fetch(`${base}/tasks/${id}`, { headers })).arrayBuffer();
const tracked = rssMb(pid);
clearInterval(sampler);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await mock.close();
const text = readFileSync(log, 'utf8');
const dataUrls = (text.match(/data:image\/[a-z]+;base64,/g) ?? []).length;
const lines = text.trim().split('\n').length;
console.log(
  `${TASKS} tasks × ${MB} MB data URL: proxy RSS start ${start.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after the polls ${tracked.toFixed(0)} MB; log ${lines} records, ${(text.length / 1024).toFixed(0)} KiB, ${dataUrls} data URLs`,
);
process.exitCode = peak < LIMIT_MB && dataUrls === 0 && lines === TASKS ? 0 : 1;
