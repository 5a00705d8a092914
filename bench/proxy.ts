/**
 * Proxy benchmark (issue 12): the same requests straight to the mock, through a bare pass-through proxy
 * (`node:http` in, a pooled keep-alive undici client out, no checks: the floor of any proxy here), through the
 * validating proxy, and through `prism proxy` with our generated dashscope document. Every server runs in its own
 * child process and all are warmed before the one measured run. Throughput: autocannon at 10 connections.
 * Added latency: a closed loop of one connection per target timed with performance.now() (autocannon only
 * reports whole milliseconds), p50/p99 minus the mock's own. Then a soak: the proxy first tracks 100,000 tasks,
 * then 60 s of submits and polls while its RSS is sampled each second.
 * Targets: proxy ≥ 0.6× the bare pass-through's req/s and ≥ 3× Prism's; added p99 ≤ 1.5× the bare one's.
 * Run: npm run bench:proxy [-- --duration 5 --soak 60 --tasks 100000 --connections 10]. Nothing is asserted.
 * A quick check that it runs (figures meaningless): BENCH_PROXY_QUICK=1 npm run bench:proxy (1 s runs, a 5 s soak,
 * 2,000 tasks); flags still override.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Agent, Pool } from 'undici';
import { exampleRequest } from '../src/contract/examples.js';
import { submitPathOf } from '../src/contract/operations.js';
import { startMockServer } from '../src/mock.js';
import { startProxy } from '../src/proxy.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPEC = `${ROOT}spec/dashscope.openapi.yaml`;
const MB = 1024 * 1024;

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = Number(at === -1 ? fallback : process.argv[at + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const QUICK = process.env.BENCH_PROXY_QUICK === '1';
const DURATION = flag('duration', QUICK ? 1 : 5);
const SOAK = flag('soak', QUICK ? 5 : 60);
const TASKS = flag('tasks', QUICK ? 2_000 : 100_000);
const CONNECTIONS = flag('connections', 10);
/** Only the soak (the comparison needs every server; on a loaded machine the fill alone takes minutes). */
const SOAK_ONLY = process.argv.includes('--soak-only');

interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}: ${seen.slice(-500)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${seen.slice(-500)}`)));
  });
}

async function startChild(kind: string, upstream = ''): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind, upstream],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [, port] = await waitForLine(child, /PORT (\d+)/, 60_000);
  return { name: kind, child, url: `http://127.0.0.1:${port}` };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startPrism(upstream: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    `${ROOT}node_modules/.bin/prism`,
    ['proxy', '-h', '127.0.0.1', '-p', String(port), '-v', 'error', SPEC, upstream],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.resume();
  await waitForLine(child, /listening|Prism is/i, 120_000).catch(async () => {
    // At -v error Prism may print nothing: wait for the port instead.
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('prism did not start');
  });
  return { name: 'prism', child, url: `http://127.0.0.1:${port}` };
}

function rssOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

interface Figures {
  rps: number;
  errors: number;
}

async function throughput(options: autocannon.Options, duration: number): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration, ...options });
  return { rps: result.requests.average, errors: result.non2xx + result.errors + result.timeouts };
}

/** p50 and p99 in ms of a closed loop of one connection for `ms`, timed per request with performance.now(). */
async function latency(origin: string, path: string, headers: Record<string, string>, ms: number) {
  const pool = new Pool(origin, { connections: 1 });
  const samples: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t = performance.now();
    const res = await pool.request({ method: 'GET', path, headers });
    await res.body.arrayBuffer();
    samples.push(performance.now() - t);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), n: samples.length };
}

async function main(): Promise<void> {
  const model = 'wan2.2-t2v-plus';
  const body = JSON.stringify(exampleRequest(model, 'dashscope'));
  const headers = {
    authorization: 'Bearer bench-key',
    'content-type': 'application/json',
    'x-dashscope-async': 'enable',
  };
  const submit = `/api/v1${submitPathOf('dashscope', model)}`;
  const servers: Server[] = [];
  const stop = () => servers.forEach((s) => s.child.kill());
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    const mock = await startChild('mock');
    servers.push(mock);
    const upstream = `${mock.url}/api/v1`;
    const proxy = await startChild('proxy', upstream);
    servers.push(proxy);
    if (!SOAK_ONLY) await compare(mock, proxy, upstream, servers);
    await soak(proxy, submit, headers, body);
  } finally {
    stop();
  }
}

