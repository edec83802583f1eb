import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TravelLeg, TravelOverview } from '../../../src/contracts';
import { pickupPdf } from '../../../src/server/modules/residence/documents';
import { pdfText } from './fixtures';

// The pickup list (#18) with the long values a real class has: a connecting flight, a station
// exit, two phones, a long name. Each stays inside its cell: no word reaches past the table's
// right edge or into the next column, and every value is there to read.

const leg = (over: Partial<TravelLeg> & Pick<TravelLeg, 'id' | 'enrolmentId' | 'place' | 'at'>): TravelLeg => ({
  direction: 'arrival',
  mode: 'flight',
  number: null,
  companions: null,
  pickupPlanId: null,
  confirmedAt: null,
  ...over,
});
const overview: TravelOverview = {
  deadlineOn: null,
  missing: [],
  plans: [
    {
      id: 1,
      direction: 'arrival',
      place: '上海浦东国际机场',
      windowStartsAt: '2026-03-01T07:20:00Z',
      windowEndsAt: '2026-03-01T08:05:00Z',
      vehicle: '学院考斯特 沪A·K2020',
      staffName: '王磊',
      staffPhone: '13801762020',
      legIds: [1],
    },
  ],
  entries: [
    {
      enrolmentId: 1,
      name: '阿旺罗布次仁多吉·平措朗杰',
      nameBo: 'ངག་དབང་ནོར་བུ་ཚེ་རིང་རྡོ་རྗེ',
      groupName: '第一组',
      phone: '+8613908912001,+8613908912002',
      arrival: leg({
        id: 1,
        enrolmentId: 1,
        number: 'TV9881MU5401CA4401ZH9999',
        place: '上海浦东国际机场T2航站楼',
        at: '2026-03-01T07:30:00Z',
        pickupPlanId: 1,
      }),
      departure: null,
    },
    {
      enrolmentId: 2,
      name: '李明',
      nameBo: null,
      groupName: '第二组',
      phone: '13908912038',
      arrival: leg({ id: 2, enrolmentId: 2, mode: 'train', number: 'G1234', place: '上海虹桥站（高铁）北广场出口东侧停车场', at: '2026-03-01T09:50:00Z' }),
      departure: leg({ id: 3, enrolmentId: 2, direction: 'departure', number: 'TV9882', place: '上海浦东国际机场T2航站楼', at: '2026-03-14T01:50:00Z' }),
    },
  ],
};

type Word = { xMin: number; xMax: number; yMin: number; text: string };
const wordsOf = (html: string): { width: number; words: Word[] } => ({
  width: Number(/<page width="([\d.]+)"/.exec(html)![1]),
  words: [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: m[4],
  })),
});

test('the pickup list keeps long flights, places, names and phones inside their cells, in landscape', async () => {
  const pdf = await pickupPdf({ title: '2026年“科技兴藏人才培养工程”西藏科技管理干部培训班', timeZone: 'Asia/Shanghai' }, overview);
  const { width, words } = wordsOf(pdfText(pdf, '-bbox'));
  assert.ok(width > 800, `landscape A4 (${width})`);
  for (const w of words) assert.ok(w.xMax <= width - 30, `"${w.text}" runs past the table (${w.xMax} of ${width})`);
  // The cells' borders, from the column widths the list is drawn with (scaled to the page), placed
  // by the first and last header; each value is read back from its own cell.
  const HEADERS = ['序号', '姓名', '藏文名', '组别', '手机', '航班/车次', '到达站/机场', '时间', '同行'];
  const WIDTHS = [30, 80, 100, 45, 85, 90, 120, 90, 110];
  const starts = WIDTHS.map((_, i) => WIDTHS.slice(0, i).reduce((a, b) => a + b, 0));
  const centre = (w: Word) => (w.xMin + w.xMax) / 2;
  const first = words.find((w) => w.text === HEADERS[0])!;
  const last = words.find((w) => w.text === HEADERS[8])!;
  const scale = (centre(last) - centre(first)) / (starts[8] + WIDTHS[8] / 2 - WIDTHS[0] / 2);
  const x0 = centre(first) - (WIDTHS[0] / 2) * scale;
  const inTable = words.filter((w) => w.yMin >= first.yMin - 1);
  const columnText = (h: string) => {
    const i = HEADERS.indexOf(h);
    const [left, right] = [x0 + starts[i] * scale, x0 + (starts[i] + WIDTHS[i]) * scale];
    const crossing = inTable.filter((w) => w.xMin < right && w.xMax > right);
    assert.deepEqual(
      crossing.map((w) => w.text),
      [],
      `nothing runs from ${h} into the next column`,
    );
    return inTable
      .filter((w) => w.xMin >= left && w.xMax <= right)
      .map((w) => w.text)
      .join('');
  };
  assert.match(columnText('航班/车次'), /TV9881MU5401CA4401ZH9999/);
  assert.match(columnText('手机'), /\+8613908912001,\+8613908912002/);
  assert.match(columnText('姓名'), /阿旺罗布次仁多吉·平措朗杰/);
  assert.match(columnText('到达站/机场'), /上海虹桥站（高铁）北广场出口东侧停车场/);
  const text = pdfText(pdf);
  for (const v of ['未安排接站', '未安排送站', '出发站/机场']) assert.ok(text.includes(v), `${v} is on the list`);
});
