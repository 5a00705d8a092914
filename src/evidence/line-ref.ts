/** Where a line of a log is: its file (when several logs are read together) and its 1-based line number. */
export interface LineRef {
  readonly file?: string;
  readonly line: number;
}
