import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_IDS } from '../../src/contract/models.js';

// The smoke test installs the packed tarball into a fresh project outside the repository and uses it the way a
// user would. It packs the dist/ that `npm test` has just built (`lint:package` runs `npm run build`), without
// re-running `prepare`. `.ci/run` runs this file again with Node 24 first on PATH; WAN_SMOKE_NODE_MAJOR then
// names the major version the consumer's `node` must have, so the run cannot silently fall back to Node 20.

const ROOT = resolve(import.meta.dirname, '../..');
// TypeScript 7, what a fresh project's `npm install typescript` installs today (the native compiler).
const TSC = join(ROOT, 'node_modules/typescript7/bin/tsc');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let work = '';
let app = '';

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd ?? app,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...options.env },
    timeout: 120_000,
  });
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/registry.js')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'wan-smoke-'));
  app = join(work, 'app');
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string }[];
  const tarball = join(work, packed[0]!.filename);
  execFileSync('mkdir', [app]);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'wan-smoke-consumer', private: true, version: '0.0.0' }, null, 2),
  );
  ok(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball]));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const COMPILER_OPTIONS = {
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: [],
};

/** A consumer of the package's types: ESM and CommonJS, and a file with four mistakes the types must refuse. */
function writeConsumer(): string[] {
  writeFileSync(
    join(app, 'consumer.mts'),
    [
      "import type { Static } from '@sinclair/typebox';",
      "import { quote, quoteAny, type ModelId, type Quote } from 'wan-video-contract';",
      "import { SubmitResponse, TaskUsage, validateSubmitRequest, type SubmitRequest, type TaskResponse } from 'wan-video-contract/schemas';",
      '',
      "const model = 'wan2.2-t2v-plus' satisfies ModelId;",
      "const q: Quote = quote({ model, resolution: '1080P', duration: 5 });",
      "const read: string = 'wan2.2-s2v';",
      "const fromText: Quote = quoteAny({ model: read, resolution: '480P', duration: '18.13' });",
      'const minor: number = q.amountMinor;',
      "const request: SubmitRequest<'wan2.2-t2v-plus'> = { model, input: { prompt: 'a cat' }, parameters: { resolution: '1080P' } };",
      "const accepted: Static<typeof SubmitResponse> = { output: { task_id: 't-1', task_status: 'PENDING' }, request_id: 'r-1' };",
      "const status: TaskResponse['output']['task_status'] = accepted.output.task_status;",
      'const usage: Partial<Static<typeof TaskUsage>> = {};',
      "const checked = validateSubmitRequest(request, { profile: 'dashscope' });",
      'export { minor, status, checked, usage, fromText };',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'consumer.cts'),
    [
      "import contract = require('wan-video-contract');",
      "const q: contract.Quote = contract.quote({ model: 'wan2.2-i2v-flash', resolution: '480P', duration: 5 });",
      'export = q.amount;',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'wrong.mts'),
    [
      "import { quote } from 'wan-video-contract';",
      "quote({ modle: 'wan2.2-t2v-plus' });",
      "quote({ model: 'wan9-nope', resolution: '720P', duration: 5 });",
      "quote({ model: 'wan2.2-t2v-plus', resolution: '720P' });",
      "quote({ model: 'wan2.2-i2v-flash', duration: 10 });",
      '',
    ].join('\n'),
  );
  return ['consumer.mts', 'consumer.cts', 'wrong.mts'];
}

/**
 * The snippets of the README and the docs, as written. The .cts copy keeps the imports at the top and wraps the
 * rest in an async function (CommonJS has no top-level await); `body` and `process` are declared.
 */
function writeSnippets(): string[] {
  const docs = ['README.md', 'conformance/CONFORMANCE.md', 'docs/getting-started.md'];
  const snippets = docs.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map(
      (m) => m[1] as string,
    ),
  );
  const prelude =
    'declare const body: unknown;\ndeclare const process: { env: Record<string, string | undefined>; argv: string[] };\n';
  const isImport = (line: string) => /^import\s/.test(line);
  return snippets.flatMap((code, i) => {
    const lines = code.split('\n');
    writeFileSync(join(app, `snippet${i}.mts`), `${prelude}${code}\nexport {};\n`);
    writeFileSync(
      join(app, `snippet${i}.cts`),
      [
        ...lines.filter(isImport),
        prelude,
        'export async function snippet(): Promise<void> {',
        ...lines.filter((line) => !isImport(line)),
        '}',
        '',
      ].join('\n'),
    );
    return [`snippet${i}.mts`, `snippet${i}.cts`];
  });
}

let checked: { snippets: number; errors: string[] } | undefined;

/**
 * The consumer, the wrong file and every snippet type-checked by one run of tsc (one program: a tsc start and the
 * package's declarations read once, not three times). Answers the number of snippets and tsc's error lines
 * (`file(line,col): error TS…`, with the lines that continue each message); tsc exits non-zero for wrong.mts.
 */
function typeCheck(): { snippets: number; errors: string[] } {
  if (checked) return checked;
  const consumer = writeConsumer();
  const snippets = writeSnippets();
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [...consumer, ...snippets] }),
  );
  const result = run('node', [TSC, '-p', 'tsconfig.json']);
  expect(result.stderr).toBe('');
  const errors: string[] = [];
  for (const line of result.stdout.split('\n')) {
    if (line === '') continue;
    // A message's further lines are indented: they belong to the error above them.
    if (/^\s/.test(line) && errors.length > 0) errors[errors.length - 1] += `\n${line}`;
    else errors.push(line);
  }
  // Every line is an error of some file: an output tsc wrote otherwise (a crash, a config error) fails each test.
  expect(errors.filter((line) => !/^[\w.]+\(\d+,\d+\): error TS\d+/.test(line))).toEqual([]);
  checked = { snippets: snippets.length / 2, errors };
  return checked;
}

