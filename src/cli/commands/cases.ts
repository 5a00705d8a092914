import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { packageFile } from '../../contract/files.js';
import { casesMarkdown } from '../../rules/catalogue.js';
import { loadCases } from '../../rules/load.js';
import { CliError, out } from '../output.js';

/** Where the generated catalogue lives. */
export const CASES_MARKDOWN = packageFile('conformance/CASES.md');

/** `wan-contract cases`: lists the conformance cases, or writes / checks `conformance/CASES.md`. */
export function registerCases(program: Command): void {
  program
    .command('cases')
    .description('list the conformance cases; --write regenerates conformance/CASES.md, --check fails when it is stale')
    .option('--markdown', 'print the catalogue as Markdown')
    .option('--write', 'write conformance/CASES.md')
    .option('--check', 'exit 1 when conformance/CASES.md differs from the cases')
    .addHelpText(
      'after',
      '\nExamples:\n  $ wan-contract cases\n  $ wan-contract cases --markdown > CASES.md\n  $ wan-contract cases --check',
    )
    .action((flags: { markdown?: boolean; write?: boolean; check?: boolean }) => {
      const cases = loadCases();
      const markdown = `${casesMarkdown(cases)}\n`;
      if (flags.check) {
        let current = '';
        try {
          current = readFileSync(CASES_MARKDOWN, 'utf8');
        } catch {
          current = '';
        }
        if (current !== markdown)
          throw new CliError('conformance/CASES.md is stale', 1, 'run `npm run cases` and commit the result');
        out('conformance/CASES.md is up to date');
        return;
      }
      if (flags.write) {
        writeFileSync(CASES_MARKDOWN, markdown);
        out(`wrote conformance/CASES.md (${cases.length} cases)`);
        return;
      }
      if (flags.markdown) return out(markdown.trimEnd());
      for (const c of cases) out(`${c.id.padEnd(34)} ${c.level.padEnd(6)} ${c.scope.padEnd(6)} ${c.description}`);
    });
}
