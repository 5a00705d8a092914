/** Why a request got no answer: its deadline passed (`timeout`), or the connection failed (`transport`). */
export interface ExchangeError {
  readonly kind: 'timeout' | 'transport';
  /** What happened, redacted: `GET https://…/tasks/abc: no answer within 30000 ms`. */
  readonly message: string;
}

/** One HTTP request as sent, with secrets redacted (`Authorization: Bearer ***`). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The body as sent: parsed JSON, or the raw text when it was not JSON (malformed-JSON cases). */
  readonly body?: unknown;
}

/** One HTTP answer as received. */
export interface RecordedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body parsed as JSON, when it was JSON. */
  readonly body?: unknown;
  /** The raw body text when it was not JSON (first 2,000 characters); absent for binary (video) bodies. */
  readonly text?: string;
  /** Size of the body in bytes. */
  readonly bytes: number;
}

/** One request/response pair of a run, redacted, with a curl line that reproduces it (the key as $WAN_API_KEY). */
export interface Exchange {
  /** Sequence number within the run. */
  readonly seq: number;
  /** What the exchange was for: `submit`, `getTask`, `cancel`, `download`. */
  readonly operation: 'submit' | 'getTask' | 'cancel' | 'listTasks' | 'download';
  readonly request: RecordedRequest;
  readonly response?: RecordedResponse;
  /** Why there was no answer, when there was none. */
  readonly error?: ExchangeError;
  /** ISO 8601 time the request was sent. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly curl: string;
}
