import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { REQUEST_VARIANTS } from '../../src/rules/case.js';
import { casesMarkdown } from '../../src/rules/catalogue.js';
import { loadCases } from '../../src/rules/load.js';
import { buildRequest } from '../../src/conformance/plan/requests.js';
import { CAPABILITY_IDS } from '../../src/contract/capabilities.js';
import { MODEL_IDS, modelsOfProfile, resolutionsOf } from '../../src/contract/models.js';
import { submitOperationOf } from '../../src/contract/operations.js';
import { PROFILE_IDS, type ProfileId } from '../../src/contract/profiles.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';

const cases = loadCases();

type OpenApi = { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>> };
const specs = Object.fromEntries(
  PROFILE_IDS.map((p) => [
    p,
    JSON.parse(readFileSync(new URL(`../../spec/${p}.openapi.json`, import.meta.url), 'utf8')) as OpenApi,
  ]),
) as Record<ProfileId, OpenApi>;

function operation(profile: ProfileId, operationId: string) {
  for (const methods of Object.values(specs[profile].paths))
    for (const op of Object.values(methods)) if (op.operationId === operationId) return op;
  return undefined;
}

describe('the case corpus', () => {
  test('has unique ids and unique descriptions', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.description)).size).toBe(cases.length);
  });

  test('writes descriptions in the present tense, at most 70 characters, without "should"', () => {
    for (const c of cases) {
      expect(c.description.length, c.id).toBeLessThanOrEqual(70);
      expect(c.description, c.id).not.toMatch(/\bshould\b/i);
      expect(c.description, c.id).toMatch(/^[A-Z][a-z]+s /);
    }
  });

  test('resolves every contract reference in the generated OpenAPI document of each profile', () => {
    for (const c of cases) {
      for (const profile of c.profiles) {
        const op = operation(profile, c.ref.operationId);
        expect(op, `${c.id}: ${c.ref.operationId} in spec/${profile}.openapi.json`).toBeDefined();
        expect(
          Object.keys(op?.responses ?? {}),
          `${c.id}: ${c.ref.operationId} ${c.ref.status} under ${profile}`,
        ).toContain(c.ref.status);
        // Per model the runner reports the submit operation of the model's path (resultBase): it must resolve too.
        if (c.ref.operationId !== 'createVideoTask' || c.scope === 'target') continue;
        for (const model of modelsOfProfile(profile)) {
          const perModel = operation(profile, submitOperationOf(profile, model));
          expect(Object.keys(perModel?.responses ?? {}), `${c.id} for ${model} under ${profile}`).toContain(
            c.ref.status,
          );
        }
      }
    }
  });

  test('names only capabilities and models of the registry, and the loader refuses a case that names another', () => {
    const named = cases.flatMap((c) => [...(c.needs?.capabilities ?? []), ...(c.needs?.models ?? [])]);
    // The corpus does narrow cases by capability and model, so the loop below checks something.
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect([...CAPABILITY_IDS, ...MODEL_IDS]).toContain(name);
    // A corpus that names a capability the registry lacks is refused when it is loaded, with the place named.
    const dir = mkdtempSync(join(tmpdir(), 'wan-cases-'));
    try {
      const broken = cases.find((c) => c.needs?.capabilities)!;
      const { file: _file, ...definition } = broken;
      const bogus = { ...definition, needs: { ...definition.needs, capabilities: ['text-to-hologram'] } };
      writeFileSync(join(dir, '1-broken.yaml'), stringify([bogus]));
      expect(() => loadCases(dir)).toThrow(
        /^1-broken\.yaml, case 1: needs\.capabilities\.0: .* received "text-to-hologram"$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('covers every level', () => {
    expect(new Set(cases.map((c) => c.level))).toEqual(new Set(['MUST', 'SHOULD', 'MAY']));
  });

  test('keeps conformance/CASES.md in step with the cases (regenerate with npm run cases)', () => {
    expect(readFileSync(new URL('../../conformance/CASES.md', import.meta.url), 'utf8')).toBe(
      `${casesMarkdown(cases)}\n`,
    );
  });
});

describe('buildRequest', () => {
  test.each(PROFILE_IDS.flatMap((p) => modelsOfProfile(p).map((m) => [p, m] as const)))(
    'builds a valid %s request for %s at every tier',
    (profile, model) => {
      for (const tier of resolutionsOf(model)) {
        const built = buildRequest('valid', profile, model, tier);
        expect(built.applies && validateSubmitRequest(built.body, { profile }).ok).toBe(true);
      }
    },
  );

  test.each(PROFILE_IDS.flatMap((p) => modelsOfProfile(p).map((m) => [p, m] as const)))(
    'builds %s requests for %s that the contract forbids',
    (profile, model) => {
      for (const variant of [
        'unsupported-resolution',
        'unsupported-duration',
        'missing-required-input',
        'unknown-model',
      ] as const) {
        const built = buildRequest(variant, profile, model, resolutionsOf(model)[0] as never);
        if (!built.applies) continue;
        expect(validateSubmitRequest(built.body, { profile }).ok, `${variant}`).toBe(false);
      }
    },
  );

  test('builds accepted tolerance requests', () => {
    for (const variant of ['sdk-extras', 't2v-size'] as const) {
      const built = buildRequest(variant, 'crazyrouter', 'wan2.2-t2v-plus', '480P');
      expect(built.applies && validateSubmitRequest(built.body, { profile: 'crazyrouter' }).ok, variant).toBe(true);
    }
    // Every variant a case asks for is one the builder makes, and every variant it makes is asked for by a case.
    const asked = new Set(cases.flatMap((c) => c.steps.flatMap((step) => ('send' in step ? [step.send.request] : []))));
    asked.delete(undefined);
    expect([...asked].sort()).toEqual([...REQUEST_VARIANTS].sort());
    const raw = buildRequest('malformed-json', 'crazyrouter', 'wan2.2-t2v-plus', '480P');
    expect(() => JSON.parse(raw.applies ? (raw.rawBody ?? '') : '')).toThrow();
  });
});
