import type { ErrorCode } from '../contract/schemas/error.js';
import { CORS_HEADERS } from './cors.js';

/** An answer of the mock before it becomes a Web `Response` or a Node response. */
export interface MockReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON text, raw bytes (the video), or nothing (HEAD). */
  readonly body: string | Uint8Array | null;
  readonly requestId: string;
  /** No answer at all: the server resets the connection (faults `drop` and `down`). */
  readonly reset?: true;
  /** The `task_status` a task query answered (for the request log). */
  readonly taskStatus?: string;
}

/**
 * Codes for failures the official error-code page has no code for (it lists none for an unknown route, a wrong
 * method or a non-JSON content type): the mock names the problem plainly instead of borrowing a code that means
 * something else (`ModelNotFound`, `BadRequest.UnsupportedFileFormat`).
 */
export const TRANSPORT_CODES = {
  404: 'NotFound',
  405: 'MethodNotAllowed',
  415: 'UnsupportedMediaType',
} as const;

/** A code of an error answer: an official one, or one of {@link TRANSPORT_CODES}. */
export type MockErrorCode = ErrorCode | (typeof TRANSPORT_CODES)[keyof typeof TRANSPORT_CODES];

/** A fresh request id, in the official form (a UUID); Web Crypto, so the handler runs outside Node too. */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

/** A JSON answer; the request id also goes in the `x-request-id` header. */
export function jsonReply(
  status: number,
  body: { request_id: string },
  headers?: Record<string, string>,
  taskStatus?: string,
): MockReply {
  return jsonTextReply(status, JSON.stringify(body), body.request_id, headers, taskStatus);
}

/** A JSON answer whose text is already written (holding the same `request_id`). */
export function jsonTextReply(
  status: number,
  text: string,
  requestId: string,
  headers?: Record<string, string>,
  taskStatus?: string,
): MockReply {
  // Written out rather than spread from a shared object: this runs on every answer.
  const base = {
    'content-type': 'application/json',
    'access-control-allow-origin': CORS_HEADERS['access-control-allow-origin'],
    'access-control-expose-headers': CORS_HEADERS['access-control-expose-headers'],
    'x-request-id': requestId,
  };
  const reply = { status, headers: headers === undefined ? base : { ...base, ...headers }, body: text, requestId };
  return taskStatus === undefined ? reply : { ...reply, taskStatus };
}

/** The error answer of the contract: `{ request_id, code, message }` (official error-code page). */
export function errorReply(
  status: number,
  code: MockErrorCode,
  message: string,
  requestId: string,
  headers?: Record<string, string>,
): MockReply {
  return jsonReply(status, { request_id: requestId, code, message } as { request_id: string }, headers);
}

/** A failure raised anywhere in a request's handling, turned into an error answer by the dispatcher. */
export class MockHttpError extends Error {
  override readonly name = 'MockHttpError';
  constructor(
    readonly status: number,
    readonly code: MockErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
