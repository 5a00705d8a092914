/** The version of `@duckdb/node-api` the DuckDB engine is built and tested with. */
export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

/** `--engine duckdb` without `@duckdb/node-api` installed: says how to install it. */
export class DuckDBMissingError extends Error {
  override readonly name = 'DuckDBMissingError';
  /** The command that installs it. */
  readonly hint = `npm install ${DUCKDB_PACKAGE}`;
}

/** The parts of `@duckdb/node-api` the engine uses (its types stay out of the package's public declarations). */
export interface DuckDBModule {
  readonly DuckDBInstance: {
    create(path?: string, options?: Record<string, string>): Promise<DuckDBInstanceLike>;
  };
}

/** A DuckDB database. */
export interface DuckDBInstanceLike {
  connect(): Promise<DuckDBConnectionLike>;
  closeSync?(): void;
}

/** A connection: runs SQL and reads every row as JSON-ready values (BIGINT as decimal strings). */
export interface DuckDBConnectionLike {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): Record<string, unknown>[] }>;
  closeSync?(): void;
}

let loaded: Promise<DuckDBModule> | undefined;

/**
 * Loads `@duckdb/node-api` on first use (a dynamic import: importing the package never loads it). Rejects with a
 * {@link DuckDBMissingError} when it is not installed.
 */
export function loadDuckDB(): Promise<DuckDBModule> {
  loaded ??= (import('@duckdb/node-api') as Promise<unknown>).then(
    (module) => module as DuckDBModule,
    (error: unknown) => {
      loaded = undefined;
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
        throw new DuckDBMissingError(
          `--engine duckdb needs the optional peer dependency @duckdb/node-api, which is not installed: npm install ${DUCKDB_PACKAGE}`,
        );
      throw new DuckDBMissingError(
        `@duckdb/node-api is installed but cannot be loaded (${error instanceof Error ? error.message : String(error)}): reinstall it with npm install ${DUCKDB_PACKAGE}`,
      );
    },
  );
  return loaded;
}

/** Whether `@duckdb/node-api` can be loaded (for `--engine auto`). */
export async function duckdbAvailable(): Promise<boolean> {
  try {
    await loadDuckDB();
    return true;
  } catch (error) {
    if (error instanceof DuckDBMissingError) return false;
    throw error;
  }
}
