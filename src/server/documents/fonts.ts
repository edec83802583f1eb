import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Fonts ship as npm packages so a fresh install renders Chinese and Tibetan without system fonts.
const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

const sansDir = packageDir('@expo-google-fonts/noto-sans-sc');
const tibetanDir = packageDir('@expo-google-fonts/noto-serif-tibetan');

export const FONTS = {
  sans: join(sansDir, '400Regular', 'NotoSansSC_400Regular.ttf'),
  sansBold: join(sansDir, '700Bold', 'NotoSansSC_700Bold.ttf'),
  tibetan: join(tibetanDir, '400Regular', 'NotoSerifTibetan_400Regular.ttf'),
  tibetanBold: join(tibetanDir, '700Bold', 'NotoSerifTibetan_700Bold.ttf'),
} as const;

export type FontKey = keyof typeof FONTS;

const cache = new Map<FontKey, Buffer>();

/** Font bytes, read once per process: the CJK files are ~10 MB each and every document needs them. */
export function fontData(key: FontKey): Buffer {
  let data = cache.get(key);
  if (!data) {
    data = readFileSync(FONTS[key]);
    cache.set(key, data);
  }
  return data;
}

/** A font parsed by fontkit (the library PDFKit uses); PDFKit accepts it wherever it accepts font bytes. */
export type ParsedFont = { layout: (...args: unknown[]) => unknown };
const fontkit = require('fontkit') as { create(data: Buffer): ParsedFont };
const parsed = new Map<FontKey, ParsedFont>();

/**
 * The font parsed once per process. Parsing is the dominant cost of a short document: Noto Serif
 * Tibetan's shaping tables take ~0.2 s to load, which a batch of 500 certificates must not pay 500
 * times. Each PDF document still embeds its own subset.
 */
export function parsedFont(key: FontKey): ParsedFont {
  let font = parsed.get(key);
  if (!font) {
    font = memoiseLayout(fontkit.create(fontData(key)));
    parsed.set(key, font);
  }
  return font;
}

type Run = { positions: Array<Record<string, number>> };
const LAYOUT_CACHE_MAX = 20_000;

/**
 * Shaping (GSUB/GPOS) is most of the work of a short document, and documents of one kind repeat
 * the same text; the shaped run depends only on the font, the text and the features, so it is kept.
 * PDFKit scales a run's positions in place, so every caller gets its own copy of them.
 */
function memoiseLayout(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font) as (...args: unknown[]) => Run;
  const cache = new Map<string, Run>();
  font.layout = (...args: unknown[]) => {
    const [text, features] = args;
    if (typeof text !== 'string' || args.length > 2) return layout(...args);
    const key = features === undefined ? text : `${text}\u0000${JSON.stringify(features)}`;
    let run = cache.get(key);
    if (!run) {
      run = layout(text, features);
      if (cache.size >= LAYOUT_CACHE_MAX) cache.clear();
      cache.set(key, run);
    }
    const copy = Object.create(Object.getPrototypeOf(run)) as Run;
    Object.assign(copy, run);
    copy.positions = run.positions.map((p) => ({ ...p }));
    return copy;
  };
  return font;
}
