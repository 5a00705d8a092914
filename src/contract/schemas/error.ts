import { Type, type Static } from '@sinclair/typebox';

/** The body of every non-200 answer (official error-code page). */
export const ErrorBody = Type.Object(
  {
    request_id: Type.String({ minLength: 1, description: 'Identifies the request in the provider logs.' }),
    code: Type.String({ minLength: 1, description: 'Official error code, e.g. InvalidParameter.' }),
    message: Type.String({ description: 'What went wrong, in words a person can act on.' }),
  },
  { title: 'ErrorBody', description: 'Error body of every non-200 answer.' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export {
  ERROR_CODES,
  isOfficialErrorCode,
  isWellFormedErrorCode,
  statusesOfCode,
  type ErrorCode,
} from '../error-codes.js';
