import { readFileSync } from 'node:fs';
import {
  InputsFileError,
  isLoopbackUrl,
  parseInputs,
  placeholderInputs,
  withInputs,
} from '../../conformance/plan/inputs.js';
import type { SampleInputs } from '../../conformance/plan/requests.js';
import { MODEL_IDS, type ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import { CliError } from '../output.js';

const EXAMPLE = 'image_url: https://your-bucket/portrait.png\naudio_url: https://your-bucket/voice.mp3';

/** `--inputs FILE`: the run's inputs, the file's values over the defaults. */
export function readInputs(file: string | undefined): SampleInputs {
  if (file === undefined) return withInputs({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--inputs: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  try {
    return withInputs(parseInputs(text));
  } catch (error) {
    if (error instanceof InputsFileError)
      throw new CliError(`--inputs ${file}: ${error.message}`, 2, `for example:\n${EXAMPLE}`);
    throw error;
  }
}

/** Refuses a run against a public target whose requests would still carry placeholder URLs no server can fetch. */
export function checkInputs(
  baseUrl: string,
  profile: ProfileId,
  models: readonly ModelId[] | undefined,
  inputs: SampleInputs,
): void {
  if (isLoopbackUrl(baseUrl)) return;
  const stale = placeholderInputs(profile, models ?? MODEL_IDS, inputs);
  if (stale.length === 0) return;
  const named = stale.map((p) => `${p.field} (${p.models.join(', ')}: ${p.value})`).join('; ');
  throw new CliError(
    `${new URL(baseUrl).host} is a public target, and these inputs are placeholders no server can fetch: ${named}; nothing was sent`,
    2,
    `give reachable URLs with --inputs FILE, a YAML mapping such as:\n${EXAMPLE}\nor leave those models out with --models`,
  );
}
