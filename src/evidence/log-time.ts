/**
 * A logged instant (`2026-11-24T03:41:02.123Z`, `2026-11-24T11:41:02+08:00`) in milliseconds since the epoch, or
 * undefined when it is not one. Strict where `Date.parse` is lenient: a day the month does not have
 * (`2026-02-30`) or a 60th second is no instant, so every engine (this one and DuckDB's `TIMESTAMPTZ`) reads
 * the same logs into the same times. Digits past the millisecond are dropped, not rounded.
 * @example logTimeMs('2026-11-24T03:00:00.5Z') // 1795489200500
 */
export function logTimeMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (minute > 59 || second > 59) return undefined;
  // 24:00:00 is the end of the day (ISO 8601), as DuckDB reads it; no other hour past 23.
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || millis !== 0))) return undefined;
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (offsetHours > 15 || offsetMinutes > 59) return undefined;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Date.UTC reads years 0–99 as 1900–1999: the year is set apart.
  const at = new Date(Date.UTC(2000, month - 1, day, 0, minute, second, millis));
  return at.setUTCFullYear(year) + hour * 3_600_000 - offset;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
