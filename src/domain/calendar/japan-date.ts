import { formatWarekiDate } from './wareki.ts';

/** The date in Japan at an instant, 'yyyy-mm-dd': a fiscal year turns at midnight JST, not UTC. */
const japanDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' });

/**
 * @example japanDateOf(new Date('2024-03-31T15:30:00Z')) // '2024-04-01'
 */
export function japanDateOf(instant: Date): string {
  return japanDate.format(instant);
}

/** Hours and minutes in Japan, 24-hour clock with two digits each. */
const japanTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An instant (a change, a comment, a notice) as Japanese documents write it, in Japan time.
 * @example formatWarekiDateTime(new Date('2026-12-01T01:05:00Z')) // '令和8年12月1日 10:05'
 * @example formatWarekiDateTime('2019-04-30T23:30:00Z') // '令和元年5月1日 08:30'
 */
export function formatWarekiDateTime(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return `${formatWarekiDate(japanDateOf(at))} ${japanTime.format(at)}`;
}
