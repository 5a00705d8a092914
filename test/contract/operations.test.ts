import { describe, expect, test } from 'vitest';
import { MODEL_IDS } from '../../src/contract/models.js';
import {
  OPERATIONS,
  OPERATION_IDS,
  matchOperationPath,
  offers,
  operationsOf,
  pathOf,
  submitOperationOf,
  submitRoutes,
} from '../../src/contract/operations.js';
import { PROFILES, PROFILE_IDS } from '../../src/contract/profiles.js';
import { profileDecisionsTable } from '../../src/openapi/tables.js';
import {
  isForwardTransition,
  isTerminalStatus,
  STATUS_RANK,
  statusesOf,
  TASK_STATUSES,
} from '../../src/contract/statuses.js';

describe('pathOf', () => {
  test.each([
    { op: 'getTask', id: 'abc', want: '/tasks/abc' },
    { op: 'getTask', id: 'a/b c', want: '/tasks/a%2Fb%20c' },
    { op: 'getTask', id: '%41', want: '/tasks/%2541' },
    { op: 'cancelTask', id: 'abc', want: '/tasks/abc/cancel' },
  ] as const)('encodes task_id $id once for $op', ({ op, id, want }) => {
    expect(pathOf(op, { task_id: id })).toBe(want);
  });

  test('gives a submit path without parameters', () => {
    expect(pathOf('createVideoTask')).toBe('/services/aigc/video-generation/video-synthesis');
    expect(pathOf('createImageToVideoTask')).toBe('/services/aigc/image2video/video-synthesis');
  });

  test('refuses a missing parameter with its name', () => {
    expect(() => pathOf('getTask', {} as { task_id: string })).toThrow(
      'getTask: path parameter task_id must be a string',
    );
  });
});

describe('submitOperationOf', () => {
  test('submits every model at one path on crazyrouter and kf2v and s2v on image2video on dashscope', () => {
    expect(MODEL_IDS.map((m) => submitOperationOf('crazyrouter', m))).toEqual(MODEL_IDS.map(() => 'createVideoTask'));
    expect(MODEL_IDS.filter((m) => submitOperationOf('dashscope', m) === 'createImageToVideoTask')).toEqual([
      'wan2.2-kf2v-flash',
      'wan2.2-s2v',
    ]);
  });

  test('names only operations the profile offers', () => {
    for (const profile of PROFILE_IDS)
      for (const model of MODEL_IDS) expect(offers(profile, submitOperationOf(profile, model))).toBe(true);
  });

  test('groups the models of each submit path', () => {
    expect(submitRoutes('dashscope').map((r) => [r.operation, r.models.length])).toEqual([
      ['createVideoTask', 17],
      ['createImageToVideoTask', 2],
    ]);
  });
});

describe('OPERATIONS', () => {
  test('keys each operation by its id', () => {
    for (const op of OPERATION_IDS) expect(OPERATIONS[op].id).toBe(op);
  });

  test('offers cancel and the task list on dashscope only', () => {
    expect(PROFILE_IDS.filter((p) => offers(p, 'cancelTask'))).toEqual(['dashscope']);
    expect(PROFILE_IDS.filter((p) => offers(p, 'listTasks'))).toEqual(['dashscope']);
    expect(operationsOf('crazyrouter')).toEqual(['createVideoTask', 'createImageToVideoTask', 'getTask']);
  });

  test('routes kf2v and s2v to the official image2video path as an alias under crazyrouter', () => {
    expect(submitRoutes('crazyrouter').filter((r) => r.alias)).toEqual([
      {
        operation: 'createImageToVideoTask',
        path: '/services/aigc/image2video/video-synthesis',
        models: ['wan2.2-kf2v-flash', 'wan2.2-s2v'],
        alias: true,
      },
    ]);
    expect(submitRoutes('dashscope').some((r) => r.alias)).toBe(false);
  });
});

describe('matchOperationPath', () => {
  test.each([
    { profile: 'dashscope', path: '/tasks/a%2Fb', want: { operations: ['getTask'], params: { task_id: 'a/b' } } },
    { profile: 'dashscope', path: '/tasks/x/cancel', want: { operations: ['cancelTask'], params: { task_id: 'x' } } },
    {
      profile: 'dashscope',
      path: '/services/aigc/image2video/video-synthesis',
      want: { operations: ['createImageToVideoTask'], params: {} },
    },
    { profile: 'crazyrouter', path: '/tasks/x/cancel', want: undefined },
    {
      profile: 'crazyrouter',
      path: '/services/aigc/image2video/video-synthesis',
      want: { operations: ['createImageToVideoTask'], params: {} },
    },
    { profile: 'dashscope', path: '/tasks', want: { operations: ['listTasks'], params: {} } },
    { profile: 'crazyrouter', path: '/tasks', want: undefined },
    { profile: 'crazyrouter', path: '/tasks/', want: undefined },
    { profile: 'crazyrouter', path: '/tasks/x/y', want: undefined },
  ] as const)('$profile: $path', ({ profile, path, want }) => {
    expect(matchOperationPath(profile, path)).toEqual(want);
  });
});

describe('SUSPENDED', () => {
  test('is an intermediate status under both profiles: RUNNING and SUSPENDED may follow each other, never PENDING', () => {
    for (const p of PROFILE_IDS) expect(statusesOf(p)).toContain('SUSPENDED');
    expect(isTerminalStatus('SUSPENDED')).toBe(false);
    expect(isForwardTransition('RUNNING', 'SUSPENDED')).toBe(true);
    expect(isForwardTransition('SUSPENDED', 'RUNNING')).toBe(true);
    expect(isForwardTransition('SUSPENDED', 'SUCCEEDED')).toBe(true);
    expect(isForwardTransition('SUSPENDED', 'PENDING')).toBe(false);
    expect(isForwardTransition('SUCCEEDED', 'SUSPENDED')).toBe(false);
  });

  test('records each profile decision with an official source', () => {
    const table = profileDecisionsTable();
    for (const p of PROFILE_IDS) {
      expect(PROFILES[p].suspendedStatus.source).toMatch(/dashscope-sdk-python .*TaskStatus/);
      expect(table).toContain(PROFILES[p].officialSubmitPathAlias.source);
    }
    expect(PROFILES.crazyrouter.officialSubmitPathAlias.source).toContain('wan-s2v-api');
  });
});

describe('STATUS_RANK', () => {
  test('ranks PENDING below RUNNING and SUSPENDED below every terminal status', () => {
    expect(TASK_STATUSES.map((s) => STATUS_RANK[s])).toEqual([0, 1, 1, 2, 2, 2, 2]);
  });
});
