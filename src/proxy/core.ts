import type { CaseDefinition } from '../rules/case.js';
import { loadCases } from '../rules/load.js';
import type { Exchange } from '../client/exchange.js';
import { CaseBook } from './cases.js';
import { TOO_LARGE } from '../http/body.js';
import { errorReply, gatewayReply, type ProxyExchange, type ProxyReply } from './exchange.js';
import { Forwarder, type UpstreamAnswer, type UpstreamFailure } from './forward.js';
import { ProxyMetrics } from './metrics.js';
import { Observer, tenantOf } from './observe.js';
import { resolveProxyOptions, type ProxyOptions, type ResolvedProxyOptions } from './options.js';
import { bearerOf, checkRequest } from './request-check.js';
import { Router, type ProxyRoute } from './route.js';
import { contentTypeOf, exchangeErrorOf, exchangeOf, recordedAnswer, shownBodyOf, type Pending } from './steps.js';
import type { Finding } from './write.js';

/** The response header that counts the violations of one exchange, so a client developer sees them without a log. */
export const VIOLATIONS_HEADER = 'x-contract-violations';

/** The proxy's own paths, outside every profile's base path. */
export const HEALTH_PATH = '/__proxy/health';
export const METRICS_PATH = '/__proxy/metrics';

/** The proxy's request handling, independent of the server that carries it. */
export interface ProxyCore {
  /** Answers one request; never throws. */
  handle(exchange: ProxyExchange): Promise<ProxyReply>;
  readonly options: ResolvedProxyOptions;
  /** How many tasks are followed. */
  readonly taskCount: number;
  /** Forgets the tasks past their retention, writing their records. */
  sweep(): void;
  /** Writes an unfinished record for every followed task that has none yet (on shutdown). */
  drain(): void;
  /** Closes the upstream connections. */
  close(): Promise<void>;
}

// The CORS headers of forwarded answers that the proxy's own answers copy, so a browser reads both alike.
const CORS_NAMES = ['access-control-allow-origin', 'access-control-expose-headers'] as const;
const DEFAULT_CORS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-request-id, retry-after',
};

/**
 * Builds the proxy's request handling (see {@link ProxyOptions}) as a pipeline of named steps: route → check the
 * request → forward → observe the exchange → answer. Forwards each request under the profile's base path to the
 * upstream, checks the exchange against the contract, follows tasks, and writes records and violations.
 */
