/**
 * Official error codes by HTTP status (help.aliyun.com/zh/model-studio/error-code). The list is open: "models may
 * add their own codes" (the same page), so a well-formed code missing here is not a contract violation
 * ({@link isWellFormedErrorCode}). The codes that apply to video synthesis and its account, billing and
 * throttling states are listed; a code can appear under more than one status, as on the page.
 */
export const ERROR_CODES = {
  400: [
    'InvalidParameter',
    'BadRequest.EmptyInput',
    'BadRequest.EmptyParameters',
    'BadRequest.EmptyModel',
    'BadRequest.IllegalInput',
    'BadRequest.InputDownloadFailed',
    'InvalidURL',
    'InvalidURL.ConnectionRefused',
    'InvalidURL.Timeout',
    'InvalidParameter.DataInspection',
    'DataInspectionFailed',
    'IPInfringementSuspect',
    'UnsupportedOperation',
    'Arrearage',
  ],
  401: ['InvalidApiKey', 'NOT AUTHORIZED'],
  403: [
    'AccessDenied',
    'AccessDenied.Unpurchased',
    'Model.AccessDenied',
    'App.AccessDenied',
    'Workspace.AccessDenied',
    'AllocationQuota.FreeTierOnly',
  ],
  404: ['ModelNotFound', 'WorkSpaceNotFound', 'NotFound'],
  408: ['RequestTimeOut'],
  413: ['BadRequest.TooLarge'],
  415: ['BadRequest.InputDownloadFailed', 'BadRequest.UnsupportedFileFormat'],
  429: [
    'Throttling',
    'Throttling.RateQuota',
    'Throttling.BurstRate',
    'Throttling.AllocationQuota',
    'LimitRequests',
    'CommodityNotPurchased',
    'PrepaidBillOverdue',
    'PostpaidBillOverdue',
  ],
  500: [
    'InternalError',
    'InternalError.Algo',
    'InternalError.Timeout',
    'InternalError.FileUpload',
    'InternalError.Upload',
    'SystemError',
    'ModelServiceFailed',
    'RequestTimeOut',
  ],
  503: ['ModelUnavailable', 'ModelServingError'],
} as const;

/** An official error code, derived from {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES][number];

const ALL_CODES = new Set<string>(Object.values(ERROR_CODES).flat());

/** True for a code the official error-code page lists. */
export function isOfficialErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && ALL_CODES.has(code);
}

/**
 * The shape of every code on the official page: dotted words (`Throttling.RateQuota`), the OpenAI-compatible
 * snake case (`invalid_api_key`), or capitals with a space (`NOT AUTHORIZED`). A code of this shape that the list
 * lacks is a model's own code: worth a warning, never a failure.
 */
const WELL_FORMED_CODE = /^[A-Za-z][A-Za-z0-9_]*(?:[. ][A-Za-z0-9_]+)*$/;

/** True for a string shaped like an error code, known or not. */
export function isWellFormedErrorCode(code: unknown): code is string {
  return typeof code === 'string' && code.length <= 100 && WELL_FORMED_CODE.test(code);
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
