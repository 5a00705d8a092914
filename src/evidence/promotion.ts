import { MODELS, MODEL_IDS, isModelId, resolutionsOf, type ModelEntry, type ModelId } from '../contract/models.js';
import { formatRate, meetsRate, type Rate } from './thresholds.js';
import type { Tally } from './stats.js';
import { unitPriceOrNone } from '../pricing/index.js';

/** Where the registry lives in the repository, for the promotion diff. */
export const REGISTRY_PATH = 'src/contract/models.ts';

/** One resolution's evidence for a Beta model. */
export interface ResolutionProgress {
  readonly resolution: string;
  readonly successes: number;
  readonly needed: number;
}

/** Whether a Beta model's evidence closes, and why not when it does not. */
export interface PromotionVerdict {
  readonly model: ModelId;
  readonly closes: boolean;
  /** One sentence per unmet condition, e.g. `720P: 3 successes, needs 20`. */
  readonly unmet: readonly string[];
  readonly resolutions: readonly ResolutionProgress[];
  readonly successes: number;
  /** Accepted tasks: the denominator of the success rate. */
  readonly attempts: number;
  readonly successRate: string;
  readonly violations: number;
  /** The registry change that promotes the model, when the evidence closes. */
  readonly diff?: string;
}

/** The thresholds a verdict applies. */
export interface PromotionThresholds {
  readonly minSuccesses: number;
  readonly minSuccessRate: Rate;
}

/**
 * Judges every Beta model of the registry against its evidence: every resolution it lists has at least
 * `minSuccesses` successes, successes over accepted tasks are at least `minSuccessRate`, and no task shows a
 * contract violation. `registrySource`, the text of the registry file when available, gives the diff its
 * line numbers.
 */
export function judgePromotions(
  tallies: ReadonlyMap<ModelId, { total: Tally; byResolution: ReadonlyMap<string, Tally> }>,
  thresholds: PromotionThresholds,
  registrySource?: string,
): PromotionVerdict[] {
  return MODEL_IDS.filter((id) => MODELS[id].status === 'beta').map((model) => {
    const evidence = tallies.get(model);
    const unmet: string[] = [];
    const resolutions = resolutionsOf(model).map((resolution) => {
      const successes = evidence?.byResolution.get(resolution)?.succeeded ?? 0;
      // Without a price the bills of a tier's tasks were never checked (unverifiable): no proof, no promotion.
      if (unitPriceOrNone(model, resolution) === undefined)
        unmet.push(
          `${resolution}: no published price, so no bill of its tasks was checked; load a price overlay (--prices FILE)`,
        );
      if (successes < thresholds.minSuccesses) {
        unmet.push(
          `${resolution}: ${successes === 0 ? 'no' : successes} success${successes === 1 ? '' : 'es'}, needs ${thresholds.minSuccesses}`,
        );
      }
      return { resolution, successes, needed: thresholds.minSuccesses };
    });
    const successes = evidence?.total.succeeded ?? 0;
    const attempts = evidence?.total.accepted ?? 0;
    const successRate = formatRate(successes, attempts);
    if (!meetsRate(successes, attempts, thresholds.minSuccessRate)) {
      unmet.push(
        attempts === 0
          ? `success rate: no accepted tasks, needs at least ${thresholds.minSuccessRate.text}`
          : `success rate ${successRate} (${successes} of ${attempts} accepted tasks), needs at least ${thresholds.minSuccessRate.text}`,
      );
    }
    const violations = evidence?.total.violations ?? 0;
    if (violations > 0)
      unmet.push(`${violations} task${violations === 1 ? '' : 's'} with contract violations, needs none`);
    const closes = unmet.length === 0;
    return {
      model,
      closes,
      unmet,
      resolutions,
      successes,
      attempts,
      successRate,
      violations,
      ...(closes ? { diff: promotionSourceDiff(model, registrySource) } : {}),
    };
  });
}

/** One RFC 6902 JSON Patch operation. */
export type JsonPatchOperation =
  | { readonly op: 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };

/** The change that promotes a Beta model, as data: a JSON Patch of `spec/registry.json` and the entry before and after. */
export interface RegistryChange {
  readonly model: ModelId;
  /** Applies to the published `spec/registry.json`; the `test` fails if the model is no longer Beta there. */
  readonly patch: readonly JsonPatchOperation[];
  readonly before: ModelEntry;
  readonly after: ModelEntry;
}

// RFC 6901: `~` and `/` are escaped inside a JSON Pointer token.
const pointerToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The registry change that moves a Beta model to `verified`, as data a program can apply or show.
 * @example promotionDiff(model).patch // [{ op: 'test', path: `/models/${model}/status`, value: 'beta' }, { op: 'replace', …, value: 'verified' }]
 */
export function promotionDiff(model: ModelId): RegistryChange {
  if (!isModelId(model)) throw new TypeError(`model must be a registry model id, received ${JSON.stringify(model)}`);
  const before: ModelEntry = MODELS[model];
  if (before.status !== 'beta')
    throw new TypeError(`${model} is ${before.status} already: only a Beta model is promoted`);
  const path = `/models/${pointerToken(model)}/status`;
  return {
    model,
    patch: [
      { op: 'test', path, value: 'beta' },
      { op: 'replace', path, value: 'verified' },
    ],
    before,
    after: { ...before, status: 'verified' },
  };
}

/**
 * The unified-diff snippet of {@link REGISTRY_PATH} that moves a model from `beta` to `verified`, for a maintainer
 * of this repository. With the registry's source text it carries real line numbers and context; without it, a
 * hunk anchored on the model.
 */
export function promotionSourceDiff(model: ModelId, registrySource?: string): string {
  const header = [`--- a/${REGISTRY_PATH}`, `+++ b/${REGISTRY_PATH}`];
  const lines = registrySource?.split('\n');
  const start = lines?.findIndex((line) => line.trimStart().startsWith(`'${model}': {`)) ?? -1;
  if (lines && start >= 0) {
    const statusAt = lines.findIndex((line, i) => i > start && /^\s*status:\s*'beta',\s*$/.test(line));
    const blockEnd = lines.findIndex((line, i) => i > start && /^\s{2}},?\s*$/.test(line));
    if (statusAt > start && (blockEnd < 0 || statusAt < blockEnd)) {
      const from = Math.max(0, statusAt - 3);
      const to = Math.min(lines.length, statusAt + 4);
      const body = lines
        .slice(from, to)
        .flatMap((line, i) =>
          from + i === statusAt ? [`-${line}`, `+${line.replace("'beta'", "'verified'")}`] : [` ${line}`],
        );
      const count = to - from;
      return [...header, `@@ -${from + 1},${count} +${from + 1},${count} @@`, ...body].join('\n');
    }
  }
  return [
    ...header,
    `@@ MODELS['${model}'] @@`,
    `   '${model}': {`,
    `     capability: '${MODELS[model].capability}',`,
    `-    status: 'beta',`,
    `+    status: 'verified',`,
  ].join('\n');
}
