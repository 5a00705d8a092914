import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { specFiles } from '../../openapi/files.js';
import { CliError, out } from '../output.js';

/** `wan-contract spec`: writes (or with --check, verifies) every generated document under spec/. */
export function registerSpec(program: Command): void {
  program
    .command('spec')
    .description('generate the OpenAPI documents, registry JSON and Markdown tables under spec/')
    .option('--out <dir>', 'where to write', 'spec')
    .option('--check', 'write nothing; exit 1 when any generated file is missing or stale')
    .addHelpText('after', '\nExamples:\n  $ wan-contract spec\n  $ wan-contract spec --check')
    .action(async (options: { out: string; check?: boolean }) => {
      const files = specFiles();
      if (options.check) {
        const stale: string[] = [];
        for (const [name, content] of Object.entries(files)) {
          const current = await readFile(join(options.out, name), 'utf8').catch(() => undefined);
          if (current !== content)
            stale.push(`${join(options.out, name)} ${current === undefined ? 'is missing' : 'is stale'}`);
        }
        const present = await readdir(options.out).catch(() => [] as string[]);
        for (const name of present) {
          if (/\.(json|yaml|md)$/.test(name) && !(name in files))
            stale.push(`${join(options.out, name)} is not generated any more`);
        }
        if (stale.length > 0) {
          for (const line of stale) out(line);
          throw new CliError(
            `${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} out of date`,
            1,
            'run `npm run spec` and commit the result',
          );
        }
        out(`spec: ${Object.keys(files).length} generated files are up to date`);
        return;
      }
      await mkdir(options.out, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(join(options.out, name), content);
      out(`spec: wrote ${Object.keys(files).length} files to ${options.out}/`);
    });
}
