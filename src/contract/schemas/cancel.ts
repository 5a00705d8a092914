import { Type, type Static } from '@sinclair/typebox';

/** The cancel answer: HTTP 200 with the request id (official "Cancel a task" reference). */
export const CancelResponse = Type.Object(
  { request_id: Type.String({ minLength: 1 }) },
  { title: 'CancelResponse', description: 'The task was canceled.' },
);
export type CancelResponse = Static<typeof CancelResponse>;
