// CPU per request of each process: mock, bare, proxy, and autocannon (this process) for poll and submit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { exampleRequest } from '../src/contract/examples.js';
import { submitPathOf } from '../src/contract/operations.js';
const script = fileURLToPath(new URL('./proxy.ts', import.meta.url));
const tick = 100; // USER_HZ
function cpu(pid: number): number { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / tick * 1000; }
function start(kind: string, up = ''): Promise<{ pid: number; url: string; kill: () => void }> {
  const c = spawn(process.execPath, ['--import', 'tsx', script, '--serve', kind, up], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res) => { let s = ''; c.stdout!.on('data', (d) => { s += d; const m = /PORT (\d+)/.exec(s); if (m) { c.stdout!.resume(); res({ pid: c.pid!, url: `http://127.0.0.1:${m[1]}`, kill: () => c.kill() }); } }); });
}
const model = 'wan2.2-t2v-plus';
const body = JSON.stringify(exampleRequest(model, 'dashscope'));
const headers = { authorization: 'Bearer bench-key', 'content-type': 'application/json', 'x-dashscope-async': 'enable' };
const submit = `/api/v1${submitPathOf('dashscope', model)}`;
const N = Number(process.argv[2] ?? 20000);
const mock = await start('mock');
const bare = await start('bare', mock.url);
const proxy = await start('proxy', `${mock.url}/api/v1`);
const mid = ((await (await fetch(`${mock.url}${submit}`, { method: 'POST', headers, body })).json()) as any).output.task_id;
const pid = ((await (await fetch(`${proxy.url}${submit}`, { method: 'POST', headers, body })).json()) as any).output.task_id;
async function run(t: { pid: number; url: string }, op: string, amount: number) {
  const opts = op === 'poll' ? { url: `${t.url}/api/v1/tasks/${t === proxy ? pid : mid}`, headers } : { url: `${t.url}${submit}`, method: 'POST' as const, headers, body };
  const c0 = cpu(t.pid), m0 = cpu(mock.pid), a0 = process.cpuUsage();
  const r = await autocannon({ connections: 10, amount, ...opts });
  const a = process.cpuUsage(a0);
  return { self: (cpu(t.pid) - c0) / amount * 1000, mock: (cpu(mock.pid) - m0) / amount * 1000, ac: (a.user + a.system) / 1000 / amount * 1000, rps: r.requests.average, non2xx: r.non2xx };
}
for (const t of [bare, proxy]) for (const op of ['poll', 'submit']) await run(t, op, 5000); // warm
for (let round = 0; round < 2; round++)
for (const op of ['poll', 'submit']) for (const [name, t] of [['bare', bare], ['proxy', proxy]] as const) {
  const r = await run(t, op, N);
  console.log(`${op.padEnd(7)} ${name.padEnd(6)} µs CPU/req: self ${r.self.toFixed(0)} mock ${r.mock.toFixed(0)} autocannon ${r.ac.toFixed(0)}  rps ${r.rps.toFixed(0)} non2xx ${r.non2xx}`);
}
for (const s of [mock, bare, proxy]) s.kill();
