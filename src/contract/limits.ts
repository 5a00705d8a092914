/**
 * Task queries allowed per second per account (reference: "Rate limits": task query, 20 requests per second per
 * account). A client that polls faster is throttled upstream.
 */
export const TASK_QUERY_RPS = 20;
