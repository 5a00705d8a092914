import { escapeXml as escape } from '../reports/xml.js';
import { FAULTS } from '../mock/faults/table.js';
import type { ClientCheckReport } from './run.js';

/** The verdict as a Markdown table: fault, level, what a correct client does, what this one did, the outcome. */
export function clientCheckTable(report: ClientCheckReport): string {
  const rows = report.verdicts.map((v) => {
    const why = v.reasons.length ? ` — ${v.reasons.join('; ')}` : '';
    return `| \`${v.fault}\` | ${v.level} | ${FAULTS[v.fault].client} | ${v.did} | **${v.outcome}**${why.replace(/\|/g, '\\|')} |`;
  });
  return [
    '| fault | level | a correct client | what this client did | verdict |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The verdict as JUnit XML: one test case per fault; a failed MUST is a failure, a failed SHOULD too (named so). */
export function clientCheckJUnit(report: ClientCheckReport): string {
  const cases = report.verdicts.map((v) => {
    const open = `    <testcase classname="${v.level}.client-check" name="${escape(v.fault)}" time="${(v.durationMs / 1000).toFixed(3)}">`;
    if (v.outcome === 'pass') return `${open}<system-out>${escape(v.did)}</system-out></testcase>`;
    const message = escape(v.reasons.join('; '));
    return `${open}<failure type="${v.level}" message="${message}">${escape(v.did)}</failure></testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wan-contract client-check" tests="${report.verdicts.length}" failures="${report.summary.fail}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="client-check (${report.profile})" tests="${report.verdicts.length}" failures="${report.summary.fail}" errors="0" skipped="0" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
