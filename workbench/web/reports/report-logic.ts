/** The 举报 form's dates, apart from the DOM so they can be tested in Node. */

/** Today in Beijing, as a date input wants it (`2026-09-08`). */
export function todayInBeijing(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The 受理日期 as the server takes it, a date-time with offset. A report taken today is stamped by the server when it
 * arrives (undefined); one taken on an earlier day has no time of day on the form, so it counts from that day's start
 * in Beijing.
 */
export function receivedAtOf(date: string, today: string): string | undefined {
  return date === today ? undefined : `${date}T00:00+08:00`;
}
