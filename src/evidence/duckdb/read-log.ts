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
   * Reads into the `lines` of groups whose lines a report lists the lines it may list (the fast read: without it,
   * each group holds its first lines already): of each list (groups of invalid lines, of violations, of billing
   * discrepancies), the first lines of its groups in log order, as many as the list limit (`all`: every line). A
   * line beyond them cannot be listed: as many lines of the same list come before it.
   */
  readonly fill?: (lists: readonly (readonly Group[])[], all: boolean) => Promise<void>;
}
