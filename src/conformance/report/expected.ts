import { parse, YAMLError } from 'yaml';
import type { ExpectedFailure } from './summary.js';

/**
 * Reads an expected-failures file (YAML or JSON): a list of `case-id`, `case-id@model` or
 * `{ case, model?, reason? }`. Throws a message naming the bad entry.
 */
export function parseExpectedFailures(text: string): ExpectedFailure[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    // One line with the position: the library's own message spans several lines with a code excerpt.
    const at = error.linePos?.[0];
    const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new Error(`YAML error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${what}`);
  }
  if (data === null || data === undefined) return [];
  const list = Array.isArray(data) ? data : (data as { expected?: unknown }).expected;
  if (!Array.isArray(list))
    throw new Error('an expected-failures file holds a list of case ids ("case-id" or "case-id@model")');
  return list.map((entry, index) => {
    if (typeof entry === 'string') {
      const [caseId, model] = entry.split('@');
      if (!caseId) throw new Error(`entry ${index + 1}: empty case id`);
      return { caseId: caseId.trim(), ...(model ? { model: model.trim() } : {}) };
    }
    const object = entry as { case?: unknown; model?: unknown; reason?: unknown } | null;
    if (typeof object?.case !== 'string')
      throw new Error(`entry ${index + 1}: expected a case id or { case, model?, reason? }`);
    return {
      caseId: object.case,
      ...(typeof object.model === 'string' ? { model: object.model } : {}),
      ...(typeof object.reason === 'string' ? { reason: object.reason } : {}),
    };
  });
}
