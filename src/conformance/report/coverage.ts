import { MODELS } from '../../contract/models.js';
import type { Resolution } from '../../contract/resolutions.js';
import { emptyCells } from '../../coverage/cells.js';
import { reachableCells } from '../plan/reach.js';
import { CoverageTally } from '../../coverage/seen.js';
import { buildCoverage, type Coverage } from '../../coverage/coverage.js';
import { loadCases, type LoadedCase } from '../../rules/load.js';
import { NO_OTHER_ACCOUNT, planRun } from '../plan/plan.js';
import { type LevelOption } from '../plan/select.js';
import type { ConformanceReport } from './report.js';

/** The lowest level a plan ran, from its levels. */
function levelOf(levels: readonly string[]): LevelOption {
  return levels.includes('MAY') ? 'may' : levels.includes('SHOULD') ? 'should' : 'must';
}

/** The tiers a plan asked for: none (each model's default) unless some shared task runs at another tier. */
function tiersOf(report: Pick<ConformanceReport, 'plan'>): Resolution[] | undefined {
  const items = report.plan.resolutions;
  if (report.plan.smoke || items.every((i) => MODELS[i.model]?.defaultResolution === i.resolution)) return undefined;
  return [...new Set(items.map((i) => i.resolution))];
}

/**
 * The coverage of a conformance report: the cells its exchanges reached, beside those its plan can reach (none
 * when the plan was over budget: nothing could run) and the gate's base: the same level and tiers with every case
 * and every model. The plans are made again from the report's profile, level, cases, models and tiers, out of
 * `cases` (default: the shipped catalogue).
 * @example coverageOfReport(report).overall.percent // 47.5
 */
export function coverageOfReport(
  report: Pick<ConformanceReport, 'plan' | 'exchanges' | 'target' | 'aborted' | 'contract' | 'results'>,
  cases: readonly LoadedCase[] = loadCases(),
): Coverage {
  const profile = report.contract.profile;
  const tally = new CoverageTally(profile);
  for (const exchange of report.exchanges) tally.addExchange(exchange, report.target.baseUrl);
  const options = {
    profile,
    cases,
    level: levelOf(report.plan.levels),
    smoke: report.plan.smoke,
    resolutions: tiersOf(report),
    // The cases that need a second account ran unless the report says they were left out for lack of its key.
    otherAccount: !report.results.some((r) => r.reason === NO_OTHER_ACCOUNT),
  };
  // The run's own plan: its cases and models. The gate's base: every case of the catalogue and every model.
  const ran = new Set(report.plan.cases.map((c) => c.id));
  const ownPlan = planRun({ ...options, cases: cases.filter((c) => ran.has(c.id)), models: report.plan.models });
  // A run narrowed to some case runs (`--rerun-failed`) reports those only: the others could not be reached.
  const key = (caseId: string, model: string | null, resolution: string | null) => `${caseId}|${model}|${resolution}`;
  const reported = new Set(report.results.map((r) => key(r.caseId, r.model, r.resolution)));
  const ownRuns = ownPlan.runs.filter((r) => reported.has(key(r.case.id, r.model, r.resolution)));
  const everyModel = planRun(options);
  return buildCoverage({
    profile,
    target: report.target.label,
    source: 'run',
    reached: tally.seen(),
    reachable: report.aborted?.reason === 'over-budget' ? emptyCells() : reachableCells(profile, ownRuns),
    gateBase: reachableCells(profile, everyModel.runs),
  });
}
