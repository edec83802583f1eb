import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import type { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// 心得体会 (#19): drafts, submission against the class's minimum, review, revision, consent to
// quoting, attachments — and completion's "须提交心得体会" counting accepted ones only.
const long = (n: number) => `<p>${'学'.repeat(n)}</p><script>alert(1)</script>`;
const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as AppError;
    return err.fieldErrors?.[0]?.code ?? err.code;
  }
  assert.fail('expected a refusal');
};

for (const kind of DATABASES) {
  describe(`reflections (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let enrolments: Map<string, number>;
    let teacher: Actor;
    let organizer: Actor;
    const trainees = new Map<string, Actor>();

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId, enrolments } = await craftedClass(services, [{ name: '全勤' }, { name: 'བཀྲ་ཤིས', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' }]));
      const cls = await services.classes.getClass(null, classId);
      organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId });
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      for (const [name, id] of enrolments) {
        const { token } = await services.trainee.issueInvitation(null, id);
        const session = await services.trainee.openInvitation(token, { userAgent: 'phone' });
        trainees.set(name, (await services.auth.actorFromToken(session.token))!);
      }
      await services.completion.updateRule(organizer, classId, { requireReflections: true });
      await services.reflections.setMinWords(teacher, classId, 20);
    });
    after(async () => t.drop());

    const eligibility = async (name: string) => (await services.completion.eligibility(classId, 'zh-CN')).rows.find((r) => r.name === name)!;

    test('without an accepted reflection a trainee with full attendance is not eligible, and the reason says so', async () => {
      const rule = (await services.completion.ruleIn(t.database.db, classId)).rule;
      assert.equal(rule.reflectionsAvailable, true);
      const r = await eligibility('全勤');
      assert.equal(r.eligible, false);
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        ['reflection_missing'],
      );
      assert.equal(r.reasons[0].message, '心得体会未提交或尚未通过审阅');
    });

    test('a draft of any length is kept, sanitised and counted; a short one cannot be submitted', async () => {
      const me = trainees.get('全勤')!;
      const id = enrolments.get('全勤')!;
      const draft = await services.reflections.saveDraft(me, id, { bodyHtml: long(5), consentQuote: false });
      assert.equal(draft.status, 'draft');
      assert.equal(draft.wordCount, 5);
      assert.equal(draft.minWords, 20);
      assert.doesNotMatch(draft.bodyHtml, /script/);
      assert.equal(await code(services.reflections.submit(me, id, { bodyHtml: long(5), consentQuote: false })), 'reflection.too_short');
      assert.equal((await services.reflections.mine(me, id)).status, 'draft', 'a refused submission changes nothing');
      // Someone else's enrolment is not found for this trainee.
      assert.equal(await code(services.reflections.mine(me, enrolments.get('བཀྲ་ཤིས')!)), 'not_found');
    });

    test('submitted, sent back for a revision with a comment, revised, accepted → eligible', async () => {
      const me = trainees.get('全勤')!;
      const id = enrolments.get('全勤')!;
      const sent = await services.reflections.submit(me, id, { bodyHtml: long(30), consentQuote: true });
      assert.equal(sent.status, 'submitted');
      assert.equal(await code(services.reflections.saveDraft(me, id, { bodyHtml: long(31), consentQuote: true })), 'reflection.locked_submitted');
      assert.equal(await code(services.reflections.review(teacher, classId, id, { decision: 'revise' })), 'reflection.comment_required');
      const back = await services.reflections.review(teacher, classId, id, { decision: 'revise', comment: '请结合本单位工作谈体会' });
      assert.equal(back.status, 'revision');
      assert.equal((await eligibility('全勤')).eligible, false, 'a reflection under revision does not count');
      const mine = await services.reflections.mine(me, id);
      assert.equal(mine.reviewComment, '请结合本单位工作谈体会');
      await services.reflections.saveDraft(me, id, { bodyHtml: long(40), consentQuote: true });
      assert.equal((await services.reflections.mine(me, id)).status, 'revision', 'a draft of a revision keeps the comment visible');
      await services.reflections.submit(me, id, { bodyHtml: `<p>结合本单位，${'学'.repeat(40)}</p>`, consentQuote: true });
      const ok = await services.reflections.review(teacher, classId, id, { decision: 'accept' });
      assert.equal(ok.status, 'accepted');
      const r = await eligibility('全勤');
      assert.equal(r.eligible, true, JSON.stringify(r.reasons));
      assert.equal(await code(services.reflections.review(teacher, classId, id, { decision: 'accept' })), 'reflection.not_submitted');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('class_id', '=', classId)
        .where('action', 'like', 'reflection.%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action).filter((a) => a !== 'reflection.settings'),
        ['reflection.draft', 'reflection.submit', 'reflection.revise', 'reflection.submit', 'reflection.accept'],
      );
    });

    test('excerpts list accepted reflections whose authors consented, with the name', async () => {
      const other = trainees.get('བཀྲ་ཤིས')!;
      const id = enrolments.get('བཀྲ་ཤིས')!;
      await services.reflections.submit(other, id, { bodyHtml: `<p>${'ཞིབ་འཇུག་'.repeat(25)}</p>`, consentQuote: false });
      await services.reflections.review(teacher, classId, id, { decision: 'accept' });
      const excerpts = await services.reflections.excerpts(classId);
      assert.deepEqual(
        excerpts.map((e) => e.name),
        ['全勤'],
      );
      assert.match(excerpts[0].excerpt, /^结合本单位，学+/);
      const list = await services.reflections.listOfClass(classId);
      assert.deepEqual(
        list.rows.map((r) => [r.name, r.status, r.wordCount]),
        [
          ['全勤', 'accepted', 45],
          ['བཀྲ་ཤིས', 'accepted', 50],
        ],
      );
    });

    test('an attachment: a photo is kept (metadata stripped), a file pretending to be one is refused', async () => {
      const { default: sharp } = await import('sharp');
      const me = trainees.get('全勤')!;
      const id = enrolments.get('全勤')!;
      // Accepted reflections are locked: no new attachment either.
      const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c00' } })
        .png()
        .toBuffer();
      assert.equal(await code(services.reflections.attach(me, id, { filename: 'a.png', mimetype: 'image/png', data: png })), 'reflection.locked_accepted');
      const fresh = await craftedClass(services, [{ name: '新学员' }]);
      const eid = fresh.enrolments.get('新学员')!;
      const { token } = await services.trainee.issueInvitation(null, eid);
      const actor = (await services.auth.actorFromToken((await services.trainee.openInvitation(token, { userAgent: 'phone' })).token))!;
      assert.equal(
        await code(services.reflections.attach(actor, eid, { filename: 'x.png', mimetype: 'image/png', data: Buffer.from('not a png') })),
        'reflection.attachment_type',
      );
      const saved = await services.reflections.attach(actor, eid, { filename: '现场照片.png', mimetype: 'image/png', data: png });
      assert.equal(saved.attachment?.name, '现场照片.png');
      const file = await services.reflections.attachment(fresh.classId, eid);
      assert.equal((await sharp(file.data).metadata()).width, 20);
    });
  });
}
