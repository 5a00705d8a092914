/** A scripted fake `fetch` for client tests: answers from a function, records every request. */
export interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function fakeFetch(answer: (req: Seen, index: number) => Response | Promise<Response>): {
  fetch: typeof fetch;
  seen: Seen[];
} {
  const seen: Seen[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const req: Seen = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    seen.push(req);
    return answer(req, seen.length - 1);
  };
  return { fetch: impl as typeof fetch, seen };
}

/** A fake clock whose sleep advances time instantly and records each delay. */
export function fakeClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export const submitted = (id = 't-1') => ({ request_id: 'r-submit', output: { task_id: id, task_status: 'PENDING' } });
export const task = (status: string, id = 't-1', extra: Record<string, unknown> = {}) => ({
  request_id: `r-${status}`,
  output: {
    task_id: id,
    task_status: status,
    ...(status === 'SUCCEEDED' ? { video_url: 'https://cdn.example.com/v.mp4' } : {}),
    ...extra,
  },
});
