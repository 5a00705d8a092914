import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { findBreakingChanges, type BreakingCode } from '../../src/openapi/breaking.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROFILES = ['crazyrouter', 'dashscope'] as const;
type Doc = Record<string, any>;
const read = (path: string): Doc => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Doc;
const major = (version: string) => Number(version.split('.')[0]);
const codes = (before: Doc, after: Doc): BreakingCode[] => findBreakingChanges(before, after).map((c) => c.code);

const SUBMIT = '/services/aigc/video-generation/video-synthesis';
const T2V = 'SubmitRequest.wan2.2-t2v-plus';

describe('versioning', () => {
  test('keeps the package version equal to the contract version', () => {
    expect(read('package.json').version).toBe(CONTRACT_VERSION);
    for (const profile of PROFILES) expect(read(`spec/${profile}.openapi.json`).info.version).toBe(CONTRACT_VERSION);
  });

  test.each(PROFILES)('changes the %s document only compatibly unless the major version goes up', (profile) => {
    const released = read(`spec/released/${profile}.openapi.json`);
    const current = read(`spec/${profile}.openapi.json`);
    const releasedVersion = String(released.info.version);
    expect(major(CONTRACT_VERSION)).toBeGreaterThanOrEqual(major(releasedVersion));
    const breaking = findBreakingChanges(released, current);
    if (major(CONTRACT_VERSION) === major(releasedVersion)) {
      // On failure: revert the change, or bump the major of CONTRACT_VERSION and package.json (spec/released/README.md).
      expect(breaking.map((c) => c.message)).toEqual([]);
    }
  });
});

describe('findBreakingChanges', () => {
  const base = read('spec/crazyrouter.openapi.json');
  const edit = (change: (doc: Doc) => void): Doc => {
    const doc = structuredClone(base);
    change(doc);
    return doc;
  };

  test('passes the identical document', () => {
    expect(findBreakingChanges(base, structuredClone(base))).toEqual([]);
  });

  test('flags a resolution removed from a request enum', () => {
    const after = edit((doc) => {
      const resolution = doc.components.schemas[T2V].properties.parameters.properties.resolution;
      resolution.enum = resolution.enum.filter((value: string) => value !== '480P');
    });
    expect(findBreakingChanges(base, after)).toEqual([
      {
        code: 'request-enum-narrowed',
        location: `POST ${SUBMIT} request body (wan2.2-t2v-plus).parameters.resolution`,
        message: `POST ${SUBMIT} request body (wan2.2-t2v-plus).parameters.resolution: no longer accepts "480P"; accepts "1080P"`,
      },
    ]);
  });

  test('flags a newly required request field', () => {
    const after = edit((doc) => {
      doc.components.schemas[T2V].properties.parameters.required = ['seed'];
    });
    expect(codes(base, after)).toEqual(['request-property-now-required']);
    expect(findBreakingChanges(base, after)[0]!.location).toBe(
      `POST ${SUBMIT} request body (wan2.2-t2v-plus).parameters.seed`,
    );
  });

  test('flags a status value removed from a response enum, but not one added to a request enum', () => {
    const narrowed = edit((doc) => {
      const status = doc.components.schemas.TaskOutputUnknown.properties.task_status;
      if (Array.isArray(status.enum)) status.enum = status.enum.filter((v: string) => v !== 'UNKNOWN');
      else status.const = 'GONE';
    });
    expect(codes(base, narrowed)).toContain('response-enum-value-removed');
    const widened = edit((doc) => {
      doc.components.schemas[T2V].properties.parameters.properties.resolution.enum.push('720P');
    });
    expect(findBreakingChanges(base, widened)).toEqual([]);
  });

  test('flags removed paths, operations and response codes, and changed types', () => {
    expect(
      codes(
        base,
        edit((doc) => delete doc.paths['/tasks/{task_id}']),
      ),
    ).toEqual(['path-removed']);
    expect(
      codes(
        base,
        edit((doc) => delete doc.paths[SUBMIT].post),
      ),
    ).toEqual(['operation-removed']);
    expect(
      codes(
        base,
        edit((doc) => delete doc.paths[SUBMIT].post.responses['429']),
      ),
    ).toEqual(['response-removed']);
    const retyped = edit((doc) => {
      doc.components.schemas[T2V].properties.parameters.properties.duration.type = 'string';
    });
    expect(codes(base, retyped)).toContain('type-changed');
  });

  test('finds the documented profile differences from crazyrouter to dashscope', () => {
    const changes = findBreakingChanges(base, read('spec/dashscope.openapi.json'));
    expect(new Set(changes.map((c) => c.code))).toEqual(
      new Set([
        'parameter-now-required',
        'request-property-removed',
        'request-variant-removed',
        'response-property-now-optional',
      ]),
    );
    expect(changes.map((c) => c.location)).toContain(`POST ${SUBMIT} header parameter X-DashScope-Async`);
  });
});
