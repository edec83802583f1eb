import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUPERVISOR_QUESTIONS, TRAINEE_QUESTIONS } from '../../src/contracts/followup';
import { FOLLOWUP_WORDS, QUESTIONS_EN, questionText } from '../../src/web/trainee/followup/words';
import { FOLLOWUP_DRAFTED, followupBo } from '../../src/web/trainee/i18n-bo';

// The follow-up pages' words (#19): every key in zh-CN, en and bo with the same placeholders,
// every question's text in English and Tibetan, and all of the Tibetan marked for review.
describe('follow-up words', () => {
  const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  it('zh-CN, en and bo have the same keys and placeholders', () => {
    const zh = FOLLOWUP_WORDS['zh-CN'];
    for (const [key, text] of Object.entries(zh)) {
      assert.deepEqual(holes(FOLLOWUP_WORDS.en[key as keyof typeof zh]), holes(text), `en.${key}`);
      const bo = (followupBo as Record<string, string>)[key];
      assert.ok(bo, `bo.${key} missing`);
      assert.deepEqual(holes(bo), holes(text), `bo.${key}`);
      assert.match(bo, /[\u0F00-\u0FFF]/, `bo.${key} is Tibetan`);
    }
  });
  it('every question reads in English and Tibetan, and the Tibetan is all drafted', () => {
    for (const q of [...TRAINEE_QUESTIONS, ...SUPERVISOR_QUESTIONS]) {
      assert.ok(QUESTIONS_EN[q.id], q.id);
      assert.notEqual(questionText('bo', q.id, q.text), q.text, q.id);
    }
    assert.deepEqual([...FOLLOWUP_DRAFTED].sort(), Object.keys(followupBo).sort());
  });
});