export function createProxyCore(options: ProxyOptions, cases: readonly CaseDefinition[] = loadCases()): ProxyCore {
  const resolved = resolveProxyOptions(options);
  const book = new CaseBook(cases, resolved.profile);
  // The gauge reads the memory only when scraped, after both exist.
  const metrics = new ProxyMetrics((): number => obs.memory.size);
  const obs: Observer = new Observer(resolved, book, metrics);
  const router = new Router(resolved.profile);
  const forwarder = new Forwarder(
    resolved.upstreamOrigin,
    resolved.connections,
    resolved.upstreamTimeoutMs,
    resolved.maxBodyBytes,
  );
  const base = resolved.basePath;
  let cors: Readonly<Record<string, string>> = DEFAULT_CORS;

  /** The proxy's own answer: the contract's error body, the forwarded answers' CORS headers, the count. */
  const own = (reply: ProxyReply, count?: number): ProxyReply => ({
    ...reply,
    headers: { ...reply.headers, ...cors, ...(count === undefined ? {} : { [VIOLATIONS_HEADER]: String(count) }) },
  });

  /** Step 1, route: the proxy's own paths, a path outside the profile, or one of the profile's operations. */
  async function route(exchange: ProxyExchange, seen: { operation: string }): Promise<ProxyReply> {
    const q = exchange.target.indexOf('?');
    const path = q === -1 ? exchange.target : exchange.target.slice(0, q);
    if (path === HEALTH_PATH) {
      const body = JSON.stringify({ status: 'ok', profile: resolved.profile, tasks: obs.memory.size });
      return own({ status: 200, headers: { 'content-type': 'application/json' }, body });
    }
    if (path === METRICS_PATH) {
      const { body, contentType } = await metrics.text();
      return own({ status: 200, headers: { 'content-type': contentType }, body });
    }
    if (path !== base && !path.startsWith(`${base}/`)) {
      const message = `no such path: ${exchange.method} ${path.slice(0, 200)}; this proxy serves the ${resolved.profile} profile under ${base}`;
      return own(errorReply(404, 'NotFound', message));
    }
    const matched = router.match(exchange.method, path.slice(base.length));
    seen.operation = matched.operation;
    const pending = await check(exchange, matched);
    if (!('seq' in pending)) return pending;
    if (pending.checked.problem && resolved.enforce) return refuse(pending);
    const sent = await forward(pending, path, q === -1 ? '' : exchange.target.slice(q));
    if (sent.kind !== 'answer') return failed(pending, sent);
    if (matched.operation === 'other') return { status: sent.status, headers: sent.headers, body: sent.body };
    const repoll = repollKey(pending, sent);
    if (repoll !== undefined && obs.repeatsQuietRepoll(pending.taskId!, pending.tenant, repoll)) {
      obs.polledQuietly(pending.taskId!);
      learnCors(sent);
      return passOn(sent, '0');
    }
    const response = recordedAnswer(sent);
    observe(pending, response);
    if (repoll !== undefined && pending.findings.length === 0) obs.quietRepoll(pending.taskId!, pending.tenant, repoll);
    return answer(pending, sent, response);
  }

  /** The key of a query of a finished task by its owner, with no problem of the client's (see `Observer`). */
  function repollKey(p: Pending, sent: UpstreamAnswer): string | undefined {
    if (p.route.operation !== 'getTask' || p.checked.problem || p.findings.length > 0) return undefined;
    return obs.repollKey(p.route.taskId, p.tenant, p.exchange.method, p.target, sent);
  }

  /** Step 2, check the request: read its body (bounded), find its key's tenant, check it against the profile. */
  async function check(exchange: ProxyExchange, matched: ProxyRoute): Promise<Pending | ProxyReply> {
    const bytes = await exchange.readBody(resolved.maxBodyBytes);
    if (bytes === TOO_LARGE) {
      const message = `the request body is larger than ${resolved.maxBodyBytes} bytes`;
      return own(errorReply(413, 'BadRequest.TooLarge', message, { connection: 'close' }));
    }
    const key = bearerOf(exchange.headers);
    const checked = checkRequest(book, resolved.profile, matched, exchange.headers, bytes);
    const findings: Finding[] = [];
    const problem = checked.problem;
    if (problem)
      findings.push({ party: 'client', caseId: problem.case?.id ?? null, outcome: 'fail', message: problem.message });
    return {
      exchange,
      route: matched,
      target: exchange.target,
      bytes,
      now: resolved.now(),
      seq: obs.nextSeq(),
      tenant: tenantOf(key),
      secrets: key ? [key, ...resolved.secrets] : resolved.secrets,
      checked,
      taskId: matched.operation === 'getTask' || matched.operation === 'cancel' ? matched.taskId : undefined,
      shownBody: shownBodyOf(matched, checked, bytes),
      findings,
    };
  }

  /** Under --enforce, a request that breaks the contract is refused here: it never reaches (or costs) the upstream. */
  function refuse(p: Pending): ProxyReply {
    const problem = p.checked.problem!;
    const reply = errorReply(problem.refuse.status, problem.refuse.code, problem.message);
    obs.report(
      p.findings,
      exchangeOf(p, { status: reply.status, headers: {}, bytes: 0 }),
      p.tenant,
      p.taskId,
      p.secrets,
    );
    return own(reply, p.findings.length);
  }

  /** Step 3, forward: the request to the upstream over a pooled keep-alive connection. */
  async function forward(p: Pending, path: string, query: string): Promise<UpstreamAnswer | UpstreamFailure> {
    const method = p.exchange.method;
    const sent = await forwarder.send({
      method,
      path: `${resolved.upstreamPath}${path.slice(base.length)}${query}`,
      headers: p.exchange.headers,
      body: method === 'GET' || method === 'HEAD' ? null : p.bytes,
      signal: p.exchange.signal,
    });
    metrics.upstream(p.route.operation, sent.ms);
    return sent;
  }

  /** Step 4, observe: judge the exchange by the cases for its answer, follow its task, write its violations. */
  function observe(p: Pending, response: NonNullable<Exchange['response']>): void {
    const ex = exchangeOf(p, response);
    const { findings, checked, route: r } = p;
    const problem = checked.problem;
    findings.push(...obs.everyAnswer(ex));
    if (problem)
      findings.push(...obs.byCase(problem.case, ex, r.operation === 'submit' ? (checked.model ?? null) : null));
    else if (r.operation === 'submit' && checked.model)
      findings.push(...obs.submitted(ex, checked.model, checked.body, p.tenant, p.now, p.secrets));
    else if (r.operation === 'getTask') findings.push(...obs.polled(ex, r.taskId, p.now, p.tenant, p.secrets));
    else findings.push(...obs.errorBody(ex));
    const submittedId = (response.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
    const taskId = p.taskId ?? (typeof submittedId === 'string' ? submittedId : undefined);
    obs.report(findings, ex, p.tenant, taskId, p.secrets);
  }

  /**
   * Step 5, answer: the upstream's answer as it came, with the count of its violations. Only under --enforce is an
   * answer that breaks the contract (an HTML page included) replaced by the contract's 502.
   */
  function answer(p: Pending, sent: UpstreamAnswer, response: NonNullable<Exchange['response']>): ProxyReply {
    learnCors(sent);
    const count = String(p.findings.length);
    if (!resolved.enforce) return passOn(sent, count);
    if (response.body === undefined) {
      const message = `the upstream answered HTTP ${sent.status} with ${contentTypeOf(sent)}, not the contract's JSON`;
      return own(gatewayReply('UpstreamInvalidResponse', message), p.findings.length);
    }
    const broken = p.findings.find((f) => f.party === 'upstream' && f.outcome === 'fail');
    if (broken) {
      const message = `the upstream's answer breaks the contract${broken.caseId ? ` (${broken.caseId})` : ''}: ${broken.message}`;
      return own(gatewayReply('UpstreamContractViolation', message), p.findings.length);
    }
    return passOn(sent, count);
  }

  /** The upstream's answer as it came, with the count of its violations. */
  function passOn(sent: UpstreamAnswer, count: string): ProxyReply {
    return { status: sent.status, headers: { ...sent.headers, [VIOLATIONS_HEADER]: count }, body: sent.body };
  }

  /** The CORS headers of a forwarded answer, for the proxy's own answers, when they differ from the last. */
  function learnCors(sent: UpstreamAnswer): void {
    const origin = sent.headers['access-control-allow-origin'];
    if (typeof origin !== 'string' || origin === cors['access-control-allow-origin']) return;
    const learned: Record<string, string> = {};
    for (const name of CORS_NAMES) {
      const value = sent.headers[name];
      if (typeof value === 'string') learned[name] = value;
    }
    cors = learned;
  }

  /** No answer from the upstream: judged as such (a submit left unanswered), answered with the gateway's error. */
  function failed(p: Pending, sent: UpstreamFailure): ProxyReply {
    if (sent.kind === 'client-gone') return { status: 499, headers: {}, body: null };
    const ex = exchangeOf(p, undefined, exchangeErrorOf(sent));
    const { findings, checked, route: r } = p;
    if (r.operation === 'submit' && !checked.problem && checked.model)
      findings.push(...obs.submitUnanswered(ex, checked.model));
    if (r.operation !== 'other') {
      const timedOut = sent.kind === 'timeout';
      findings.push(...obs.everyAnswer(ex).map((f) => (timedOut ? { ...f, outcome: 'timeout' as const } : f)));
      obs.report(findings, ex, p.tenant, p.taskId, p.secrets);
    }
    const code =
      sent.kind === 'timeout'
        ? 'UpstreamTimeout'
        : sent.kind === 'too-large'
          ? 'UpstreamInvalidResponse'
          : 'UpstreamUnavailable';
    return own(gatewayReply(code, sent.message), findings.length);
  }

  return {
    options: resolved,
    get taskCount() {
      return obs.memory.size;
    },
    async handle(exchange) {
      let reply: ProxyReply;
      const seen = { operation: 'proxy' };
      try {
        reply = await route(exchange, seen);
      } catch (error) {
        // Only the proxy's own bug lands here: a 500 that says so, never a crash.
        const message = `the proxy failed: ${error instanceof Error ? error.message : String(error)}`;
        reply = own(errorReply(500, 'InternalError', message));
      }
      metrics.request(seen.operation, reply.status);
      return reply;
    },
    sweep() {
      obs.sweep(resolved.now());
    },
    drain() {
      obs.drain();
    },
    close: () => forwarder.close(),
  };
}
