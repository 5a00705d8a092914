/**
 * The SQL of the DuckDB engine's fast read of a plain JSONL log. DuckDB's JSON reader parses each line into the
 * fields a verdict reads (an explicit STRUCT schema, every leaf as JSON text, so a value keeps its JSON type), and
 * keeps one narrow row per line in a temporary table: a hash of its key (every field the checks read, with the
 * per-task values — ids, times, tenant, video URL — reduced to what their schema can tell apart), the hour and
 * time to result of its task, the hash of its task (target and task id) and whether it must be judged one by one.
 * Rows keep the log's order (`rowid`), so a row's line number is known without a window over the read. Lines with
 * the same key hash and hour get the same verdict from the package's rules, which judge one of them.
 *
 * What the reader cannot tell apart is judged one by one: lines it cannot parse, another `log_version`,
 * fragments, records with observations, an object field that holds another type (DuckDB reads `"x"`, `[]` and `{}`
 * alike there), a logged time in a form other than the plain one, and (found by the line index) every line with a
 * JSON null, which DuckDB reads as a missing field.
 */

import { TIME_PATTERN } from '../../contract/schemas/common.js';
import { TaskLogRecord } from '../../contract/schemas/task-log.js';
import { FIELDS, literal } from './sql.js';

/** A field's path in the record (`$.a.b` → ['a', 'b']). */
const pathOf = (field: string) => field.replace(/^\*?\$\./, '').split('.');

interface Node {
  readonly children: Map<string, Node>;
}

