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
