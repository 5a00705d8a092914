import type { Exchange } from './exchange.js';
import type { ValidationIssue } from '../validate/result.js';

/** Base class of every error the client throws; carries the exchange that caused it when there was one. */
export class WanClientError extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
  }
}

/** The service answered with a contract error body (`{ request_id, code, message }`) and a non-200 status. */
export class ApiError extends WanClientError {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string,
    exchange?: Exchange,
  ) {
    super(`HTTP ${status} ${code}: ${message}`, exchange);
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, aborted. */
export class TransportError extends WanClientError {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    exchange?: Exchange,
    override readonly cause?: unknown,
  ) {
    super(message, exchange);
  }
}

/** A deadline passed: one request (`request`) or the whole wait for a task (`task`). */
export class TimeoutError extends WanClientError {
  override readonly name = 'TimeoutError';
  constructor(
    readonly kind: 'request' | 'task',
    readonly timeoutMs: number,
    message: string,
    /** The last status the task was seen in (task deadlines only). */
    readonly lastStatus?: string,
    exchange?: Exchange,
  ) {
    super(message, exchange);
  }
}

/** An answer broke the contract: a body that does not validate, a status outside the contract, a non-JSON body. */
export class ContractError extends WanClientError {
  override readonly name = 'ContractError';
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[],
    readonly status?: number,
    exchange?: Exchange,
  ) {
    super(message, exchange);
  }
}