/** The tree of the fields the checks read: objects are nodes, everything else a leaf read as JSON text. */
function tree(): Node {
  const root: Node = { children: new Map() };
  for (const field of FIELDS) {
    let node = root;
    for (const key of pathOf(field)) {
      let child = node.children.get(key);
      if (!child) {
        child = { children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
  }
  // Every top-level field is one of the record's (or `fragment`, which marks a fragment).
  const known = new Set([...Object.keys(TaskLogRecord.properties), 'fragment']);
  for (const key of root.children.keys()) if (!known.has(key)) throw new Error(`no record field ${key}`);
  return root;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function typeOf(node: Node): string {
  if (node.children.size === 0) return 'JSON';
  return `STRUCT(${[...node.children].map(([key, child]) => `${quote(key)} ${typeOf(child)}`).join(', ')})`;
}

/** The schema the reader parses each line into: one STRUCT of the record's fields. */
export function recordType(): string {
  return typeOf(tree());
}

/** The SQL expression of a field path. */
const ref = (path: readonly string[]) => path.map(quote).join('.');

/** The objects of the tree (their paths), below the record. */
function objects(node: Node, path: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, child] of node.children)
    if (child.children.size > 0) out.push([...path, key], ...objects(child, [...path, key]));
  return out;
}

/** A schema pattern (`^a$|^b$`) as one that matches the whole JSON text of a string (`"(?:a|b)"`). */
function quoted(pattern: string): string {
  const inner = pattern.replaceAll('$|^', '|').replace(/^\^/, '').replace(/\$$/, '');
  return literal(`"(?:${inner})"`);
}

/** A plain logged time: UTC or an offset, real fields (the date is checked by the cast), what both engines read alike. */
const PLAIN_TIME = literal(
  '"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])"',
);
/** A video URL every check reads alike: http(s), a plain host, a path of letters, digits and `._~/-`. */
const PLAIN_URL = literal('"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?"');

const text = (path: string) => `${ref(pathOf(path))}::VARCHAR`;

/** A per-task id as what its schema tells apart: empty, a plain string, or its JSON text. */
const id = (path: string) => {
  const v = text(path);
  return `CASE WHEN ${v} = '""' THEN 'E' WHEN starts_with(${v}, '"') AND NOT contains(${v}, '\\') THEN 'S' ELSE ${v} END`;
};
/** A value with a pattern: whether it matches, or (not a string) its JSON text; `ok`: known to match. */
const patterned = (path: string, pattern: string, ok = 'false') => {
  const v = text(path);
  return `CASE WHEN ${ok} THEN 'true' WHEN starts_with(${v}, '"') THEN regexp_full_match(${v}, ${quoted(pattern)})::VARCHAR ELSE ${v} END`;
};
/** A video URL: its scheme when plain (the checks read no more of a plain URL), else its JSON text. */
const url = (path: string) => {
  const v = text(path);
  return `CASE WHEN regexp_full_match(${v}, ${PLAIN_URL}) THEN starts_with(${v}, '"https:')::VARCHAR ELSE ${v} END`;
};
const ms = (v: string) => `epoch_ms(TRY_CAST((${v})[2:-2] AS TIMESTAMPTZ))`;

const SUBMITTED = '$.observed.submitted_at';
const FINISHED = '$.observed.finished_at';

/** The key's parts: every field, the per-task ones reduced (see the file's comment), and the ids' equalities. */
function keyParts(): string[] {
  const parts = FIELDS.map((field) => {
    const path = field.replace(/^\*/, '');
    if (!field.startsWith('*')) return path === '$.observations' ? `${ref(pathOf(path))} IS NULL` : ref(pathOf(path));
    if (/(request_id|task_id)$/.test(path)) return id(path);
    if (/video_url$/.test(path)) return url(path);
    if (path === SUBMITTED || path === FINISHED) return `${path === SUBMITTED ? 'sub' : 'fin'}_kind`;
    if (path === '$.tenant')
      return patterned(path, (TaskLogRecord.properties.tenant as unknown as { pattern: string }).pattern);
    return patterned(path, TIME_PATTERN, 'out_ok');
  });
  const [task, sub, fin] = ['$.task_id', '$.submit.body.output.task_id', '$.final.body.output.task_id'].map((p) =>
    ref(pathOf(p)),
  );
  parts.push(
    `${sub} IS NOT DISTINCT FROM ${task}`,
    `${fin} IS NOT DISTINCT FROM ${task}`,
    `${sub} IS NOT DISTINCT FROM ${fin}`,
  );
  return parts;
}

/** A logged time's kind: missing, a plain time DuckDB reads (`T`), another string (`X`: judged alone), or its JSON. */
function timeKind(path: string, both: string, at: string): string {
  const v = text(path);
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN NOT starts_with(${v}, '"') THEN ${v} WHEN (${both} OR regexp_full_match(${v}, ${PLAIN_TIME})) AND ${at} IS NOT NULL THEN 'T' ELSE 'X' END`;
}

/** Whether a line is judged one by one (see the file's comment). */
function exactWhen(): string {
  const empty = objects(tree()).map((path) => {
    const node = path.reduce((n, key) => n.children.get(key)!, tree());
    const fields = [...node.children.keys()].map((key) => `${ref([...path, key])} IS NULL`).join(' AND ');
    return `(${ref(path)} IS NOT NULL AND ${fields})`;
  });
  return [
    `log_version IS DISTINCT FROM '1'`,
    `fragment IS NOT DISTINCT FROM 'true'`,
    `observations IS NOT NULL`,
    `sub_kind IS NOT DISTINCT FROM 'X'`,
    `fin_kind IS NOT DISTINCT FROM 'X'`,
    ...empty,
  ].join(' OR ');
}

/**
 * The rows of a plain JSONL log, in a temporary table `table` (one per line DuckDB did not skip, in order): `h` the
 * key's hash, `x` whether the line is judged one by one, `hour` of the submit, `ms` from submit to the final
 * answer, `t` the hash of the task (target and task id as JSON text, both strings) and `fr` a fragment.
 */
export function rowsTable(file: string, table: string): string {
  // The line as one STRUCT (records = false): DuckDB reads its fields in one walk of its keys.
  const read = `(SELECT json.* FROM read_json(${literal(file)}, format = 'newline_delimited', records = false, ignore_errors = true, compression = 'uncompressed', columns = {'json': ${literal(recordType())}}))`;
  const [sub, fin] = [text(SUBMITTED), text(FINISHED)];
  // Each time cast once; the answer's three times and the two logged ones each matched by one expression.
  const outTimes = ['submit_time', 'scheduled_time', 'end_time'].map((f) => text(`$.final.body.output.${f}`));
  const timed = `SELECT *, ${ms(sub)} AS sub_ms, ${ms(fin)} AS fin_ms,
  regexp_full_match(${outTimes.join(` || '|' || `)}, ${literal(Array(3).fill(quoted(TIME_PATTERN).slice(1, -1)).join('\\|'))}) AS out_ok,
  regexp_full_match(${sub} || '|' || ${fin}, ${literal(`${PLAIN_TIME.slice(1, -1)}\\|${PLAIN_TIME.slice(1, -1)}`)}) AS obs_ok
FROM ${read}`;
  const kinds = `SELECT *, ${timeKind(SUBMITTED, 'obs_ok', 'sub_ms')} AS sub_kind, ${timeKind(FINISHED, 'obs_ok', 'fin_ms')} AS fin_kind FROM (${timed})`;
  return `CREATE OR REPLACE TEMP TABLE ${table} AS
SELECT hash(${keyParts().join(', ')}) AS h, (${exactWhen()}) AS x,
  floor(sub_ms / 3600000)::BIGINT AS hour, fin_ms - sub_ms AS ms,
  CASE WHEN starts_with(target::VARCHAR, '"') AND starts_with(task_id::VARCHAR, '"') THEN hash(target::VARCHAR, task_id::VARCHAR) END AS t,
  fragment IS NOT DISTINCT FROM 'true' AS fr
FROM (${kinds})`;
}
