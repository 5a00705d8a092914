import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

// The docs test's browser. A fresh machine has no Chromium and CI must not need apt for it, so the browser comes
// from the npm registry: @sparticuz/chromium ships a brotli-packed Chromium build (141, the revision
// playwright-core 1.56 drives). A Chromium named by CHROMIUM_PATH, or Debian's at /usr/bin/chromium, is used
// instead when present. The pack is built for Amazon Linux 2023 and carries the shared libraries (NSS, NSPR, expat)
// and fonts such a system lacks; they are unpacked too and always used, so a bare Debian or Ubuntu container
// without libnss3 or fontconfig runs the same browser.

const ROOT = resolve(import.meta.dirname, '../..');
// The pack's exports map hides its package.json: find it from the entry point (build/cjs/index.cjs).
const PACK_ROOT = resolve(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../..');
const PACK_VERSION = (JSON.parse(readFileSync(join(PACK_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const CACHE = join(ROOT, 'node_modules/.cache/wan-docs-chromium', PACK_VERSION);

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Executable {
  readonly path: string;
  readonly source: string;
  readonly env?: Record<string, string>;
}

/** The packed Chromium's environment: its own libraries first, its own font configuration. */
function packEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const libs = join(CACHE, 'al2023/lib');
  env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${libs}:${env.LD_LIBRARY_PATH}` : libs;
  env.FONTCONFIG_PATH = join(CACHE, 'fontconfig');
  return env;
}

/** Where the packed Chromium is unpacked: once per pack version, published by an atomic rename. */
async function unpackedChromium(): Promise<string> {
  const binary = join(CACHE, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(join(CACHE, '..'), { recursive: true });
  // The pack unpacks into os.tmpdir(); point that at a private directory so parallel test runs never see a
  // half-written binary, then publish the whole directory at once.
  const staging = mkdtempSync(join(CACHE, '..', `.staging-${PACK_VERSION}-`));
  // AWS_EXECUTION_ENV names a Lambda runtime only so that the pack also unpacks its al2023 libraries.
  const saved = { TMPDIR: process.env.TMPDIR, AWS_EXECUTION_ENV: process.env.AWS_EXECUTION_ENV };
  process.env.TMPDIR = staging;
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs20.x';
  try {
    await sparticuz.executablePath();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  // The pack's fonts.conf names Lambda's /tmp/fonts; this one names where the fonts really are.
  mkdirSync(join(staging, 'fontconfig'));
  writeFileSync(
    join(staging, 'fontconfig/fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${join(CACHE, 'fonts')}</dir>`,
      '  <dir>/usr/share/fonts</dir>',
      `  <cachedir>${join(CACHE, 'fontconfig/cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  try {
    renameSync(staging, CACHE);
  } catch (error) {
    // Another run published first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}

/** Which Chromium the docs test drives: CHROMIUM_PATH, else Debian's, else the npm-installed one. */
export async function chromiumExecutable(): Promise<Executable> {
  const named = process.env.CHROMIUM_PATH;
  if (named) {
    if (!existsSync(named))
      throw new Error(`CHROMIUM_PATH=${named} does not exist; unset it to use @sparticuz/chromium`);
    return { path: named, source: 'CHROMIUM_PATH' };
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: 'debian' };
  return { path: await unpackedChromium(), source: `@sparticuz/chromium@${PACK_VERSION}`, env: packEnv() };
}

/** Launches the docs test's headless Chromium through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { path, env } = await chromiumExecutable();
  return chromium.launch({ executablePath: path, args: FLAGS, ...(env ? { env } : {}) });
}
