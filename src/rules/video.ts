import type { Mp4Facts } from '../media/mp4.js';

/** What reading the header of a task's video found. */
export type VideoProbe =
  /** The header was read. */
  | { readonly kind: 'facts'; readonly facts: Mp4Facts; readonly bytesRead: number; readonly seqs: readonly number[] }
  /** The server answered the download with a status that is not 2xx. */
  | { readonly kind: 'http'; readonly message: string; readonly bytesRead: number; readonly seqs: readonly number[] }
  /** The bytes are not an MP4 whose header can be read: the server broke the contract. */
  | {
      readonly kind: 'unreadable';
      readonly message: string;
      readonly bytesRead: number;
      readonly seqs: readonly number[];
    }
  /** The header lies beyond the byte cap, or the server cannot serve the part that holds it: no verdict either way. */
  | {
      readonly kind: 'undetermined';
      readonly message: string;
      readonly bytesRead: number;
      readonly seqs: readonly number[];
    };
