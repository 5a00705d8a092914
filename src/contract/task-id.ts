/**
 * The task ids this contract calls plain: 1 to 128 ASCII letters, digits, `-` and `_`. The official service issues
 * UUIDs ("task_id": "0385dc79-5ff8-4d82-bcb6-xxxxxxxxxxxx" in the task query examples) and gateways issue ids of the
 * same alphabet. Any other id (very long, non-ASCII, with slashes or `..`) is malformed: a service may refuse it
 * (4xx) or answer UNKNOWN, but never with a 5xx (case `malformed-task-id-no-server-error`).
 */
export const PLAIN_TASK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Whether a task id is plain (see {@link PLAIN_TASK_ID}); false for a malformed one. */
export function isPlainTaskId(id: string): boolean {
  return PLAIN_TASK_ID.test(id);
}
