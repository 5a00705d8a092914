#!/usr/bin/env node
// Prints the slowest test files and tests of one or more vitest JSON reports (`vitest run --reporter=json
// --outputFile=…`), so that a new slow test shows at the end of CI. Usage: node scripts/slow-tests.mjs report.json…
// [--top 10]. Exit 2 when a report cannot be read.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt === -1 ? 10 : Number(args.splice(topAt, 2)[1]);
if (args.length === 0 || !Number.isInteger(top) || top < 1) {
  console.error('usage: node scripts/slow-tests.mjs <vitest-report.json>… [--top N]  (N a whole number ≥ 1)');
  process.exit(2);
}

const files = [];
const tests = [];
for (const path of args) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`slow-tests: cannot read ${path} as a vitest JSON report: ${error.message}`);
    process.exit(2);
  }
  for (const file of report.testResults ?? []) {
    const name = relative(process.cwd(), file.name);
    files.push({ name, ms: (file.endTime ?? 0) - (file.startTime ?? 0), count: file.assertionResults?.length ?? 0 });
    for (const test of file.assertionResults ?? [])
      tests.push({ name: `${name} › ${test.fullName ?? test.title}`, ms: test.duration ?? 0 });
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
const byTime = (a, b) => b.ms - a.ms;
console.log(`slowest test files (of ${files.length}):`);
for (const f of files.sort(byTime).slice(0, top)) console.log(`${seconds(f.ms)}  ${f.name} (${f.count} tests)`);
console.log(`slowest tests (of ${tests.length}):`);
for (const t of tests.sort(byTime).slice(0, top)) console.log(`${seconds(t.ms)}  ${t.name}`);
