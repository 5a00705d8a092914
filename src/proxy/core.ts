import type { CaseDefinition } from '../rules/case.js';
import { loadCases } from '../rules/load.js';
import type { Exchange, ExchangeError } from '../client/exchange.js';
import { redactText } from '../client/redact.js';
import { CaseBook } from './cases.js';
import { TOO_LARGE } from '../http/body.js';
import { errorReply, gatewayReply, type ProxyExchange, type ProxyReply } from './exchange.js';
import { Forwarder, type UpstreamAnswer, type UpstreamFailure } from './forward.js';
import { ProxyMetrics } from './metrics.js';
import { Observer, tenantOf, type Finding } from './observe.js';
import { resolveProxyOptions, type ProxyOptions, type ResolvedProxyOptions } from './options.js';
import { bearerOf, checkRequest } from './request-check.js';
import { Router, type ProxyRoute } from './route.js';

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

const utf8 = new TextDecoder('utf-8');

function isJsonType(type: string | undefined): boolean {
  const media = type?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The answer as the judge reads it: JSON parsed when it is JSON, else the first characters of its text. */
/** An upstream failure as the typed cause of an exchange with no answer. */
function exchangeErrorOf(sent: UpstreamFailure): ExchangeError {
  return { kind: sent.kind === 'timeout' ? 'timeout' : 'transport', message: sent.message };
}

function recordedAnswer(answer: UpstreamAnswer): NonNullable<Exchange['response']> {
  const type = firstHeader(answer.headers['content-type']);
  const text = utf8.decode(answer.body);
  let body: unknown;
  if (isJsonType(type) || text.startsWith('{')) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
  }
  return {
    status: answer.status,
    headers: type ? { 'content-type': type } : {},
    ...(body !== undefined ? { body } : { text: text.slice(0, 2_000) }),
    bytes: answer.body.byteLength,
  };
}

