// Regenerates src/web/trainee/fonts/noto-serif-tibetan-subset.woff2, the Tibetan web font of the
// trainee pages, from the Noto Serif Tibetan TTF that arrives with npm
// (@expo-google-fonts/noto-serif-tibetan). `node scripts/build-tibetan-font.mjs`; the output is
// committed so a build needs neither the TTF nor harfbuzz. harfbuzz's subsetter keeps the GSUB
// and GPOS closure of the kept characters, so the stacked consonants (subjoined letters) and the
// vowel signs' positions survive; only the Tibetan block is kept (the page's other scripts come
// from the phone's own fonts, and the @font-face says so with unicode-range U+0F00-0FFF).
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const source = require.resolve('@expo-google-fonts/noto-serif-tibetan/400Regular/NotoSerifTibetan_400Regular.ttf');
const out = new URL('../src/web/trainee/fonts/noto-serif-tibetan-subset.woff2', import.meta.url);

let text = '';
for (let cp = 0x0f00; cp <= 0x0fff; cp++) text += String.fromCodePoint(cp);
const ttf = await readFile(source);
const woff2 = await subsetFont(ttf, text, { targetFormat: 'woff2' });
await writeFile(out, woff2);
console.log(`${out.pathname}: ${woff2.length} bytes (from ${ttf.length} bytes of TTF)`);
