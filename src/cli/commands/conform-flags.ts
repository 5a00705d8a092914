import { readFileSync } from 'node:fs';
import { parseExpectedFailures, type ExpectedFailure, type LevelOption } from '../../conformance.js';
import { isModelId, MODEL_IDS, type ModelId } from '../../contract/models.js';
import {
  DEFAULT_PROFILE,
  isProfileId,
  PROFILE_IDS,
  profileOfBaseUrl,
  type ProfileId,
} from '../../contract/profiles.js';
import { RESOLUTIONS, type Resolution } from '../../contract/resolutions.js';
import { listAlternatives, PricingError } from '../../pricing/index.js';
import { parseNumberText } from '../../pricing/number.js';
import { CliError } from '../output.js';

/** The flags of `wan-contract conform`, as commander hands them over. */
export interface ConformFlags {
  baseUrl?: string;
  profile?: string;
  models?: string;
  resolutions?: string;
  level: string;
  smoke?: boolean;
  maxCost?: string;
  prices?: string;
  json?: string;
  junit?: string;
  expectFailures?: string;
  evidence?: string;
  pollIntervalMs?: string;
  taskTimeoutS: string;
  concurrency: string;
  dryRun?: boolean;
  apiKey?: string;
  apiKey2?: string;
  inputs?: string;
  format: string;
  minCoverage: string[];
  cases?: string;
  rerunFailed?: string;
  queryRps?: string;
}

/** The second account's key, checked: only for a URL target (the embedded mock makes its own), never the first key. */
export function otherAccountKey(key: string | undefined, baseUrl: string | undefined, apiKey: string | undefined) {
  if (key === undefined) return undefined;
  if (!baseUrl)
    throw new CliError(
      '--api-key-2 needs --base-url',
      2,
      'the embedded mock supplies a second account itself, so its run always includes the cross-account cases',
    );
  if (key.trim() === '') throw new CliError('--api-key-2 must be a key, received an empty value', 2);
  if (key === apiKey)
    throw new CliError('--api-key-2 must be the key of another account, received the same key as --api-key', 2);
  return key;
}

function list(flag: string, text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliError(`${flag} needs at least one value`, 2);
  return items;
}

export function parseModels(text: string | undefined): ModelId[] | undefined {
  if (text === undefined) return undefined;
  return list('--models', text).map((m) => {
    if (!isModelId(m))
      throw new CliError(
        `--models: model must be ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(m)}`,
        2,
        'run `wan-contract models` to see every model',
      );
    return m;
  });
}

export function parseResolutions(text: string | undefined): Resolution[] | undefined {
  if (text === undefined) return undefined;
  return list('--resolutions', text).map((r) => {
    const tier = r.toUpperCase();
    if (!(RESOLUTIONS as readonly string[]).includes(tier))
      throw new CliError(
        `--resolutions: resolution must be ${listAlternatives(RESOLUTIONS)}, received ${JSON.stringify(r)}`,
        2,
      );
    return tier as Resolution;
  });
}

export function parseProfile(flags: ConformFlags): ProfileId {
  if (flags.profile !== undefined) {
    if (!isProfileId(flags.profile))
      throw new CliError(
        `--profile must be ${listAlternatives(PROFILE_IDS)}, received ${JSON.stringify(flags.profile)}`,
        2,
      );
    return flags.profile;
  }
  // The base path tells the profile apart: /alibailian/api/v1 is the page's, a bare /api/v1 the official one.
  return flags.baseUrl ? profileOfBaseUrl(flags.baseUrl) : DEFAULT_PROFILE;
}

export function parseBaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new CliError(
      `--base-url must be an http(s) URL, received ${JSON.stringify(text)}`,
      2,
      'for example: --base-url http://127.0.0.1:4010/alibailian/api/v1',
    );
  if (!url.pathname.replace(/\/+$/, '').endsWith('/api/v1')) {
    throw new CliError(
      `--base-url is the API root, ending in /api/v1, received ${JSON.stringify(text)}`,
      2,
      'for example: https://dashscope.aliyuncs.com/api/v1 or http://127.0.0.1:4010/alibailian/api/v1',
    );
  }
  return text.replace(/\/+$/, '');
}

export function parseMaxCost(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    parseNumberText(text, { what: '--max-cost', kind: 'an amount in CNY', example: '5 or 12.50', maxDecimals: 2 });
  } catch (error) {
    if (error instanceof PricingError) throw new CliError(error.message, 2, 'for example: --max-cost 12.50');
    throw error;
  }
  return text;
}

const FORMATS = ['text', 'github'] as const;

export function parseFormat(text: string): (typeof FORMATS)[number] {
  if (!(FORMATS as readonly string[]).includes(text))
    throw new CliError(`--format must be ${listAlternatives(FORMATS)}, received ${JSON.stringify(text)}`, 2);
  return text as (typeof FORMATS)[number];
}

export function parseLevel(text: string): LevelOption {
  const level = text.toLowerCase();
  if (level !== 'must' && level !== 'should' && level !== 'may')
    throw new CliError(`--level must be must, should or may, received ${JSON.stringify(text)}`, 2);
  return level;
}

export function readExpected(file: string | undefined): ExpectedFailure[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `--expect-failures: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      2,
    );
  }
  let entries: ExpectedFailure[];
  try {
    entries = parseExpectedFailures(text);
  } catch (error) {
    throw new CliError(`--expect-failures ${file}: ${(error as Error).message}`, 2);
  }
  // A model the registry does not know would match nothing and silently excuse nothing: a usage error.
  const unknown = entries.find((e) => e.model !== undefined && !isModelId(e.model));
  if (unknown)
    throw new CliError(
      `--expect-failures ${file}: model must be ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(unknown.model)} (entry ${unknown.caseId}@${unknown.model})`,
      2,
      'run `wan-contract models` to see every model',
    );
  return entries;
}
