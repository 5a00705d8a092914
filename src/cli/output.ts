import { readFile } from 'node:fs/promises';
import { packageVersion } from '../contract/files.js';
import { PricingError } from '../pricing/errors.js';
import { parseNumberText } from '../pricing/number.js';

/** An error the command reports as one line plus a hint, with its exit code (2: usage, 3: could not run). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = 2,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The package's version, read from its package.json. */
export const PACKAGE_VERSION: string = packageVersion();

/** Whether a stream should get colours: a terminal, and no NO_COLOR (no-color.org) or FORCE_COLOR=0. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '0') return false;
  return Boolean(stream.isTTY);
}

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] } as const;

/** Colour helpers that do nothing when colours are off. */
export function palette(enabled: boolean): Record<keyof typeof CODES, (text: string) => string> {
  const entries = Object.entries(CODES).map(([name, [open, close]]) => [
    name,
    (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text),
  ]);
  return Object.fromEntries(entries) as Record<keyof typeof CODES, (text: string) => string>;
}

const closed = new WeakSet<NodeJS.WriteStream>();

/**
 * Ends output quietly when the reader goes away (`wan-contract models | head -1`): a closed pipe (EPIPE) stops
 * the writes to that stream, without a stack trace; the command still finishes its work (report files, exit code).
 */
export function quietOnClosedPipes(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      closed.add(stream);
    });
}

/** Writes text as is to a stream, unless its reader has gone away. */
export function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closed.has(stream) && !stream.destroyed) stream.write(text);
}

/** Writes a line to standard output. */
export function out(line = ''): void {
  write(process.stdout, `${line}\n`);
}

/** Writes a line to standard error. */
export function err(line = ''): void {
  write(process.stderr, `${line}\n`);
}

/** Prints a value as pretty JSON on standard output. */
export function outJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** Parses a whole number of at least `min` from a flag with the package's one number parser, or throws a usage error. */
export function parseCount(flag: string, text: string, min = 0): number {
  let value: number;
  try {
    value = Number(parseNumberText(text, { what: flag, kind: 'a whole number', example: '5', maxDecimals: 0 }).units);
  } catch (error) {
    if (error instanceof PricingError) throw new CliError(error.message, 2, `for example: ${flag} ${Math.max(min, 5)}`);
    throw error;
  }
  if (!Number.isSafeInteger(value) || value < min)
    throw new CliError(
      `${flag} must be a whole number of at least ${min}, received ${JSON.stringify(text)}`,
      2,
      `for example: ${flag} ${Math.max(min, 5)}`,
    );
  return value;
}

/** Reads a text file, or throws a CliError naming the file and the system's reason (ENOENT, EACCES, …). */
export async function readTextFile(file: string, exitCode: number, hint: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      exitCode,
      hint,
    );
  }
}
