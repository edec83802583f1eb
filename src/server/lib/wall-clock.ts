// Wall-clock dates and times in a class's time zone. A timetable lives by the clock on the wall
// (09:00 in Shanghai, 09:00 in Berlin in March and in July alike), so moving it to other dates
// moves the local date and keeps the local time; the instant follows from that, DST included.

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date ("YYYY-MM-DD") and time ("HH:mm:ss") of an instant in a zone. */
export function wallClockOf(instant: string | number | Date, timeZone: string): { date: string; time: string } {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}` };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string) {
  const { date, time } = wallClockOf(ms, timeZone);
  const seen = Date.parse(`${date}T${time}Z`);
  return seen - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall-clock date and time in a zone → the instant (ISO, UTC). The offset is taken at the
 * instant itself, not at the same digits read as UTC, so times near a DST change come out right;
 * a time that does not exist (the hour the clocks skip) lands just after the gap.
 */
export function instantOf(date: string, time: string, timeZone: string): string {
  const asUtc = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  if (Number.isNaN(asUtc)) throw new Error(`not a date and time: ${date} ${time}`);
  let ms = asUtc - offsetAt(asUtc, timeZone);
  const second = offsetAt(ms, timeZone);
  if (second !== offsetAt(asUtc, timeZone)) ms = asUtc - second;
  return new Date(ms).toISOString();
}

/** A calendar date plus n days. */
export function addDaysTo(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The same wall-clock time, `days` calendar days later in the zone. */
export const shiftWallClock = (instant: string, days: number, timeZone: string) => {
  const { date, time } = wallClockOf(instant, timeZone);
  return instantOf(addDaysTo(date, days), time, timeZone);
};
