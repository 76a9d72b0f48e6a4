/** The date in Japan at an instant, 'yyyy-mm-dd': a fiscal year turns at midnight JST, not UTC. */
const japanDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' });

/**
 * @example japanDateOf(new Date('2024-03-31T15:30:00Z')) // '2024-04-01'
 */
export function japanDateOf(instant: Date): string {
  return japanDate.format(instant);
}
