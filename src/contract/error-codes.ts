/** Official error codes by HTTP status (alibabacloud.com/help/en/model-studio/error-code). */
export const ERROR_CODES = {
  400: [
    'InvalidParameter',
    'BadRequest.EmptyInput',
    'BadRequest.EmptyParameters',
    'BadRequest.EmptyModel',
    'InvalidURL',
    'DataInspectionFailed',
    'Arrearage',
  ],
  401: ['InvalidApiKey'],
  403: ['AccessDenied', 'Model.AccessDenied', 'AccessDenied.Unpurchased', 'AllocationQuota.FreeTierOnly'],
  404: ['ModelNotFound', 'WorkSpaceNotFound'],
  408: ['RequestTimeOut'],
  413: ['BadRequest.TooLarge'],
  415: ['BadRequest.InputDownloadFailed', 'BadRequest.UnsupportedFileFormat'],
  429: ['Throttling', 'Throttling.RateQuota', 'Throttling.AllocationQuota', 'LimitRequests'],
  500: ['InternalError', 'InternalError.Algo', 'SystemError', 'InternalError.Timeout'],
  503: ['ModelUnavailable'],
} as const;

/** An official error code, derived from {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES][number];

const ALL_CODES = new Set<string>(Object.values(ERROR_CODES).flat());

/** True for a code the official error-code page lists. */
export function isOfficialErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && ALL_CODES.has(code);
}

/** The HTTP statuses the official page gives for a code. */
export function statusesOfCode(code: string): number[] {
  return Object.entries(ERROR_CODES)
    .filter(([, codes]) => (codes as readonly string[]).includes(code))
    .map(([status]) => Number(status));
}

/**
 * Codes a proxy in front of an implementation answers with when the upstream, not the client, failed: the official
 * page lists none for a gateway. Each with its HTTP status, in the contract's error body `{ request_id, code, message }`.
 */
export const GATEWAY_ERROR_CODES = {
  /** The upstream refused or reset the connection, or could not be reached. */
  UpstreamUnavailable: 502,
  /** The upstream answered something that is not the contract's JSON (an HTML page, a body over the limit). */
  UpstreamInvalidResponse: 502,
  /** The upstream's answer broke the contract and the proxy enforces it (the original is logged). */
  UpstreamContractViolation: 502,
  /** The upstream did not answer within the proxy's deadline. */
  UpstreamTimeout: 504,
} as const;

/** A gateway error code, derived from {@link GATEWAY_ERROR_CODES}. */
export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;
