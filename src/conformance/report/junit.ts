import type { CoverageCounts } from '../../coverage/coverage.js';
import type { ConformanceReport } from './report.js';
import type { CaseResult } from '../execute/result.js';
import { verdictOf } from './verdict.js';
import { type RunVerdict } from './report.js';
import { escapeXml as escape } from '../../reports/xml.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult): string {
  const name = `${r.caseId}${r.model ? ` [${r.model}${r.resolution ? ` ${r.resolution}` : ''}]` : ''}`;
  const open = `    <testcase classname="${escape(`${r.level}.${r.caseId}`)}" name="${escape(name)}" time="${seconds(r.durationMs)}">`;
  const reason = escape(r.reason ?? '');
  switch (r.outcome) {
    case 'pass':
      return `${open}</testcase>`;
    case 'skip':
      return `${open}<skipped message="${reason}"/></testcase>`;
    case 'fail':
    case 'timeout':
      if (r.expectedFailure) return `${open}<skipped message="expected failure: ${reason}"/></testcase>`;
      return `${open}<failure type="${r.outcome}" message="${reason}">${reason}</failure></testcase>`;
    case 'error':
      return `${open}<error type="error" message="${reason}">${reason}</error></testcase>`;
  }
}

/** Wall time of a set of concurrent cases: from the first start to the last end (not the sum of durations). */
// Coverage per axis as properties: `coverage.models` = "7/18 38.8%; gate 7/7".
function coverageProperties(report: ConformanceReport): string {
  const c = report.coverage;
  if (!c) return '';
  const value = (x: CoverageCounts) =>
    `${x.reached}/${x.universe} ${x.percent.toFixed(1)}%; gate ${x.gate.reached}/${x.gate.base} ${x.gate.percent.toFixed(1)}%`;
  return [...c.axes.map((a) => [a.axis, value(a)]), ['overall', value(c.overall)]]
    .map(([name, v]) => `<property name="coverage.${name}" value="${escape(v!)}"/>`)
    .join('');
}

function wallMs(results: readonly CaseResult[]): number {
  const timed = results.filter((r) => r.offsetMs !== undefined);
  if (timed.length === 0) return 0;
  const start = Math.min(...timed.map((r) => r.offsetMs as number));
  return Math.max(...timed.map((r) => (r.offsetMs as number) + r.durationMs)) - start;
}

/**
 * The run's verdict as one test case, so a CI that reads only the JUnit file sees a run that proved nothing
 * (empty selection, MUST cases without a result, over budget, unreachable) as failed; absent for a pass.
 */
function verdictSuite(report: ConformanceReport, verdict: RunVerdict): string[] {
  if (verdict.pass) return [];
  const message = escape(verdict.reasons.join('; '));
  const open = `    <testcase classname="verdict" name="the run counts as a pass" time="${seconds(report.durationMs)}">`;
  const dryRun = report.aborted?.reason === 'dry-run';
  const body = dryRun
    ? `<skipped message="${message}"/>`
    : `<failure type="${verdict.status}" message="${message}">${message}</failure>`;
  return [
    `  <testsuite name="${escape(`wan-conformance ${report.contract.profile} verdict`)}" tests="1" failures="${dryRun ? 0 : 1}" errors="0" skipped="${dryRun ? 1 : 0}" time="${seconds(report.durationMs)}" timestamp="${escape(report.startedAt)}">`,
    `${open}${body}</testcase>`,
    '  </testsuite>',
  ];
}

/**
 * The report as JUnit XML (one suite per level, one test case per case and model), for CI. Suite times are wall
 * time; timestamps are ISO 8601 with their zone. A run that is not a pass adds a failing `verdict` suite.
 */
export function toJUnit(report: ConformanceReport): string {
  const verdict = report.verdict ?? verdictOf(report);
  const suites = (['MUST', 'SHOULD', 'MAY'] as const).map((level) => {
    const results = report.results.filter((r) => r.level === level);
    const failures = results.filter(
      (r) => (r.outcome === 'fail' || r.outcome === 'timeout') && !r.expectedFailure,
    ).length;
    const errors = results.filter((r) => r.outcome === 'error').length;
    const skipped = results.filter((r) => r.outcome === 'skip' || r.expectedFailure).length;
    return [
      `  <testsuite name="${escape(`wan-conformance ${report.contract.profile} ${level}`)}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(wallMs(results))}" timestamp="${escape(report.startedAt)}">`,
      `    <properties><property name="target" value="${escape(report.target.label)}"/><property name="runner" value="${escape(report.runner.version)}"/>${coverageProperties(report)}</properties>`,
      ...results.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary.total;
  const extra = verdict.pass ? 0 : 1;
  const extraFailure = verdict.pass || report.aborted?.reason === 'dry-run' ? 0 : 1;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wan-video-contract conformance" tests="${report.results.length + extra}" failures="${s.fail + s.timeout - report.summary.expectedFailures + extraFailure}" errors="${s.error}" time="${seconds(report.durationMs)}">`,
    ...suites,
    ...verdictSuite(report, verdict),
    '</testsuites>',
    '',
  ].join('\n');
}

/** A JUnit file for a run that could not produce a report at all (the runner threw): one errored test case. */
export function errorJUnit(message: string): string {
  const text = escape(message);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="wan-video-contract conformance" tests="1" failures="0" errors="1" time="0.000">',
    `  <testsuite name="wan-conformance verdict" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${new Date().toISOString()}">`,
    `    <testcase classname="verdict" name="the run counts as a pass" time="0.000"><error type="runner-error" message="${text}">${text}</error></testcase>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
