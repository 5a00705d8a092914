import type { Command } from 'commander';
import { isModelId, MODEL_IDS } from '../../contract/models.js';
import { DEFAULT_PROFILE, isProfileId, PROFILE_IDS } from '../../contract/profiles.js';
import { listAlternatives } from '../../pricing/errors.js';
import { validateSubmitRequest } from '../../validate/submit.js';
import { validateTaskResponse } from '../../validate/task.js';
import type { ValidationResult } from '../../validate/result.js';
import { CliError, out, outJson, palette, readTextFile, useColor } from '../output.js';

const KINDS = ['submit', 'task'] as const;

/** `wan-contract validate`: checks a JSON body against the contract; exit 0 valid, 1 invalid. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a submit request or a task answer (a JSON file, or - for standard input) against the contract')
    .argument('<file>', 'JSON file to check, or - for standard input')
    .option('--profile <profile>', `contract profile: ${PROFILE_IDS.join(' or ')}`, DEFAULT_PROFILE)
    .option('--kind <kind>', 'what the file holds: submit (a request body) or task (a task query answer)', 'submit')
    .option('--model <model>', 'with --kind task: the model, so the result URL is checked where that model puts it')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 1 invalid, 2 usage error.\n\nExamples:\n  $ wan-contract validate request.json\n  $ wan-contract validate task.json --kind task --profile dashscope --model wan2.2-s2v\n  $ cat request.json | wan-contract validate - --json',
    )
    .action(async (file: string, options: { profile: string; kind: string; model?: string; json?: boolean }) => {
      if (!isProfileId(options.profile))
        throw new CliError(
          `--profile must be ${listAlternatives(PROFILE_IDS)}, received ${JSON.stringify(options.profile)}`,
        );
      if (!(KINDS as readonly string[]).includes(options.kind))
        throw new CliError(`--kind must be ${listAlternatives(KINDS)}, received ${JSON.stringify(options.kind)}`);
      // A model the registry does not know would silently weaken the check: it is a usage error.
      if (options.model !== undefined && !isModelId(options.model))
        throw new CliError(
          `--model must be ${listAlternatives(MODEL_IDS)}, received ${JSON.stringify(options.model)}`,
          2,
          'run `wan-contract models` to see every model',
        );
      if (options.model !== undefined && options.kind !== 'task')
        throw new CliError(
          '--model applies to --kind task only: a submit request names its model in its body',
          2,
          'drop --model, or add --kind task',
        );
      const text =
        file === '-'
          ? await readStdin()
          : await readTextFile(file, 2, 'give the path of a JSON file, or - to read standard input');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        const result = {
          ok: false,
          errors: [{ path: '', code: 'json', message: `${file} is not valid JSON: ${(error as Error).message}` }],
          warnings: [],
        };
        report(result, options.json);
        process.exitCode = 1;
        return;
      }
      const result =
        options.kind === 'submit'
          ? validateSubmitRequest(body, { profile: options.profile })
          : validateTaskResponse(body, {
              profile: options.profile,
              ...(options.model ? { model: options.model } : {}),
            });
      report(result, options.json);
      process.exitCode = result.ok ? 0 : 1;
    });
}

function report(
  result: Pick<ValidationResult<unknown>, 'ok' | 'warnings'> & {
    errors?: readonly { path: string; message: string }[];
  },
  json: boolean | undefined,
): void {
  if (json) {
    const { ok, warnings } = result;
    return outJson(ok ? { ok, warnings } : { ok, errors: result.errors, warnings });
  }
  const c = palette(useColor());
  if (result.ok) out(c.green('valid'));
  for (const e of result.errors ?? []) out(`${c.red('error')} ${e.path || '(body)'}: ${e.message}`);
  for (const w of result.warnings) out(`${c.yellow('warning')} ${w.path}: ${w.message}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
