import { isModelId, type ModelId } from '../contract/models.js';
import { requiresAsyncHeader, type ProfileId } from '../contract/profiles.js';
import { ASYNC_HEADER } from '../contract/schemas/submit.js';
import type { RequestVariant } from '../rules/case.js';
import type { ValidationIssue } from '../validate/result.js';
import { validateSubmitRequest } from '../validate/submit.js';
import type { CaseBook, ExchangeCase } from './cases.js';
import { headerOf, type HeaderMap } from './exchange.js';
import type { ProxyRoute } from './route.js';

/** What is wrong with a client's request, the case that judges the answer to it, and what enforcing answers. */
export interface ClientProblem {
  readonly case: ExchangeCase | undefined;
  readonly message: string;
  /** The contract's answer when the proxy refuses the request itself (--enforce). */
  readonly refuse: { readonly status: number; readonly code: string };
}

/** The request as checked: its parsed body and model (submits), and the first problem, if any. */
export interface RequestCheck {
  readonly body: unknown;
  readonly model: ModelId | undefined;
  readonly problem: ClientProblem | undefined;
  /** The validators' warnings (fields the service ignores, a prompt it truncates). */
  readonly warnings: readonly ValidationIssue[];
}

const BEARER = /^bearer\s+(\S.*)$/i;

/** The bearer key of a request, if any. */
export function bearerOf(headers: HeaderMap): string | undefined {
  const match = BEARER.exec(headerOf(headers, 'authorization')?.trim() ?? '');
  return match?.[1]?.trim() || undefined;
}

/** Which kind of invalid request an issue of the validator is, as the rejection cases name them. */
export function variantOf(issue: ValidationIssue): RequestVariant | undefined {
  if (issue.code === 'unknown-model') return 'unknown-model';
  if (/^parameters\.(resolution|size)$/.test(issue.path)) return 'unsupported-resolution';
  if (issue.path === 'parameters.duration') return 'unsupported-duration';
  if (issue.code === 'required' && issue.path.startsWith('input')) return 'missing-required-input';
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const EMPTY: readonly ValidationIssue[] = Object.freeze([]);

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
}

/** Checks a request against the profile: the key, the async header, and a submit's body per model. */
export function checkRequest(
  book: CaseBook,
  profile: ProfileId,
  route: ProxyRoute,
  headers: HeaderMap,
  bytes: Uint8Array,
): RequestCheck {
  const none = (problem?: ClientProblem): RequestCheck => ({
    body: undefined,
    model: undefined,
    problem,
    warnings: EMPTY,
  });
  if (route.operation === 'other') return none();
  if (!bearerOf(headers))
    return none({
      case: book.missingKey(route.operation),
      message: 'the request has no API key: send Authorization: Bearer <key>',
      refuse: { status: 401, code: 'InvalidApiKey' },
    });
  if (route.operation !== 'submit') return none();
  if (
    requiresAsyncHeader(profile) &&
    headerOf(headers, ASYNC_HEADER.name.toLowerCase())?.trim().toLowerCase() !== ASYNC_HEADER.value
  )
    return none({
      case: book.missingAsyncHeader,
      message: `the ${profile} contract requires the header ${ASYNC_HEADER.name}: ${ASYNC_HEADER.value} on a submit`,
      refuse: { status: 403, code: 'AccessDenied' },
    });
  const parsed = parseJson(bytes);
  if (!parsed.ok)
    return none({
      case: book.rejection('malformed-json'),
      message: `the request body is not valid JSON: ${parsed.reason}`,
      refuse: { status: 400, code: 'InvalidParameter' },
    });
  const body = parsed.value;
  const modelField = (body as { model?: unknown } | null)?.model;
  const model = isModelId(modelField) ? modelField : undefined;
  const result = validateSubmitRequest(body, { profile });
  if (!result.ok) {
    const variant = result.errors.map(variantOf).find((v) => v !== undefined);
    return {
      body,
      model,
      warnings: result.warnings,
      problem: {
        case: variant ? book.rejection(variant) : undefined,
        message: result.errors.map((e) => e.message).join('; '),
        refuse: { status: 400, code: 'InvalidParameter' },
      },
    };
  }
  if (model && !route.models.includes(model))
    return {
      body,
      model,
      warnings: result.warnings,
      problem: {
        case: undefined,
        message: `${model}: under the ${profile} profile this model is not submitted at this path`,
        refuse: { status: 400, code: 'InvalidParameter' },
      },
    };
  return { body, model, problem: undefined, warnings: result.warnings };
}
