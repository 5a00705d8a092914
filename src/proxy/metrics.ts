import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The proxy's Prometheus metrics, in a registry of its own (never the process-wide default one). */
export class ProxyMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'operation' | 'status'>;
  readonly #violations: Counter<'case' | 'party'>;
  readonly #upstream: Histogram<'operation'>;

  constructor(tasksTracked: () => number) {
    this.#requests = new Counter({
      name: 'wan_proxy_requests_total',
      help: 'Requests answered, by contract operation and HTTP status.',
      labelNames: ['operation', 'status'],
      registers: [this.registry],
    });
    this.#violations = new Counter({
      name: 'wan_proxy_violations_total',
      help: 'Contract violations seen, by the conformance case they break (none: a check no case covers) and party.',
      labelNames: ['case', 'party'],
      registers: [this.registry],
    });
    this.#upstream = new Histogram({
      name: 'wan_proxy_upstream_duration_seconds',
      help: 'Time from sending a request upstream to its whole answer, by contract operation.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    new Gauge({
      name: 'wan_proxy_tasks_tracked',
      help: 'Tasks followed from their submit, within the bound on tasks and retention.',
      registers: [this.registry],
      collect() {
        this.set(tasksTracked());
      },
    });
  }

  readonly #requestChildren = new Map<string, { inc(): void }>();

  /** Counts one answered request (the labelled child is looked up once per operation and status). */
  request(operation: string, status: number): void {
    const key = `${operation} ${status}`;
    let child = this.#requestChildren.get(key);
    if (!child) {
      child = this.#requests.labels(operation, String(status));
      this.#requestChildren.set(key, child);
    }
    child.inc();
  }

  /** Counts one violation. */
  violation(caseId: string | null, party: string): void {
    this.#violations.inc({ case: caseId ?? 'none', party });
  }

  readonly #upstreamChildren = new Map<string, { observe(value: number): void }>();

  /** Records one upstream exchange's duration (the labelled child is looked up once per operation). */
  upstream(operation: string, ms: number): void {
    let child = this.#upstreamChildren.get(operation);
    if (!child) {
      child = this.#upstream.labels(operation);
      this.#upstreamChildren.set(operation, child);
    }
    child.observe(ms / 1000);
  }

  /** The metrics in the Prometheus text format, with its content type. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