async function compare(mock: Server, proxy: Server, upstream: string, servers: Server[]): Promise<void> {
  const model = 'wan2.2-t2v-plus';
  const body = JSON.stringify(exampleRequest(model, 'dashscope'));
  const headers = {
    authorization: 'Bearer bench-key',
    'content-type': 'application/json',
    'x-dashscope-async': 'enable',
  };
  const submit = `/api/v1${submitPathOf('dashscope', model)}`;
  {
    const bare = await startChild('bare', mock.url);
    const prism = await startPrism(upstream);
    servers.push(bare, prism);
    // Prism proxies the document's paths from its root; the others serve /api/v1.
    const targets = [
      { name: 'mock (direct)', origin: mock.url, prefix: '/api/v1' },
      { name: 'bare pass-through', origin: bare.url, prefix: '/api/v1' },
      { name: 'wan-contract proxy', origin: proxy.url, prefix: '/api/v1' },
      { name: 'prism proxy', origin: prism.url, prefix: '' },
    ];
    const created = (await (await fetch(`${mock.url}${submit}`, { method: 'POST', headers, body })).json()) as {
      output: { task_id: string };
    };
    const poll = `/tasks/${created.output.task_id}`;
    // The proxy follows the task only from a submit it saw: give it one, and poll that.
    const seen = (await (await fetch(`${proxy.url}${submit}`, { method: 'POST', headers, body })).json()) as {
      output: { task_id: string };
    };
    const pollVia = (name: string) => (name === 'wan-contract proxy' ? `/tasks/${seen.output.task_id}` : poll);
    const workloads = (t: (typeof targets)[number]) => [
      { op: 'poll', options: { url: `${t.origin}${t.prefix}${pollVia(t.name)}`, headers } },
      {
        op: 'submit',
        options: {
          url: `${t.origin}${t.prefix}${submitPathOf('dashscope', model)}`,
          method: 'POST' as const,
          headers,
          body,
        },
      },
    ];
    const warm = QUICK ? 1 : 3;
    console.log(`# warming every server (${warm} s each workload)`);
    for (const t of targets) for (const w of workloads(t)) await throughput(w.options, warm);

    console.log(`# one run: autocannon ${CONNECTIONS} connections × ${DURATION} s per target and workload`);
    const rps = new Map<string, Figures>();
    for (const t of targets)
      for (const w of workloads(t)) {
        const f = await throughput(w.options, DURATION);
        rps.set(`${t.name}|${w.op}`, f);
        console.log(
          `${t.name.padEnd(20)} ${w.op.padEnd(7)} ${f.rps.toFixed(0).padStart(7)} req/s  ${f.errors} non-2xx/errors`,
        );
      }
    console.log(`# added latency of a poll, one connection, ${DURATION} s each (ms)`);
    const lat = new Map<string, { p50: number; p99: number }>();
    for (const t of targets) {
      const l = await latency(t.origin, `${t.prefix}${pollVia(t.name)}`, headers, DURATION * 1000);
      lat.set(t.name, l);
    }
    const direct = lat.get('mock (direct)')!;
    for (const t of targets) {
      const l = lat.get(t.name)!;
      console.log(
        `${t.name.padEnd(20)} p50 ${l.p50.toFixed(3)}  p99 ${l.p99.toFixed(3)}  added p50 ${(l.p50 - direct.p50).toFixed(3)}  added p99 ${(l.p99 - direct.p99).toFixed(3)}`,
      );
    }
    const r = (t: string, op: string) => rps.get(`${t}|${op}`)!.rps;
    const addedP99 = (t: string) => lat.get(t)!.p99 - direct.p99;
    console.log('\n# ratios (targets: ≥ 0.6× bare, ≥ 3× prism, added p99 ≤ 1.5× bare)');
    for (const op of ['poll', 'submit'])
      console.log(
        `${op.padEnd(7)} proxy/bare ${(r('wan-contract proxy', op) / r('bare pass-through', op)).toFixed(2)}×  proxy/prism ${(r('wan-contract proxy', op) / r('prism proxy', op)).toFixed(2)}×`,
      );
    console.log(
      `poll    added p99: proxy ${addedP99('wan-contract proxy').toFixed(3)} ms / bare ${addedP99('bare pass-through').toFixed(3)} ms = ${(addedP99('wan-contract proxy') / addedP99('bare pass-through')).toFixed(2)}×`,
    );
    prism.child.kill();
    bare.child.kill();
  }
}

