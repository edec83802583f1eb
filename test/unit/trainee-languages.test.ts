import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dictionaries, intlLocale } from '../../src/web/trainee/i18n';
import { BOARDING_DRAFTED, bo, boardingBo, certificatesBo, DRAFTED, evaluationsBo, TRAVEL_DRAFTED, travelBo } from '../../src/web/trainee/i18n-bo';
import { boardingDictionaries } from '../../src/web/trainee/scanner/boarding-words';
import { travelDictionaries } from '../../src/web/trainee/travel/words';

const TIBETAN = /[\u0F00-\u0FFF]/;
// Keys whose text is a placeholder pattern or empty in every language.
const NOT_WORDS = new Set(['status_none', 'chars']);

describe('trainee languages', () => {
  it('every key of the trainee pages exists in zh-CN, en and bo, with the same placeholders', () => {
    const zhKeys = Object.keys(dictionaries['zh-CN']).sort();
    for (const lang of ['en', 'bo'] as const) {
      assert.deepEqual(Object.keys(dictionaries[lang]).sort(), zhKeys, lang);
      for (const key of zhKeys as Array<keyof (typeof dictionaries)['zh-CN']>) {
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        assert.deepEqual(holes(dictionaries[lang][key]), holes(dictionaries['zh-CN'][key]), `${lang}.${key}`);
      }
    }
  });

  it('the Tibetan words are written in Tibetan script and all marked for review', () => {
    for (const [key, text] of [
      ...Object.entries(bo),
      ...Object.entries(certificatesBo),
      ...Object.entries(evaluationsBo),
      ...Object.entries(travelBo),
      ...Object.entries(boardingBo),
    ]) {
      if (!NOT_WORDS.has(key)) assert.match(text, TIBETAN, key);
    }
    assert.deepEqual([...DRAFTED].sort(), Object.keys(bo).sort());
    assert.deepEqual([...TRAVEL_DRAFTED].sort(), Object.keys(travelBo).sort());
    assert.deepEqual([...BOARDING_DRAFTED].sort(), Object.keys(boardingBo).sort());
  });

  it('the travel page and boarding mode have every word in zh-CN, en and bo, with the same placeholders', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const dicts of [travelDictionaries, boardingDictionaries] as Array<Record<'zh-CN' | 'en' | 'bo', Record<string, string>>>) {
      const zh = dicts['zh-CN'];
      for (const lang of ['en', 'bo'] as const) {
        assert.deepEqual(Object.keys(dicts[lang]).sort(), Object.keys(zh).sort(), lang);
        for (const [key, text] of Object.entries(zh)) assert.deepEqual(holes(dicts[lang][key]), holes(text), `${lang}.${key}`);
      }
    }
  });

  it('dates are written one way per language: 12月2日, 2 Dec, Tibetan months', () => {
    const at = new Date('2026-12-02T06:00:00Z');
    const day = (lang: 'zh-CN' | 'en' | 'bo') =>
      new Intl.DateTimeFormat(intlLocale(lang), { month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' }).format(at);
    assert.equal(day('zh-CN'), '12月2日');
    assert.equal(day('en'), '2 Dec');
    assert.match(day('bo'), TIBETAN);
  });
});
