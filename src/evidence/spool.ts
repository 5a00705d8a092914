import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** A gzip log that cannot be decompressed: it names the log and what zlib said. */
export class GzipError extends Error {
  override readonly name = 'GzipError';
  /** `EGZIP`, so a caller that reports input errors by their code reports this one too. */
  readonly code = 'EGZIP';
  constructor(
    readonly path: string,
    cause: Error,
  ) {
    super(`${path} starts as gzip but cannot be decompressed: ${cause.message}`, { cause });
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Temporary copies of the logs that cannot be read twice or split by bytes as they are: streams, paths that are not
 * regular files (a pipe, a FIFO, `/dev/stdin`, a process substitution: `stat` says 0 bytes, and a second read finds
 * nothing or waits for ever) and gzip logs (decompressed). Each is read to its end once; {@link Spool.remove} deletes
 * the copies.
 */
export class Spool {
  private dir: string | undefined;
  private count = 0;

  private async next(): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'wan-evidence-'));
    this.count += 1;
    return join(this.dir, `input-${this.count}.jsonl`);
  }

  /** A regular, uncompressed file with the log's lines: the path itself when it already is one. */
  async regularFile(input: string | Readable): Promise<string> {
    let file: string;
    if (typeof input === 'string' && (await stat(input)).isFile()) file = input;
    else {
      file = await this.next();
      await pipeline(typeof input === 'string' ? createReadStream(input) : input, createWriteStream(file));
    }
    if (!(await isGzip(file))) return file;
    const plain = await this.next();
    try {
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(plain));
    } catch (error) {
      throw new GzipError(typeof input === 'string' ? input : '-', error as Error);
    }
    return plain;
  }

  /** Deletes every copy. */
  async remove(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
