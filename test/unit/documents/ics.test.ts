import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldLine, parseIcs, writeIcs } from '../../../src/server/documents/ics.js';

const NOW = new Date('2020-10-01T00:00:00Z');

function calendar() {
  return writeIcs({
    name: '2024年第一期中青年干部培训班',
    timeZone: 'Asia/Shanghai',
    now: NOW,
    refreshInterval: 'PT1H',
    events: [
      {
        uid: 'session-1@cohort',
        sequence: 2,
        // 2020-10-20 13:30–15:00 Beijing time.
        start: new Date('2020-10-20T05:30:00Z'),
        end: new Date('2020-10-20T07:00:00Z'),
        summary: '专题讲座：习近平新时代中国特色社会主义思想概论; 第一讲, 绪论',
        location: '党校主楼 302 教室',
        description:
          '主讲：徐爱国教授\n请携带学员证\\笔记本。བཀྲ་ཤིས་བདེ་ལེགས། 这一行很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。',
        lastModified: new Date('2020-10-01T08:00:00Z'),
      },
      {
        uid: 'session-2@cohort',
        sequence: 0,
        start: new Date('2020-10-21T00:30:00Z'),
        end: new Date('2020-10-21T02:00:00Z'),
        summary: '现场教学',
        status: 'CANCELLED',
      },
    ],
  });
}

test('times are written in UTC with the class zone for display', () => {
  const ics = calendar();
  assert.ok(ics.includes('\r\nDTSTART:20201020T053000Z\r\n'));
  assert.ok(ics.includes('\r\nDTEND:20201020T070000Z\r\n'));
  assert.ok(ics.includes('\r\nX-WR-TIMEZONE:Asia/Shanghai\r\n'));
  assert.ok(ics.includes('\r\nMETHOD:PUBLISH\r\n'));
  assert.ok(ics.includes('\r\nDTSTAMP:20201001T000000Z\r\n'));
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
});

test('round trip: 2020-10-20 13:30 Beijing time reads back as 05:30Z, text unescaped', () => {
  const parsed = parseIcs(calendar());
  assert.equal(parsed.properties['X-WR-CALNAME']?.value, '2024年第一期中青年干部培训班');
  const [first, second] = parsed.events;
  assert.equal(first.start.toISOString(), '2020-10-20T05:30:00.000Z');
  assert.equal(first.end?.toISOString(), '2020-10-20T07:00:00.000Z');
  assert.equal(first.uid, 'session-1@cohort');
  assert.equal(first.sequence, 2);
  assert.equal(first.summary, '专题讲座：习近平新时代中国特色社会主义思想概论; 第一讲, 绪论');
  assert.equal(first.location, '党校主楼 302 教室');
  assert.match(first.description ?? '', /^主讲：徐爱国教授\n请携带学员证\\笔记本。བཀྲ་ཤིས་བདེ་ལེགས། 这一行/);
  assert.equal(first.lastModified?.toISOString(), '2020-10-01T08:00:00.000Z');
  assert.equal(second.status, 'CANCELLED');
  // Escapes as written on the wire.
  assert.ok(first.properties.SUMMARY.value.includes('概论\\; 第一讲\\, 绪论'));
});

test('lines are folded at 75 octets without splitting UTF-8 sequences, with CRLF endings', () => {
  const bytes = Buffer.from(calendar(), 'utf8');
  assert.ok(!/[^\r]\n/.test(bytes.toString('utf8')), 'bare LF');
  const physical: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      physical.push(bytes.subarray(start, i));
      start = i + 2;
    }
  }
  assert.ok(
    physical.some((l) => l[0] === 0x20),
    'expected folded lines',
  );
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const line of physical) {
    assert.ok(line.length <= 75, `${line.length} octets: ${line.toString()}`);
    strict.decode(line); // throws on a split multi-byte character
  }
  const long = `SUMMARY:${'中'.repeat(100)}`;
  const folded = foldLine(long);
  assert.equal(folded.replace(/\r\n /g, ''), long);
  assert.equal(foldLine('SHORT:x'), 'SHORT:x');
  // Four-byte characters too.
  assert.equal(foldLine(`X:${'𠀀'.repeat(40)}`).replace(/\r\n /g, ''), `X:${'𠀀'.repeat(40)}`);
});

test('parseIcs handles TZID, floating times in X-WR-TIMEZONE, dates and nested alarms', () => {
  const text = [
    'BEGIN:VCALENDAR',
    'X-WR-TIMEZONE:Asia/Shanghai',
    'BEGIN:VEVENT',
    'UID:a',
    'DTSTART;TZID=Asia/Shanghai:20201020T133000',
    'DTEND;TZID="America/New_York":20201020T090000',
    'SUMMARY:with alarm',
    'BEGIN:VALARM',
    'DESCRIPTION:alarm text',
    'END:VALARM',
    'DESCRIPTION:event',
    '  text',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:b',
    'DTSTART:20201021T080000',
    'DTEND;VALUE=DATE:20201022',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\n');
  const [a, b] = parseIcs(text).events;
  assert.equal(a.start.toISOString(), '2020-10-20T05:30:00.000Z');
  assert.equal(a.end?.toISOString(), '2020-10-20T13:00:00.000Z'); // EDT is UTC-4
  assert.equal(a.description, 'event text');
  assert.equal(b.start.toISOString(), '2020-10-21T00:00:00.000Z');
  assert.equal(b.end?.toISOString(), '2020-10-22T00:00:00.000Z');
});

test('invalid zones and dates are refused', () => {
  assert.throws(() => writeIcs({ name: 'x', timeZone: 'Mars/Olympus', events: [] }), RangeError);
  assert.throws(
    () => writeIcs({ name: 'x', timeZone: 'UTC', events: [{ uid: 'u', sequence: 0, start: new Date(Number.NaN), end: new Date(), summary: 's' }] }),
    RangeError,
  );
});
