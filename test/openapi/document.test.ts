import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { PAGE_EXAMPLES } from '../../src/contract/examples.js';
import { modelsOfProfile } from '../../src/contract/models.js';
import { offers, submitRoutes } from '../../src/contract/operations.js';
import { PROFILE_IDS, PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import { buildOpenApiDocument, ERROR_RESPONSES } from '../../src/openapi/document.js';
import { specFiles } from '../../src/openapi/files.js';
import { profileDifferencesTable } from '../../src/openapi/tables.js';

type Json = Record<string, any>;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

/** Every (schema, example) pair of a document, with a label saying where it stands. */
function examplesOf(document: Json): { where: string; schema: Json; value: unknown }[] {
  const pairs: { where: string; schema: Json; value: unknown }[] = [];
  const visitContent = (where: string, content: Json | undefined) => {
    for (const [media, body] of Object.entries(content ?? {})) {
      for (const [name, example] of Object.entries((body as Json).examples ?? {}))
        pairs.push({
          where: `${where} ${media} ${name}`,
          schema: (body as Json).schema,
          value: (example as Json).value,
        });
    }
  };
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      visitContent(`${method.toUpperCase()} ${path} request`, op.requestBody?.content);
      for (const [status, response] of Object.entries(op.responses as Json))
        if (!('$ref' in (response as Json)))
          visitContent(`${method.toUpperCase()} ${path} ${status}`, (response as Json).content);
    }
  }
  for (const [name, response] of Object.entries(document.components.responses as Json))
    visitContent(`response ${name}`, (response as Json).content);
  return pairs;
}

function validatorFor(document: Json) {
  // A fresh ajv with OpenAPI's `discriminator` as an annotation: oneOf is then checked in full (exactly one branch).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: document.components });
  return (schema: Json) =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')));
}

describe.each(PROFILE_IDS)('the %s document', (profile: ProfileId) => {
  const document = JSON.parse(specFiles()[`${profile}.openapi.json`]!) as Json;

  test('validates every example against its schema', () => {
    const compile = validatorFor(document);
    const pairs = examplesOf(document);
    expect(pairs.length).toBeGreaterThan(15);
    for (const { where, schema, value } of pairs) {
      const validate = compile(schema);
      expect(validate(value), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  test('rejects a body that breaks the contract (the example check can fail)', () => {
    const compile = validatorFor(document);
    const submit = document.paths[submitRoutes(profile)[0]!.path].post.requestBody.content['application/json'].schema;
    expect(compile(submit)({ model: 'wan2.2-t2v-plus', input: { prompt: 'x' }, parameters: { duration: 10 } })).toBe(
      false,
    );
  });

  test('documents every operation with an operationId, bearer security and every error status', () => {
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.values(document.paths as Json).flatMap((item) => Object.values(item as Json));
    expect(operations.map((op) => op.operationId).sort()).toEqual(
      [
        ...new Set(
          submitRoutes(profile).map((r) =>
            r.path.includes('image2video') ? 'createImageToVideoTask' : 'createVideoTask',
          ),
        ),
        'getTask',
        ...(offers(profile, 'cancelTask') ? ['cancelTask'] : []),
        ...(offers(profile, 'listTasks') ? ['listTasks'] : []),
      ].sort(),
    );
    for (const op of operations) expect(Object.keys(op.responses)).toEqual(['200', ...Object.keys(ERROR_RESPONSES)]);
    for (const name of Object.values(ERROR_RESPONSES).map((r) => r.name)) {
      expect(document.components.responses[name].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorBody',
      });
    }
  });

  test('puts one request schema per model under a oneOf discriminated by model', () => {
    const mapped = submitRoutes(profile).flatMap((route) => {
      const schema = document.paths[route.path].post.requestBody.content['application/json'].schema;
      expect(schema.discriminator.propertyName).toBe('model');
      expect(schema.oneOf).toHaveLength(route.models.length);
      expect(Object.keys(schema.discriminator.mapping)).toEqual(route.models);
      return route.alias ? [] : route.models;
    });
    expect(mapped.sort()).toEqual(modelsOfProfile(profile).sort());
  });

  test('marks the async header as the profile requires', () => {
    expect(document.components.parameters.AsyncHeader).toMatchObject({
      name: 'X-DashScope-Async',
      in: 'header',
      required: PROFILES[profile].asyncHeader === 'required',
    });
  });
});

describe('the crazyrouter document', () => {
  test("carries the page's three request examples verbatim", () => {
    const document = buildOpenApiDocument('crazyrouter') as Json;
    const examples =
      document.paths['/services/aigc/video-generation/video-synthesis'].post.requestBody.content['application/json']
        .examples;
    for (const [capability, body] of Object.entries(PAGE_EXAMPLES))
      expect(examples[`page-${capability}`].value).toEqual(body);
  });
});

describe('specFiles', () => {
  test('is byte-identical on a second run', () => {
    expect(specFiles()).toEqual(specFiles());
  });

  test('marks every generated file as generated', () => {
    for (const [name, content] of Object.entries(specFiles()))
      expect(content.slice(0, 400), name).toContain('do not edit');
  });
});

describe('profileDifferencesTable', () => {
  test('lists each differing fact once, with both values', () => {
    const table = profileDifferencesTable();
    expect(table).toContain('| Base path | `/alibailian/api/v1` | `/api/v1` |');
    expect(table).toContain('`output.results.video_url`');
    expect(table).toContain('| X-DashScope-Async: enable | `optional` | `required` |');
    expect(table).toContain('| GET /tasks | not offered | supported |');
    expect(table).toContain('(alias for wan2.2-kf2v-flash, wan2.2-s2v)');
    expect(table.split('\n')).toHaveLength(2 + 9);
  });
});
