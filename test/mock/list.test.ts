import { describe, expect, test } from 'vitest';
import { createClient, taskListQuery, ContractError } from '../../src/client.js';
import { formatListTime, LIST_WINDOW_MS, parseListTime } from '../../src/contract/schemas/task-list.js';
import { validateTaskListResponse } from '../../src/validate/task-list.js';
import { exampleRequest, mockHarness, ORIGIN } from './helpers.js';

async function list(mock: ReturnType<typeof mockHarness>, query = '', key = 'test-key', base = '/api/v1') {
  const response = await mock.handle(
    new Request(`${ORIGIN}${base}/tasks${query}`, { headers: { authorization: `Bearer ${key}` } }),
  );
  return { status: response.status, body: (await response.json()) as any };
}

/** Three dashscope tasks one minute apart: t2v (ends SUCCEEDED), i2v, then a t2v still PENDING. */
async function seeded() {
  const mock = mockHarness({ pendingMs: 1000, runningMs: 2000 });
  const ids: string[] = [];
  for (const model of ['wan2.2-t2v-plus', 'wan2.2-i2v-flash', 'wan2.2-t2v-plus'] as const) {
    const { body } = await mock.submit('dashscope', exampleRequest(model, 'dashscope'));
    ids.push(body.output.task_id);
    mock.clock.advance(60_000);
  }
  mock.clock.advance(-59_500);
  return { mock, ids };
}

describe('list times', () => {
  test('reads and writes YYYYMMDDhhmmss in Beijing time', () => {
    expect(formatListTime(Date.UTC(2023, 3, 20, 11, 30, 58))).toBe('20230420193058');
    expect(parseListTime('20230420193058')).toBe(Date.UTC(2023, 3, 20, 11, 30, 58));
  });
  test.each(['2023042019305', '20230231120000', '2023-04-20 19:30'])('refuses %s', (value) => {
    expect(parseListTime(value)).toBeUndefined();
  });
});

describe('listTasks (GET /tasks, dashscope)', () => {
  test('lists the key’s tasks of the last 24 hours, newest first, in the official shape', async () => {
    const { mock, ids } = await seeded();
    const { status, body } = await list(mock);
    expect(status).toBe(200);
    expect(validateTaskListResponse(body, { profile: 'dashscope' }).ok).toBe(true);
    expect(body.data.map((t: { task_id: string }) => t.task_id)).toEqual([...ids].reverse());
    expect(body.data.map((t: { status: string }) => t.status)).toEqual(['PENDING', 'SUCCEEDED', 'SUCCEEDED']);
    expect(body).toMatchObject({ total: 3, total_page: 1, page_no: 1, page_size: 10 });
    expect(body.data[2]).toMatchObject({ model_name: 'wan2.2-t2v-plus', gmt_create: expect.any(Number) });
    expect(body.data[2].end_time).toBeGreaterThan(body.data[2].start_time);
    expect(body.data[0].end_time).toBeUndefined();
  });

  test('filters by model_name and status, and pages with page_no and page_size', async () => {
    const { mock, ids } = await seeded();
    expect((await list(mock, '?model_name=wan2.2-t2v-plus')).body.total).toBe(2);
    expect((await list(mock, '?status=PENDING')).body.data.map((t: { task_id: string }) => t.task_id)).toEqual([
      ids[2],
    ]);
    const page = await list(mock, '?page_no=2&page_size=2');
    expect(page.body).toMatchObject({ total: 3, total_page: 2, page_no: 2, page_size: 2 });
    expect(page.body.data.map((t: { task_id: string }) => t.task_id)).toEqual([ids[0]]);
    expect((await list(mock, `?task_id=${ids[1]}`)).body.data).toHaveLength(1);
  });

  test('keeps to the start_time and end_time window, and accepts the trailing slash of the official URL', async () => {
    const { mock, ids } = await seeded();
    const first = parseListTime(formatListTime(mock.clock.now() - 120_500))!;
    const window = `?start_time=${formatListTime(first - 1000)}&end_time=${formatListTime(first + 30_000)}`;
    const { status, body } = await list(mock, window.replace('?', '/?'));
    expect(status).toBe(200);
    expect(body.data.map((t: { task_id: string }) => t.task_id)).toEqual([ids[0]]);
  });

  test.each([
    ['?start_time=2023-04-20', /start_time must be a date as YYYYMMDDhhmmss/],
    ['?start_time=20230420000000&end_time=20230422000000', /at most 24 hours apart/],
    ['?start_time=20230421000000&end_time=20230420000000', /before start_time/],
    ['?status=succeeded', /status must be one of PENDING, RUNNING, SUSPENDED/],
    ['?page_size=0', /page_size must be an integer of at least 1/],
  ])('answers %s with 400 InvalidParameter saying what was expected', async (query, message) => {
    const { mock } = await seeded();
    const { status, body } = await list(mock, query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'InvalidParameter', message: expect.stringMatching(message) });
  });

  test('lists neither another key’s tasks nor expired ones, and is not part of crazyrouter', async () => {
    const { mock } = await seeded();
    expect((await list(mock, '', 'other-key')).body.total).toBe(0);
    expect((await list(mock, '', 'test-key', '/alibailian/api/v1')).status).toBe(404);
    mock.clock.advance(LIST_WINDOW_MS + 180_000);
    const later = await list(mock, `?end_time=${formatListTime(mock.clock.now())}`);
    expect(later.body.total).toBe(0);
  });
});

describe('client.listTasks', () => {
  test('sends the official filters and returns the validated page', async () => {
    const { mock, ids } = await seeded();
    const client = createClient({
      baseUrl: `${ORIGIN}/api/v1`,
      apiKey: 'test-key',
      profile: 'dashscope',
      fetch: (input, init) => mock.handle(new Request(input as string, init)),
    });
    const page = await client.listTasks({ model: 'wan2.2-t2v-plus', status: 'SUCCEEDED', pageSize: 5 });
    expect(page.data.map((t) => t.task_id)).toEqual([ids[0]]);
  });

  test('writes Dates as Beijing time and refuses a malformed bound before sending', () => {
    expect(taskListQuery({ startTime: new Date(Date.UTC(2023, 3, 20, 11, 30, 58)), pageNo: 2, status: 'FAILED' })).toBe(
      '?start_time=20230420193058&status=FAILED&page_no=2',
    );
    expect(() => taskListQuery({ endTime: '2023-04-20' })).toThrow(
      /endTime must be a Date, epoch ms or YYYYMMDDhhmmss/,
    );
    expect(() => taskListQuery({ pageSize: 0 })).toThrow(/page_size must be an integer of at least 1/);
  });

  test('is not part of the crazyrouter contract', async () => {
    const client = createClient({ baseUrl: 'http://h/alibailian/api/v1', profile: 'crazyrouter', fetch });
    await expect(client.listTasks()).rejects.toBeInstanceOf(ContractError);
  });
});
