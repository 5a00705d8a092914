import { CAPABILITIES } from '../contract/capabilities.js';
import {
  MODELS,
  MODEL_IDS,
  modelsOf,
  modelsOfProfile,
  resolutionsOf,
  describeDuration,
  type ModelId,
} from '../contract/models.js';
import { OPERATIONS, OPERATION_IDS, offers, pathOf, submitRoutes } from '../contract/operations.js';
import { PROFILES, PROFILE_IDS, type ProfileDefinition } from '../contract/profiles.js';
import { REGIONS, REGION_IDS, modelsOfRegion, regionPricesOf } from '../contract/regions.js';

/** How the page writes a model's state. */
export const STATUS_LABELS = { verified: 'verified', beta: 'Beta' } as const;

/** A Markdown table from a header row and body rows (cells escaped for `|`). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The page's "First-Batch Models" table, from the registry. */
export function firstBatchTable(models: readonly ModelId[] = modelsOfProfile('crazyrouter')): string {
  return markdownTable(
    ['Model', 'Customer-facing capability', 'Official billing truth', 'Current state'],
    models.map((id) => [
      id,
      CAPABILITIES[MODELS[id].capability].label,
      `per ${MODELS[id].priceSource.unit}`,
      STATUS_LABELS[MODELS[id].status],
    ]),
  );
}

/** The page's "Capabilities And Official Prices" table, from the registry. */
export function pricesTable(models: readonly ModelId[] = modelsOfProfile('crazyrouter')): string {
  return markdownTable(
    ['Model', 'Capability bucket', 'Resolution', 'Official price'],
    models.map((id) => {
      const tiers = resolutionsOf(id);
      const prices: Partial<Record<string, string>> = MODELS[id].prices;
      return [
        id,
        CAPABILITIES[MODELS[id].capability].label,
        tiers.join(' / '),
        `${tiers.map((t) => `¥${prices[t]}`).join(' / ')} / sec`,
      ];
    }),
  );
}

/** Every region: its server and currency, and per model it offers the price per second of each tier. */
export function regionsTable(): string {
  return markdownTable(
    ['Region', 'Server', 'Model', 'Price per second', 'Source'],
    REGION_IDS.flatMap((region) => {
      const r = REGIONS[region];
      const offered = modelsOfRegion(region);
      const rows = offered
        .filter((m) => !(r.unpriced as readonly string[]).includes(m))
        .map((model) => {
          const prices: Partial<Record<string, string>> = regionPricesOf(region, model) ?? {};
          const tiers = Object.keys(prices);
          return [
            `${r.title} (\`${region}\`)`,
            r.server,
            model,
            `${tiers.map((t) => `${t} ${r.currency} ${prices[t]}`).join(' / ')}`,
            r.priceSource.url,
          ];
        });
      const unpriced: readonly string[] = r.unpriced;
      if (unpriced.length > 0)
        rows.push([
          `${r.title} (\`${region}\`)`,
          r.server,
          unpriced.join(', '),
          'price not published (quote: unpriced; load a price overlay with --prices)',
          r.priceSource.url,
        ]);
      const missing = MODEL_IDS.filter((m) => !offered.includes(m) && !unpriced.includes(m));
      if (missing.length > 0)
        rows.push([`${r.title} (\`${region}\`)`, r.server, missing.join(', '), 'not offered', r.priceSource.url]);
      return rows;
    }),
  );
}

/** Everything else the registry knows per model: defaults, durations, inputs, limits, price source. */
export function detailsTable(models: readonly ModelId[] = MODEL_IDS): string {
  return markdownTable(
    [
      'Model',
      'Default resolution',
      'Duration (s)',
      'Required inputs',
      'Optional inputs',
      'Prompt limit',
      'Official submit path',
      'Submit RPS',
      'Concurrent tasks',
      'Price source',
    ],
    models.map((id) => {
      const m = MODELS[id];
      const duration = describeDuration(m.duration);
      return [
        id,
        m.defaultResolution,
        duration,
        m.inputs.required.join(', '),
        [...m.inputs.optional, ...m.pageOnly.input.map((f) => `${f} (page only)`)].join(', ') || '—',
        m.promptMaxLength === null ? '—' : `${m.promptMaxLength} characters`,
        pathOf(m.officialSubmitOperation),
        String(m.rateLimits.submitRps),
        String(m.rateLimits.concurrentTasks),
        `${m.priceSource.url} (${m.priceSource.region}, from ${m.priceSource.effectiveDate})`,
      ];
    }),
  );
}

const PROFILE_FACTS: Record<Exclude<keyof ProfileDefinition, 'id' | 'title' | 'description' | 'servers'>, string> = {
  basePath: 'Base path',
  submitPath: 'Submit path per model',
  textToVideoResolution: 'Text-to-video resolution field',
  asyncHeader: 'X-DashScope-Async: enable',
  subjectReferenceResult: `${modelsOf('subject-reference').join(', ')} result URL`,
  pageOnlyFields: `Page-only fields (${MODEL_IDS.filter(
    (m) => MODELS[m].pageOnly.input.length + MODELS[m].pageOnly.parameters.length > 0,
  )
    .map(
      (m) =>
        `${m}: ${[...MODELS[m].pageOnly.input.map((f) => `input.${f}`), ...MODELS[m].pageOnly.parameters.map((f) => `parameters.${f}`)].join(', ')}`,
    )
    .join('; ')})`,
  suspendedStatus: '`task_status: SUSPENDED`',
  officialSubmitPathAlias: 'Official image2video submit path as an alias',
};

/** The profile rules decided from official sources, each with its source. */
const DECIDED_RULES = ['suspendedStatus', 'officialSubmitPathAlias'] as const;

function describeFact(profile: (typeof PROFILE_IDS)[number], fact: keyof typeof PROFILE_FACTS): string {
  const value = PROFILES[profile][fact];
  if (fact === 'submitPath')
    return submitRoutes(profile)
      .map((r) => `\`${r.path}\` (${r.alias ? 'alias for ' : ''}${r.models.join(', ')})`)
      .join('; ');
  if (typeof value === 'object') return `\`${value.value}\``;
  return `\`${String(value)}\``;
}

/** The rules decided from official sources, per profile, with the source of each decision. */
export function profileDecisionsTable(): string {
  return markdownTable(
    ['Rule', 'Profile', 'Decision', 'Source'],
    DECIDED_RULES.flatMap((rule) =>
      PROFILE_IDS.map((p) => [PROFILE_FACTS[rule], p, PROFILES[p][rule].value, PROFILES[p][rule].source]),
    ),
  );
}

/** Every fact on which the profiles differ, generated from {@link PROFILES}. */
export function profileDifferencesTable(): string {
  const facts = Object.keys(PROFILE_FACTS) as (keyof typeof PROFILE_FACTS)[];
  // Submit operations are in the submit-path row; every other operation gets a row of its own.
  const operations = OPERATION_IDS.filter((op) => OPERATIONS[op].kind !== 'submit').map((op) => [
    `${OPERATIONS[op].method} ${OPERATIONS[op].path}`,
    ...PROFILE_IDS.map((p) => (offers(p, op) ? 'supported' : 'not offered')),
  ]);
  const rows = [
    ...facts.map((fact) => [PROFILE_FACTS[fact], ...PROFILE_IDS.map((p) => describeFact(p, fact))]),
    ...operations,
  ].filter((row) => new Set(row.slice(1)).size > 1);
  return markdownTable(['', ...PROFILE_IDS], rows);
}
