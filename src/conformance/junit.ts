import type { CaseResult, ConformanceReport } from './report.js';

const escape = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

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

/** The report as JUnit XML (one suite per level, one test case per case and model), for CI. */
export function toJUnit(report: ConformanceReport): string {
  const suites = (['MUST', 'SHOULD', 'MAY'] as const).map((level) => {
    const results = report.results.filter((r) => r.level === level);
    const failures = results.filter(
      (r) => (r.outcome === 'fail' || r.outcome === 'timeout') && !r.expectedFailure,
    ).length;
    const errors = results.filter((r) => r.outcome === 'error').length;
    const skipped = results.filter((r) => r.outcome === 'skip' || r.expectedFailure).length;
    const time = seconds(results.reduce((sum, r) => sum + r.durationMs, 0));
    return [
      `  <testsuite name="${escape(`wan-conformance ${report.contract.profile} ${level}`)}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}" timestamp="${escape(report.startedAt.replace(/Z$/, ''))}">`,
      `    <properties><property name="target" value="${escape(report.target.label)}"/><property name="runner" value="${escape(report.runner.version)}"/></properties>`,
      ...results.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary.total;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wan-video-contract conformance" tests="${report.results.length}" failures="${s.fail + s.timeout - report.summary.expectedFailures}" errors="${s.error}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
