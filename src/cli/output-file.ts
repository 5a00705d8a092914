import { closeSync, createWriteStream, openSync, type WriteStream } from 'node:fs';
import { CliError } from './output.js';

const reason = (error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code} (${e.message.replace(/^\w+: /, '').replace(/, open '.*'$/, '')})` : String(error);
};

/**
 * Opens (or creates) a file the command writes, before it starts its work: synchronously, so no start path waits
 * on an `open` event that may already have fired. A path that cannot be written is a usage error (exit 2) that
 * names the flag, the path and the reason. `mode` 'a' appends, 'w' truncates.
 */
export function openOutput(flag: string, path: string, mode: 'a' | 'w'): number {
  try {
    return openSync(path, mode);
  } catch (error) {
    throw new CliError(
      `${flag}: cannot write ${path}: ${reason(error)}`,
      2,
      'give a path in an existing, writable directory',
    );
  }
}

/** Checks that each given file can be written (truncating it when `mode` is 'w'), before the command starts. */
export function checkOutputs(files: readonly (readonly [flag: string, path: string | undefined])[], mode: 'a' | 'w') {
  for (const [flag, path] of files) if (path !== undefined) closeSync(openOutput(flag, path, mode));
}

/** An append-only JSONL file opened up front; `close` resolves once every line is on disk. */
export class JsonlFile {
  readonly #stream: WriteStream;
  lines = 0;
  #failure: Error | undefined;

  constructor(
    flag: string,
    readonly path: string,
  ) {
    const fd = openOutput(flag, path, 'a');
    this.#stream = createWriteStream('', { fd, flags: 'a' });
    this.#stream.on('error', (error) => (this.#failure = error));
  }

  /** Appends one line. */
  write(line: string): void {
    this.lines += 1;
    this.#stream.write(`${line}\n`);
  }

  /** Flushes and closes the file; rejects with the first write error, if any. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end(() => (this.#failure ? reject(this.#failure) : resolve()));
    });
  }
}