async function soak(proxy: Server, submit: string, headers: Record<string, string>, body: string): Promise<void> {
  {
    console.log(
      `\n# soak: fill the proxy with ${TASKS} tasks, then ${SOAK} s of submit + poll, RSS of the proxy each second`,
    );
    const before = rssOf(proxy.child.pid);
    const fill = await autocannon({
      url: `${proxy.url}${submit}`,
      connections: CONNECTIONS,
      amount: TASKS,
      method: 'POST',
      headers,
      body,
    });
    const tracked = await (await fetch(`${proxy.url}/__proxy/health`)).json();
    const filled = rssOf(proxy.child.pid);
    console.log(
      `filled: ${fill.requests.total} submits in ${fill.duration.toFixed(1)} s, ${JSON.stringify(tracked)}; RSS ${(before / MB).toFixed(0)} → ${(filled / MB).toFixed(0)} MB`,
    );
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(rssOf(proxy.child.pid)), 1000);
    const soak = await autocannon({
      url: proxy.url,
      connections: CONNECTIONS,
      duration: SOAK,
      requests: [
        {
          method: 'POST',
          path: submit,
          headers,
          body,
          onResponse: (_status, text, context) => {
            const id = (JSON.parse(text) as { output?: { task_id?: string } }).output?.task_id;
            if (id) (context as { taskId?: string }).taskId = id;
          },
        },
        {
          method: 'GET',
          headers,
          setupRequest: (req, context) => ({
            ...req,
            path: `/api/v1/tasks/${(context as { taskId?: string }).taskId ?? 'none'}`,
          }),
        },
      ],
    });
    clearInterval(timer);
    const health = await (await fetch(`${proxy.url}/__proxy/health`)).json();
    const every = Math.max(1, Math.round(samples.length / 6));
    console.log(
      `${soak.requests.average.toFixed(0)} req/s, ${soak.non2xx + soak.errors} non-2xx/errors; after: ${JSON.stringify(health)}`,
    );
    console.log(
      `RSS MB by second: ${samples
        .filter((_, i) => i % every === every - 1)
        .map((x, i) => `${(i + 1) * every}s ${(x / MB).toFixed(0)}`)
        .join(', ')}`,
    );
    console.log(
      `RSS start ${(before / MB).toFixed(1)} MB, after the fill ${(filled / MB).toFixed(1)} MB (${((filled - before) / TASKS).toFixed(0)} bytes per task), peak ${(Math.max(filled, ...samples) / MB).toFixed(1)} MB, end ${(samples[samples.length - 1]! / MB).toFixed(1)} MB, over ${SOAK} s tracking ${JSON.stringify((health as { tasks?: number }).tasks)} tasks`,
    );
  }
}

// ---- child mode: one server per process, printing its port ----
const serve = process.argv.indexOf('--serve');
if (serve !== -1) {
  const kind = process.argv[serve + 1];
  const upstream = process.argv[serve + 2] ?? '';
  if (kind === 'mock') {
    // Enough room for the soak's tasks; tasks finish at once so polls see the whole lifecycle quickly.
    const mock = await startMockServer({ port: 0, pendingMs: 0, runningMs: 0, maxTasks: 1_000_000 });
    process.stdout.write(`PORT ${mock.port}\n`);
  } else if (kind === 'proxy') {
    let records = 0;
    const proxy = await startProxy({ upstream, onRecord: () => (records += 1), onViolation: () => undefined });
    process.stdout.write(`PORT ${proxy.port}\n`);
    process.on('SIGTERM', () => void proxy.close().then(() => process.exit(records >= 0 ? 0 : 1)));
  } else {
    // The floor: node:http in, a pooled keep-alive undici client out, bodies buffered, no checks.
    const agent = new Agent({ connections: 128 });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { host: _h, connection: _c, 'content-length': _l, ...headers } = req.headers;
        agent
          .request({
            origin: upstream,
            method: (req.method ?? 'GET') as 'GET',
            path: req.url ?? '/',
            headers: headers as Record<string, string>,
            body: chunks.length > 0 ? Buffer.concat(chunks) : null,
          })
          .then(async (answer) => {
            const bytes = Buffer.from(await answer.body.arrayBuffer());
            const { connection: _x, 'transfer-encoding': _t, 'keep-alive': _k, ...out } = answer.headers;
            res.writeHead(answer.statusCode, out as Record<string, string>);
            res.end(bytes);
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    }).listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
  }
} else {
  await main();
}
