/** One line DuckDB handed back: its number, its text (null for an empty line), its time to result. */
export interface Line {
  readonly n: number;
  readonly line: string | null;
  readonly ms: number | null;
}

/** Lines with the same key and submit hour: the rules judge their first line once and weigh it. */
export interface Group {
  readonly k: string;
  readonly hour: number | null;
  weight: number;
  readonly lines: Line[];
  readonly times: Map<number, number>;
}

/** A log as DuckDB grouped it. */
export interface ReadLog {
  readonly name: string | undefined;
  readonly source: string;
  readonly total: number;
  readonly groups: Group[];
  /** Lines judged one by one, in order (observations, fragments, line 1, lines of tasks with fragments). */
  readonly exact: Line[];
  /**
   * Reads the lines of the given groups (the first ones the report lists, or every one with `all`) into their
   * `lines`, when the groups hold only their first line (the fast read); without it, they hold their first lines.
   */
  readonly fill?: (groups: readonly Group[], all: boolean) => Promise<void>;
}
