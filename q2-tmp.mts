import { DuckDBInstance } from '@duckdb/node-api';
import { MACROS, linesOf } from '/work/wt/i20/src/evidence/duckdb/sql.js';
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
for (const m of MACROS) await c.run(m);
const f = process.argv[2]!;
const P = `['$.log_version','$.fragment','$.source','$.target','$.profile','$.model','$.request','$.submit','$.final','$.task_id','$.tenant','$.observations','$.case_id','$.observed.submitted_at','$.observed.finished_at','$.observed.polls','$.observed.unfinished','$.delivered','$.charged']`;
const src = `(${linesOf(f)})`;
for (const [name, sql] of [
  ['try-extract', `SELECT count(j) FROM (SELECT try(json_extract(line, ${P}))::VARCHAR[] j FROM ${src})`],
  ['extract', `SELECT count(j) FROM (SELECT CASE WHEN json_valid(line) THEN json_extract(line, ${P})::VARCHAR[] END j FROM ${src})`],
  ['extract-nocast', `SELECT count(j) FROM (SELECT CASE WHEN json_valid(line) THEN json_extract(line, ${P}) END j FROM ${src})`],
  ['regex', `SELECT count(DISTINCT r) FROM (SELECT regexp_replace(line, '"(request_id|task_id|submit_time|scheduled_time|end_time|video_url)":"[^"\\\\]*"', '"\\1":""', 'g') r FROM ${src})`],
  ['shape', `SELECT count(DISTINCT r) FROM (SELECT wan_shape(line) r FROM ${src})`],
  ['ms', `SELECT count(r) FROM (SELECT wan_ms(json_extract(line, '$.observed.submitted_at')::VARCHAR) r FROM ${src} WHERE json_valid(line))`],
] as const) {
  const t = performance.now();
  try { const r = await c.runAndReadAll(sql); console.log(name, ((performance.now() - t) / 1000).toFixed(2), JSON.stringify(r.getRowsJson()[0])); } catch (e) { console.log(name, (e as Error).message.slice(0, 200)); }
}