/**
 * Builds the proxy's request handling (see {@link ProxyOptions}): forwards each request under the profile's base
 * path to the upstream, checks the exchange against the contract, follows tasks, and writes records and violations.
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

  async function own(path: string): Promise<ProxyReply | undefined> {
    if (path === HEALTH_PATH)
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'ok', profile: resolved.profile, tasks: obs.memory.size }),
      };
    if (path === METRICS_PATH) {
      const { body, contentType } = await metrics.text();
      return { status: 200, headers: { 'content-type': contentType }, body };
    }
    return undefined;
  }

  async function proxied(exchange: ProxyExchange, path: string, query: string, route: ProxyRoute): Promise<ProxyReply> {
    const bytes = await exchange.readBody(resolved.maxBodyBytes);
    if (bytes === TOO_LARGE)
      return errorReply(413, 'BadRequest.TooLarge', `the request body is larger than ${resolved.maxBodyBytes} bytes`, {
        connection: 'close',
      });
    const now = resolved.now();
    const key = bearerOf(exchange.headers);
    const secrets = key ? [key, ...resolved.secrets] : resolved.secrets;
    const tenant = tenantOf(key);
    const checked = checkRequest(book, resolved.profile, route, exchange.headers, bytes);
    const operation = route.operation === 'other' ? 'other' : route.operation;
    const taskId = route.operation === 'getTask' || route.operation === 'cancel' ? route.taskId : undefined;
    const requestText = route.operation === 'submit' ? utf8.decode(bytes) : undefined;
    const shownBody =
      checked.body !== undefined ? checked.body : requestText !== undefined ? requestText.slice(0, 2_000) : undefined;
    const seq = obs.nextSeq();
    const exchangeOf = (response?: Exchange['response'], error?: ExchangeError): Exchange => ({
      seq,
      operation: operation === 'other' ? 'getTask' : operation,
      request: {
        method: exchange.method,
        url: `${path}${query}`,
        headers: {},
        ...(shownBody !== undefined ? { body: shownBody } : {}),
      },
      ...(response ? { response } : {}),
      ...(error ? { error } : {}),
      startedAt: new Date(now).toISOString(),
      durationMs: 0,
      curl: '',
    });
    const findings: Finding[] = [];
    const problem = checked.problem;
    if (problem)
      findings.push({ party: 'client', caseId: problem.case?.id ?? null, outcome: 'fail', message: problem.message });

    if (problem && resolved.enforce) {
      // Refused here with the contract's answer: the request never reaches (or costs anything at) the upstream.
      const reply = errorReply(problem.refuse.status, problem.refuse.code, problem.message);
      obs.report(findings, exchangeOf({ status: reply.status, headers: {}, bytes: 0 }), tenant, taskId, secrets);
      return withCount(reply, findings.length);
    }

    const sent = await forwarder.send({
      method: exchange.method,
      path: `${resolved.upstreamPath}${path.slice(base.length)}${query}`,
      headers: exchange.headers,
      body: exchange.method === 'GET' || exchange.method === 'HEAD' ? null : bytes,
      signal: exchange.signal,
    });
    metrics.upstream(operation, sent.ms);
    if (sent.kind !== 'answer') {
      if (route.operation === 'submit' && !problem && checked.model && sent.kind !== 'client-gone')
        findings.push(...obs.submitUnanswered(exchangeOf(undefined, exchangeErrorOf(sent)), checked.model));
      return failed(sent, operation, findings, exchangeOf, tenant, taskId, secrets);
    }
    if (route.operation === 'other') return { status: sent.status, headers: sent.headers, body: sent.body };

    const response = recordedAnswer(sent);
    const ex = exchangeOf(response);
    findings.push(...obs.everyAnswer(ex));
    if (route.operation === 'submit') {
      if (problem) findings.push(...obs.byCase(problem.case, ex, checked.model ?? null));
      else if (checked.model)
        findings.push(
          ...obs.submitted(ex, checked.model, checked.body, redactText(requestText ?? '', secrets), tenant, now),
        );
    } else if (route.operation === 'getTask') {
      if (problem) findings.push(...obs.byCase(problem.case, ex, null));
      else findings.push(...obs.polled(ex, route.taskId, now, tenant));
    } else if (problem) findings.push(...obs.byCase(problem.case, ex, null));
    else findings.push(...obs.errorBody(ex));
    const submittedId = (response.body as { output?: { task_id?: unknown } } | undefined)?.output?.task_id;
    obs.report(findings, ex, tenant, taskId ?? (typeof submittedId === 'string' ? submittedId : undefined), secrets);

    if (response.body === undefined)
      // Not the contract's JSON (an HTML page from a load balancer): the client gets the contract's error body.
      return withCount(
        gatewayReply(
          'UpstreamInvalidResponse',
          `the upstream answered HTTP ${sent.status} with ${firstHeader(sent.headers['content-type']) ?? 'no content type'}, not the contract's JSON`,
        ),
        findings.length,
      );
    const broken = resolved.enforce ? findings.find((f) => f.party === 'upstream' && f.outcome === 'fail') : undefined;
    if (broken)
      return withCount(
        gatewayReply(
          'UpstreamContractViolation',
          `the upstream's answer breaks the contract${broken.caseId ? ` (${broken.caseId})` : ''}: ${broken.message}`,
        ),
        findings.length,
      );
    return withCount({ status: sent.status, headers: sent.headers, body: sent.body }, findings.length);
  }

  function failed(
    sent: UpstreamFailure,
    operation: string,
    findings: Finding[],
    exchangeOf: (response?: Exchange['response'], error?: ExchangeError) => Exchange,
    tenant: string,
    taskId: string | undefined,
    secrets: readonly string[],
  ): ProxyReply {
    if (sent.kind === 'client-gone') return { status: 499, headers: {}, body: null };
    const ex = exchangeOf(undefined, exchangeErrorOf(sent));
    if (operation !== 'other') {
      findings.push(
        ...obs.everyAnswer(ex).map((f) => (sent.kind === 'timeout' ? { ...f, outcome: 'timeout' as const } : f)),
      );
      obs.report(findings, ex, tenant, taskId, secrets);
    }
    const reply =
      sent.kind === 'timeout'
        ? gatewayReply('UpstreamTimeout', sent.message)
        : gatewayReply(sent.kind === 'too-large' ? 'UpstreamInvalidResponse' : 'UpstreamUnavailable', sent.message);
    return withCount(reply, findings.length);
  }

  return {
    options: resolved,
    get taskCount() {
      return obs.memory.size;
    },
    async handle(exchange) {
      let operation = 'proxy';
      let reply: ProxyReply;
      try {
        const q = exchange.target.indexOf('?');
        const path = q === -1 ? exchange.target : exchange.target.slice(0, q);
        const query = q === -1 ? '' : exchange.target.slice(q);
        const mine = await own(path);
        if (mine) return mine;
        if (path !== base && !path.startsWith(`${base}/`)) {
          reply = errorReply(
            404,
            'NotFound',
            `no such path: ${exchange.method} ${path.slice(0, 200)}; this proxy serves the ${resolved.profile} profile under ${base}`,
          );
        } else {
          const route = router.match(exchange.method, path.slice(base.length));
          operation = route.operation;
          reply = await proxied(exchange, path, query, route);
        }
      } catch (error) {
        // Only the proxy's own bug lands here: a 500 that says so, never a crash.
        reply = errorReply(
          500,
          'InternalError',
          `the proxy failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      metrics.request(operation, reply.status);
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

function withCount(reply: ProxyReply, count: number): ProxyReply {
  return { ...reply, headers: { ...reply.headers, [VIOLATIONS_HEADER]: String(count) } };
}
