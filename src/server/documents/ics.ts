// iCalendar (RFC 5545) written by hand: the subset needed to publish a class timetable is small,
// and owning it keeps folding and escaping exactly right for Chinese text.

export interface IcsEvent {
  /** Stable across exports so that clients update instead of duplicating. */
  uid: string;
  /** Bump on every change so that clients accept the update. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  lastModified?: Date;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface IcsCalendar {
  name: string;
  events: IcsEvent[];
  /** IANA zone the class runs in, e.g. Asia/Shanghai; clients display times in it. */
  timeZone: string;
  description?: string;
  /** Suggested polling interval for subscribed calendars, as an ISO 8601 duration (e.g. PT1H). */
  refreshInterval?: string;
  /** DTSTAMP value; defaults to the current time. */
  now?: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Folds a content line at 75 octets without splitting a UTF-8 sequence; continuation lines start with a space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    // Continuation lines spend one octet on the leading space.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function assertTimeZone(zone: string): void {
  // Throws RangeError for names the runtime's tz database does not know.
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

export function writeIcs(calendar: IcsCalendar): string {
  assertTimeZone(calendar.timeZone);
  const stamp = formatUtc(calendar.now ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cohort//Training class timetable//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${calendar.timeZone}`,
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  if (calendar.refreshInterval) lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${calendar.refreshInterval}`, `X-PUBLISHED-TTL:${calendar.refreshInterval}`);
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`,
      `DTSTART:${formatUtc(event.start)}`,
      `DTEND:${formatUtc(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

// ---------------------------------------------------------------------------------------------
// Minimal reader, enough to read back what writeIcs produces and simple files from other tools.

export interface IcsProperty {
  value: string;
  params: Record<string, string>;
}

export interface ParsedIcsEvent {
  uid: string;
  sequence: number;
  start: Date;
  end?: Date;
  summary: string;
  location?: string;
  description?: string;
  lastModified?: Date;
  status?: string;
  /** Every property as written (last occurrence wins), values still escaped. */
  properties: Record<string, IcsProperty>;
}

export interface ParsedIcs {
  properties: Record<string, IcsProperty>;
  events: ParsedIcsEvent[];
}

function parseContentLine(line: string): { name: string; property: IcsProperty } | null {
  let i = 0;
  let quoted = false;
  const parts: string[] = [];
  let start = 0;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') {
      parts.push(line.slice(start, i));
      start = i + 1;
    } else if (!quoted && ch === ':') break;
  }
  if (i >= line.length) return null;
  parts.push(line.slice(start, i));
  const [name = '', ...rawParams] = parts;
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), property: { value: line.slice(i + 1), params } };
}

function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Converts a wall-clock time in an IANA zone to the instant it denotes. */
function zonedToUtc(wallMs: number, zone: string): Date {
  let utc = wallMs - zoneOffsetMs(wallMs, zone);
  // A second pass settles times near an offset change.
  utc = wallMs - zoneOffsetMs(utc, zone);
  return new Date(utc);
}

export function parseIcsDate(property: IcsProperty, defaultZone?: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(property.value.trim());
  if (!m) throw new RangeError(`bad iCalendar date: ${property.value}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', z] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (z || m[4] === undefined) return new Date(wall);
  const zone = property.params.TZID ?? defaultZone;
  return zone ? zonedToUtc(wall, zone) : new Date(wall);
}

export function parseIcs(text: string): ParsedIcs {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const calendar: Record<string, IcsProperty> = {};
  const rawEvents: Array<Record<string, IcsProperty>> = [];
  let event: Record<string, IcsProperty> | null = null;
  let eventDepth = 0;
  let depth = 0;
  for (const line of lines) {
    if (!line) continue;
    const parsed = parseContentLine(line);
    if (!parsed) continue;
    const { name, property } = parsed;
    if (name === 'BEGIN') {
      depth++;
      if (property.value.toUpperCase() === 'VEVENT') {
        event = {};
        eventDepth = depth;
      }
    } else if (name === 'END') {
      if (property.value.toUpperCase() === 'VEVENT' && event) {
        rawEvents.push(event);
        event = null;
      }
      depth--;
    } else if (event) {
      // Properties of nested components (VALARM) must not overwrite the event's own.
      if (depth === eventDepth) event[name] = property;
    } else if (depth === 1) calendar[name] = property;
  }
  const zone = calendar['X-WR-TIMEZONE']?.value;
  const textOf = (p: IcsProperty | undefined) => (p ? unescapeText(p.value) : undefined);
  const events = rawEvents.map((p): ParsedIcsEvent => {
    if (!p.DTSTART) throw new RangeError('VEVENT without DTSTART');
    return {
      uid: textOf(p.UID) ?? '',
      sequence: Number(p.SEQUENCE?.value ?? 0),
      start: parseIcsDate(p.DTSTART, zone),
      end: p.DTEND ? parseIcsDate(p.DTEND, zone) : undefined,
      summary: textOf(p.SUMMARY) ?? '',
      location: textOf(p.LOCATION),
      description: textOf(p.DESCRIPTION),
      lastModified: p['LAST-MODIFIED'] ? parseIcsDate(p['LAST-MODIFIED'], zone) : undefined,
      status: p.STATUS?.value,
      properties: p,
    };
  });
  return { properties: calendar, events };
}
