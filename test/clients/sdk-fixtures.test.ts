import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import { createMockHandler } from '../../src/mock.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';

/** A fixture file: request bodies an official SDK builds, taken from its sources (file and commit inside). */
interface SdkFixture {
  readonly sdk: string;
  readonly source: { readonly repository: string; readonly commit: string; readonly files: readonly string[] };
  readonly requests: readonly {
    readonly call: string;
    readonly arguments: string;
    readonly profile: ProfileId;
    readonly path: string;
    readonly body: { readonly model: string };
  }[];
}

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/sdk-requests/${name}.json`, import.meta.url), 'utf8')) as SdkFixture;

describe.each(['java', 'node'])('official %s SDK request shapes', (name) => {
  const fixture = load(name);

  test('cites the SDK source by repository, commit and file', () => {
    expect(fixture.source.repository).toMatch(/^https:\/\/github\.com\/dashscope\//);
    expect(fixture.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.source.files.length).toBeGreaterThan(0);
  });

  test.each(fixture.requests.map((r) => [`${r.body.model} ${r.profile} (${r.arguments})`, r] as const))(
    '%s: validateSubmitRequest accepts the body and the mock creates the task at the SDK path',
    async (_, request) => {
      const result = validateSubmitRequest(request.body, { profile: request.profile });
      expect(result.ok, JSON.stringify(result.ok ? [] : result.errors)).toBe(true);
      const handle = createMockHandler({ pendingMs: 0, runningMs: 0 });
      const response = await handle(
        new Request(`http://mock.test${PROFILES[request.profile].basePath}${request.path}`, {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'X-DashScope-Async': 'enable' },
          body: JSON.stringify(request.body),
        }),
      );
      expect(response.status, await response.clone().text()).toBe(200);
    },
  );
});