// Each test spawns npm, node or tsc in the consumer project; on a loaded machine one tsc run alone can take a
// minute, so the whole file gets the spawn timeout rather than vitest's default.
describe('the packed tarball in a fresh project', { timeout: 150_000 }, () => {
  test('runs on the expected Node.js', () => {
    const version = ok(run('node', ['--version'])).trim();
    const major = process.env.WAN_SMOKE_NODE_MAJOR ?? process.versions.node.split('.')[0];
    expect(version).toMatch(new RegExp(`^v${major}\\.`));
  });

  test('installs from the tarball, not from the repository', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules', pkg.name, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe(pkg.version);
    expect(existsSync(join(app, 'node_modules', pkg.name, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', pkg.name, 'dist/index.js.map'))).toBe(false);
  });

  test('imports prices with import', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      [
        "import { quote, MODEL_IDS, CONTRACT_VERSION } from 'wan-video-contract';",
        "import registry from 'wan-video-contract/spec/registry.json' with { type: 'json' };",
        "const q = quote({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5 });",
        'console.log(JSON.stringify({ amount: q.amount, models: MODEL_IDS.length, version: CONTRACT_VERSION, registry: registry.contractVersion }));',
      ].join('\n'),
    );
    expect(JSON.parse(ok(run('node', ['esm.mjs'])))).toEqual({
      amount: '3.50',
      // The installed package lists every model of the registry (wan2.6 and wan2.7 too, priced or not).
      models: MODEL_IDS.length,
      version: pkg.version,
      registry: pkg.version,
    });
  });

  test('imports prices without loading ajv', () => {
    // A resolve hook that refuses ajv: the root entry must load, the schemas entry (which compiles validators) must not.
    writeFileSync(
      join(app, 'no-ajv-hook.mjs'),
      'export async function resolve(specifier, context, next) {\n  if (/^ajv(-formats)?(\\/|$)/.test(specifier)) throw new Error(`ajv loaded: ${specifier}`);\n  return next(specifier, context);\n}\n',
    );
    writeFileSync(
      join(app, 'no-ajv.mjs'),
      "import { register } from 'node:module';\nregister('./no-ajv-hook.mjs', import.meta.url);\n",
    );
    const entry = (name: string) =>
      run('node', [
        '--import',
        './no-ajv.mjs',
        '--input-type=module',
        '-e',
        `const m = await import('${name}'); console.log(Object.keys(m).length > 0);`,
      ]);
    expect(ok(entry('wan-video-contract')).trim()).toBe('true');
    expect(ok(entry('wan-video-contract/registry')).trim()).toBe('true');
    const schemas = entry('wan-video-contract/schemas');
    expect(schemas.status).not.toBe(0);
    expect(schemas.stderr).toContain('ajv loaded: ajv');
  });

  test('requires prices, schemas and documents from CommonJS', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      [
        "const { quote } = require('wan-video-contract');",
        "const { validateSubmitRequest } = require('wan-video-contract/schemas');",
        "const doc = require('wan-video-contract/spec/crazyrouter.openapi.json');",
        "const q = quote({ model: 'wan2.2-s2v', resolution: '480P', duration: '18.13' });",
        "const v = validateSubmitRequest({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat' }, parameters: { resolution: '720P' } }, { profile: 'crazyrouter' });",
        'console.log(JSON.stringify({ amount: q.amount, valid: v.ok, openapi: doc.openapi }));',
      ].join('\n'),
    );
    const result = ok(run('node', ['cjs.cjs']));
    expect(JSON.parse(result)).toEqual({ amount: '9.07', valid: false, openapi: '3.1.0' });
  });

  test('type-checks a consumer that uses Static types and quote', () => {
    const { errors } = typeCheck();
    expect(errors.filter((line) => /^consumer\.[cm]ts\(/.test(line))).toEqual([]);
    // The same compiler, in the same program, refuses a misspelt field, so no error above means the package's
    // types were read.
    const wrong = errors.filter((line) => line.startsWith('wrong.mts('));
    expect(wrong.join('\n')).toContain("'modle' does not exist");
    // An unknown model, a tier the model lacks and a duration it does not offer are each a compile error.
    for (const line of [3, 4, 5]) expect(wrong.join('\n')).toContain(`wrong.mts(${line},`);
    expect(wrong.join('\n')).toContain('"wan9-nope"');
  });

  test('type-checks every documented TypeScript snippet as ESM (.mts) and as CommonJS (.cts)', () => {
    const { snippets, errors } = typeCheck();
    expect(snippets).toBeGreaterThanOrEqual(5);
    expect(errors.filter((line) => /^snippet\d+\.[cm]ts\(/.test(line))).toEqual([]);
  });

  test('runs npx wan-contract --help and --version', () => {
    const help = ok(run('npx', ['--no-install', 'wan-contract', '--help']));
    expect(help).toContain('Usage: wan-contract');
    expect(ok(run('npx', ['--no-install', 'wan-contract', '--version'])).trim()).toBe(pkg.version);
  });

  test('runs the kit from npx against the embedded mock', () => {
    const result = run('npx', ['--no-install', 'wan-contract', 'conform']);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\u001b\[/);
    expect(result.stdout).toMatch(/MUST \d+ pass/);
    expect(result.stdout).not.toMatch(/MUST \d+ pass[^\n]*\d+ fail/);
  });
});
