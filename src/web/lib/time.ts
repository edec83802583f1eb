import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export { type Dayjs, dayjs };

// Everything a class shows is in the class's own time zone, not the browser's: a 班主任 who
// opens the timetable on a laptop set to another zone still sees the Beijing times the trainees
// live by.

/** An instant seen in a time zone. */
export const inZone = (instant: string, timeZone: string) => dayjs(instant).tz(timeZone);

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const dateIn = (instant: string, timeZone: string) => inZone(instant, timeZone).format('YYYY-MM-DD');

/** "HH:mm" of an instant in a time zone. */
export const timeIn = (instant: string, timeZone: string) => inZone(instant, timeZone).format('HH:mm');

/** Minutes since local midnight of an instant in a time zone. */
export const minutesIn = (instant: string, timeZone: string) => {
  const d = inZone(instant, timeZone);
  return d.hour() * 60 + d.minute();
};

/** A wall-clock date and time in a zone → an ISO instant with its offset (what the API takes). */
export function zonedInstant(date: string | undefined, time: string | undefined, timeZone: string): string | undefined {
  if (!date || !time) return undefined;
  return dayjs.tz(`${date} ${time}`, timeZone).format('YYYY-MM-DDTHH:mm:ssZ');
}

/** Every date from startsOn to endsOn inclusive. */
export function daysBetween(startsOn: string, endsOn: string): string[] {
  const out: string[] = [];
  let d = dayjs(startsOn);
  const end = dayjs(endsOn);
  while (!d.isAfter(end, 'day') && out.length < 400) {
    out.push(d.format('YYYY-MM-DD'));
    d = d.add(1, 'day');
  }
  return out;
}

/** Today's date in a time zone. */
export const todayIn = (timeZone: string) => dayjs().tz(timeZone).format('YYYY-MM-DD');

/** A date + n days. */
export const addDays = (date: string, n: number) => dayjs(date).add(n, 'day').format('YYYY-MM-DD');

/** Monday of the week a date falls in (weeks start on Monday in China). */
export function mondayOf(date: string): string {
  const d = dayjs(date);
  const dow = (d.day() + 6) % 7;
  return d.subtract(dow, 'day').format('YYYY-MM-DD');
}

/** 0 = Monday … 6 = Sunday. */
export const weekdayIndex = (date: string) => (dayjs(date).day() + 6) % 7;
