import type { BulletinBlock, BulletinContent, BulletinItem, BulletinSection, DraftOptions } from '../../../contracts/bulletins';
import type { Session, SessionKind } from '../../../contracts/timetable';
import { escapeHtml, textToRichHtml } from './rich-text';

// "Draft from the record": turns what the class already holds (sessions with their sites, notes and
// agendas, and their photos) into a first bulletin that the class teacher then edits. Pure: the
// service gathers the inputs. Wording follows the seed bulletin's conventions.

export type DraftInput = {
  timeZone: string;
  organizer: string | null;
  sessions: Session[];
  /** Photos per session in their order. */
  photos: Map<number, Array<{ id: number }>>;
  groupNames: Map<number, string>;
  /** Lecturer id → organisation (the seed names it first: 上海科技管理干部学院讲师张春羽). */
  lecturerOrganisations: Map<number, string | null>;
  options: DraftOptions;
  /** The class's first and last day; the default range. */
  startsOn: string;
  endsOn: string;
};

const SECTION_TITLE: Partial<Record<SessionKind, string>> = {
  lecture: '【专题讲座】',
  site_visit: '【现场教学】',
  discussion: '【结构化研讨】',
  other: '【其他活动】',
};

const localParts = (iso: string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') };
};
export const localDay = (iso: string, timeZone: string) => {
  const p = localParts(iso, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
/** 2020年10月20日下午 */
function when(iso: string, timeZone: string) {
  const p = localParts(iso, timeZone);
  const part = p.hour < 12 ? '上午' : p.hour < 18 ? '下午' : '晚上';
  return `${p.year}年${p.month}月${p.day}日${part}`;
}

const p = (text: string): BulletinBlock => ({ type: 'text', html: `<p>${escapeHtml(text)}</p>` });
const paragraphs = (text: string | null | undefined): BulletinBlock[] => (textToRichHtml(text) ? [{ type: 'text', html: textToRichHtml(text) }] : []);
const photoBlocks = (photos: Array<{ id: number }>): BulletinBlock[] => photos.map((ph) => ({ type: 'photo', photoId: ph.id, caption: null }));

/** Puts one photo after each paragraph, as the seed does, and the rest at the end. */
function interleave(texts: BulletinBlock[], photos: BulletinBlock[]): BulletinBlock[] {
  const split = texts.flatMap((b) => (b.type === 'text' ? b.html.match(/<p>.*?<\/p>/g)!.map((html): BulletinBlock => ({ type: 'text', html })) : [b]));
  const out: BulletinBlock[] = [];
  const rest = [...photos];
  for (const t of split) {
    out.push(t);
    if (rest.length) out.push(rest.shift()!);
  }
  return [...out, ...rest];
}

const lecturerLine = (s: Session, input: DraftInput) =>
  s.lecturers.map((l) => `${input.lecturerOrganisations.get(l.id) ?? ''}${l.title ?? ''}${l.name}`).join('、');

function siteVisitItem(s: Session, input: DraftInput): BulletinItem {
  const lead: BulletinBlock[] = [];
  const site = s.site;
  if (s.lecturers.length && site) {
    lead.push(p(`${lecturerLine(s, input)}带领学员们在${site.name}进行了一次现场教学。`));
  } else if (site) {
    lead.push(p(`${when(s.startsAt, input.timeZone)}，组织学员前往${site.name}开展现场教学活动。`));
  }
  const texts = [
    ...paragraphs(site?.description),
    ...(s.description && s.description !== site?.description ? paragraphs(s.description) : []),
    ...paragraphs(s.notes),
  ];
  return { heading: s.title, blocks: [...lead, ...interleave(texts, photoBlocks(input.photos.get(s.id) ?? []))] };
}

function lectureItem(s: Session, input: DraftInput): BulletinItem {
  const by = lecturerLine(s, input);
  const lead = by ? [p(`${when(s.startsAt, input.timeZone)}，${by}为学员作了题为“${s.title}”的专题讲座。`)] : [];
  const texts = [...paragraphs(s.description), ...paragraphs(s.notes)];
  return { heading: s.title, blocks: [...lead, ...interleave(texts, photoBlocks(input.photos.get(s.id) ?? []))] };
}

/** Per-group discussions held on the same day on the same topic (side by side or staggered) become one item. */
function discussionItems(sessions: Session[], input: DraftInput): BulletinItem[] {
  const topics = new Map<string, Session[]>();
  for (const s of sessions) {
    const topic = s.title.replace(/（[^（）]*）$/, '').trim();
    const key = `${localDay(s.startsAt, input.timeZone)}\u0000${topic}`;
    topics.set(key, [...(topics.get(key) ?? []), s]);
  }
  return [...topics.values()].map((group) => {
    const topic = group[0].title.replace(/（[^（）]*）$/, '').trim();
    const blocks: BulletinBlock[] = [p(`${when(group[0].startsAt, input.timeZone)}，学员们分组围绕“${topic.replace(/^结构化研讨[:：]/, '')}”开展结构化研讨。`)];
    for (const s of group) {
      const label = s.groups.map((g) => g.name).join('、');
      const texts = [...paragraphs(s.description), ...paragraphs(s.notes)];
      if (label && texts.length) blocks.push({ type: 'text', html: `<p><strong>${escapeHtml(label)}</strong></p>` });
      blocks.push(...interleave(texts, photoBlocks(input.photos.get(s.id) ?? [])));
    }
    return { heading: topic, blocks };
  });
}

/** A ceremony becomes its own section: who attended and presided, the agenda, then one item per speech group. */
function ceremonySection(s: Session, input: DraftInput): BulletinSection {
  const name = s.title;
  const agenda = [...s.agenda].sort((a, b) => a.position - b.position);
  const person = (a: (typeof agenda)[number]) => `${a.speakerRole ?? ''}${a.speakerName ?? ''}`;
  const hosts = agenda.filter((a) => a.kind === 'other' && a.title.includes('主持') && a.speakerName);
  const attendees = agenda.filter((a) => (a.kind === 'attendance' || a.kind === 'leader_speech') && a.speakerName);
  const steps = [...new Set(agenda.filter((a) => a.kind !== 'attendance' && !hosts.includes(a)).map((a) => a.title))];

  const intro: BulletinBlock[] = [...paragraphs(s.description), ...paragraphs(s.notes)];
  const who: string[] = [];
  if (attendees.length) who.push(`${[...new Set(attendees.map(person))].join('、')}出席了${name}`);
  if (hosts.length) who.push(`${name}由${hosts.map((h) => (h.speakerRole ? `${h.speakerName}（${h.speakerRole}）` : h.speakerName)).join('、')}主持`);
  if (who.length) intro.push(p(`${who.join('，')}。`));
  if (steps.length) intro.push(p(`${name}有${steps.join('、')}等${steps.length > 1 ? '几个' : ''}议程。`));

  // Consecutive agenda entries with the same title (the four representatives) form one item.
  const items: BulletinItem[] = [];
  for (const a of agenda) {
    if (a.kind === 'attendance' || hosts.includes(a)) continue;
    if (!a.speakerName && !a.summary) continue;
    const role = [a.groupId && input.groupNames.get(a.groupId) ? `${input.groupNames.get(a.groupId)}学员代表` : null, a.speakerRole].filter(Boolean).join('，');
    const block: BulletinBlock = a.speakerName
      ? { type: 'speech', speaker: a.speakerName, role: role || null, summary: textToRichHtml(a.summary) }
      : { type: 'text', html: textToRichHtml(a.summary) };
    const last = items[items.length - 1];
    if (last && last.heading === a.title) last.blocks.push(block);
    else items.push({ heading: a.title, blocks: [block] });
  }
  return { title: `【${name}】`, intro: interleave(intro, photoBlocks(input.photos.get(s.id) ?? [])), items };
}

const hasRecord = (s: Session, input: DraftInput) =>
  Boolean(s.notes || s.description || s.site?.description || s.agenda.length || (input.photos.get(s.id)?.length ?? 0));

export function draftFromRecord(input: DraftInput): { content: BulletinContent; from: string; to: string } {
  const from = input.options.from ?? input.startsOn;
  const to = input.options.to ?? input.endsOn;
  const kinds = new Set<SessionKind>(input.options.kinds ?? ['opening', 'lecture', 'site_visit', 'discussion', 'ceremony', 'other']);
  const chosen = [...input.sessions]
    .filter((s) => kinds.has(s.kind))
    .filter((s) => {
      const day = localDay(s.startsAt, input.timeZone);
      return day >= from && day <= to;
    })
    .filter((s) => input.options.includeEmpty || hasRecord(s, input))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id);

  const sections: BulletinSection[] = [];
  for (const s of chosen.filter((x) => x.kind === 'opening')) sections.push(ceremonySection(s, input));
  const of = (kind: SessionKind) => chosen.filter((x) => x.kind === kind);
  if (of('lecture').length) sections.push({ title: SECTION_TITLE.lecture!, intro: [], items: of('lecture').map((s) => lectureItem(s, input)) });
  if (of('site_visit').length) sections.push({ title: SECTION_TITLE.site_visit!, intro: [], items: of('site_visit').map((s) => siteVisitItem(s, input)) });
  if (of('discussion').length) sections.push({ title: SECTION_TITLE.discussion!, intro: [], items: discussionItems(of('discussion'), input) });
  if (of('other').length) sections.push({ title: SECTION_TITLE.other!, intro: [], items: of('other').map((s) => lectureItem(s, input)) });
  for (const s of of('ceremony')) sections.push(ceremonySection(s, input));
  return { content: { organizer: input.organizer, sections }, from, to };
}
