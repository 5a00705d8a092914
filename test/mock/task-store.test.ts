import { describe, expect, test } from 'vitest';
import { TaskStore } from '../../src/mock/store.js';
import { createTask } from '../../src/mock/task.js';
import { parseFaults } from '../../src/mock/faults/select.js';
import { exampleRequest } from './helpers.js';

const request = exampleRequest('wan2.2-i2v-flash', 'crazyrouter') as unknown as Parameters<typeof createTask>[0];
let next = 0;
const task = (now: number, stuck = false) =>
  createTask(request, {
    id: `t${next++}`,
    profile: 'crazyrouter',
    ...(stuck ? { faults: parseFaults('stuck') } : {}),
    now,
    pendingMs: 0,
    runningMs: 0,
    owner: 'k',
  });

describe('TaskStore', () => {
  test('keeps stuck tasks and the newest finished ones while 10,000 pass through a bound of 100', () => {
    const store = new TaskStore(100, 60_000);
    const stuck = Array.from({ length: 50 }, () => task(0, true));
    for (const t of stuck) store.add(t, 0);
    const finished = Array.from({ length: 10_000 }, () => task(1));
    for (const t of finished) store.add(t, 1);
    expect(store.size).toBe(100);
    for (const t of stuck) expect(store.get(t.id, 1)).toBe(t);
    expect(store.get(finished[finished.length - 1]!.id, 1)).toBeDefined();
    expect(store.get(finished[finished.length - 51]!.id, 1)).toBeUndefined();
  });

  test('drops the oldest task when none near the front has finished', () => {
    const store = new TaskStore(3, 60_000);
    const stuck = Array.from({ length: 4 }, () => task(0, true));
    for (const t of stuck) store.add(t, 0);
    expect(store.size).toBe(3);
    expect(store.get(stuck[0]!.id, 0)).toBeUndefined();
    expect(store.get(stuck[3]!.id, 0)).toBeDefined();
  });

  test('drops expired tasks on the next submit', () => {
    const store = new TaskStore(100, 1000);
    for (let i = 0; i < 10; i++) store.add(task(0), 0);
    store.add(task(1000), 1000);
    expect(store.size).toBe(1);
  });
});
