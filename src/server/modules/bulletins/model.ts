import type { BulletinBlock, BulletinContent } from '../../../contracts/bulletins';
import { cleanText, type Inline, parseRichText, type RichBlock } from './rich-text';

// What the three renderers (PDF, DOCX, web page) draw: the stored content with rich text parsed
// (again — never trusted as stored), plain fields cleaned, items numbered and photos resolved.

export type RenderPhoto = { id: number; width: number; height: number; caption: string | null };
export type RenderBlock =
  | { type: 'rich'; blocks: RichBlock[] }
  | { type: 'photo'; photo: RenderPhoto; caption: string | null }
  | { type: 'speech'; speaker: string; role: string | null; summary: RichBlock[] };
export type RenderItem = { number: number; heading: string; blocks: RenderBlock[] };
export type RenderSection = { title: string; intro: RenderBlock[]; items: RenderItem[] };
export type RenderBulletin = {
  title: string;
  issueNumber: number;
  issueDate: string;
  organizer: string | null;
  sections: RenderSection[];
};

const plain = (s: string | null | undefined) => (s == null ? null : cleanText(s).trim() || null);

export function toRenderModel(
  b: { title: string; issueNumber: number; issueDate: string; content: BulletinContent },
  photos: Map<number, RenderPhoto>,
): RenderBulletin {
  const blocks = (list: BulletinBlock[]): RenderBlock[] =>
    list.flatMap((x): RenderBlock[] => {
      if (x.type === 'text') {
        const parsed = parseRichText(x.html);
        return parsed.length ? [{ type: 'rich', blocks: parsed }] : [];
      }
      if (x.type === 'photo') {
        const photo = photos.get(x.photoId);
        // A photo deleted since the draft is left out rather than failing the whole document.
        if (!photo) return [];
        return [{ type: 'photo', photo, caption: plain(x.caption) ?? plain(photo.caption) }];
      }
      return [{ type: 'speech', speaker: plain(x.speaker) ?? '', role: plain(x.role), summary: parseRichText(x.summary) }];
    });
  return {
    title: plain(b.title) ?? '',
    issueNumber: b.issueNumber,
    issueDate: b.issueDate,
    organizer: plain(b.content.organizer),
    sections: b.content.sections.map((s) => ({
      title: plain(s.title) ?? '',
      intro: blocks(s.intro),
      items: s.items.map((it, n) => ({ number: n + 1, heading: plain(it.heading) ?? '', blocks: blocks(it.blocks) })),
    })),
  };
}

/** 2020年10月26日 */
export function chineseDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export const photoIdsOf = (content: BulletinContent) =>
  content.sections.flatMap((s) => [...s.intro, ...s.items.flatMap((i) => i.blocks)]).flatMap((b) => (b.type === 'photo' ? [b.photoId] : []));

export type { Inline, RichBlock };
