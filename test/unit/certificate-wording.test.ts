import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  CertificatePreviewBody,
  checkTemplate,
  DEFAULT_CERTIFICATE_TEMPLATES,
  renderCertificateText,
  UpdateCertificateSettingsBody,
} from '../../src/contracts';
import { wantsJson } from '../../src/server/modules/certificates/routes';
import { evaluateCompletion } from '../../src/server/modules/completion/rules';
import { zonedDateTime } from '../../src/server/modules/credentials/open-badge';
import { drawStatusIndexes, encodeStatusList, STATUS_LIST_SIZE } from '../../src/server/modules/credentials/status-list';

const facts = {
  name: '扎西旺拉',
  nameBo: 'བཀྲ་ཤིས་དབང་ལྷ',
  classTitle: '科技管理干部培训班',
  startsOn: '2020-10-12',
  endsOn: '2020-10-26',
  totalHours: 55,
  attendedHours: 49,
};

test('the certificate states the class’s hours, and the trainee’s where they differ', () => {
  assert.equal(
    renderCertificateText(DEFAULT_CERTIFICATE_TEMPLATES, facts, { bilingual: false }).body,
    '扎西旺拉（བཀྲ་ཤིས་དབང་ལྷ）同志于2020年10月12日至10月26日参加科技管理干部培训班学习，完成规定课程，共计55学时，实修49学时，准予结业。',
  );
  const full = renderCertificateText(DEFAULT_CERTIFICATE_TEMPLATES, { ...facts, attendedHours: 55 }, { bilingual: false });
  assert.match(full.body, /共计55学时，准予结业/);
  assert.equal(full.tibetan, null);
  const withLine = { ...DEFAULT_CERTIFICATE_TEMPLATES, tibetanLine: '{nameBo} {attended}/{total} {from}–{to}' };
  assert.equal(renderCertificateText(withLine, facts, { bilingual: true }).tibetan, 'བཀྲ་ཤིས་དབང་ལྷ ༤༩/༥༥ ༢༠༢༠.༡༠.༡༢–༢༠༢༠.༡༠.༢༦');
  assert.equal(renderCertificateText(withLine, facts, { bilingual: false }).tibetan, null, 'only for classes that want it');
  assert.match(renderCertificateText(DEFAULT_CERTIFICATE_TEMPLATES, { ...facts, attendedHours: 49.5 }, { bilingual: false }).body, /实修49\.5学时/);
});

test('templates name the field and the problem: unknown placeholders, missing ones', () => {
  assert.equal(checkTemplate('body', '{name}{hours}'), 'ok');
  assert.equal(checkTemplate('body', '{name}{hours}{serial}'), 'certificate.template_token');
  assert.equal(checkTemplate('body', '{name}参加培训'), 'certificate.template_missing');
  assert.equal(checkTemplate('hoursPartial', '共计{total}学时'), 'certificate.template_missing');
  const bad = UpdateCertificateSettingsBody.safeParse({ ...DEFAULT_CERTIFICATE_TEMPLATES, hoursPartialTemplate: '共计{total}学时' });
  assert.equal(bad.success, false);
  assert.deepEqual(
    bad.error?.issues.map((i) => [i.path.join('.'), i.message]),
    [['hoursPartialTemplate', 'certificate.template_missing']],
  );
  assert.equal(UpdateCertificateSettingsBody.safeParse({}).success, false, 'a PUT replaces all of it');
  assert.equal(UpdateCertificateSettingsBody.safeParse({ ...DEFAULT_CERTIFICATE_TEMPLATES, extra: 1 }).success, false);
  assert.equal(CertificatePreviewBody.safeParse({}).success, true, 'a preview of the saved wording');
});

test('eligibility waits for sessions still to come, unless they could not make up the shortfall', () => {
  const rule = { minAttendanceRatio: 6 / 7, leaveLimitRatio: 1 / 7, requireEvaluations: false, requireReflections: false };
  const base = { enrolmentStatus: 'enrolled' as const, leaveHours: 0, evaluations: null, reflections: null, exception: null };
  const waiting = evaluateCompletion({ ...base, totalHours: 21, attendedHours: 9, pendingHours: 12 }, rule);
  assert.equal(waiting.eligible, false);
  assert.deepEqual(
    waiting.reasons.map((r) => r.code),
    ['sessions_pending'],
  );
  assert.equal(waiting.attendanceShare, 9 / 21, 'hours still to come are not attended');
  const short = evaluateCompletion({ ...base, totalHours: 21, attendedHours: 3, pendingHours: 3 }, rule);
  assert.deepEqual(
    short.reasons.map((r) => r.code),
    ['attendance_below'],
  );
  assert.equal(evaluateCompletion({ ...base, totalHours: 21, attendedHours: 21, pendingHours: 0 }, rule).eligible, true);
});

test('a status list is at least 16 KB of bits, left-most bit first, gzip and base64url with the multibase u', () => {
  const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
  assert.equal(encoded[0], 'u');
  assert.match(encoded.slice(1), /^[A-Za-z0-9_-]+$/);
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  assert.equal(bits.length, 16 * 1024);
  assert.equal(bits[0], 0x80);
  assert.equal(bits[1], 0x40);
  assert.equal(bits[bits.length - 1], 0x01);
  assert.throws(() => encodeStatusList([STATUS_LIST_SIZE]), RangeError);
  const taken = new Set([1, 2, 3]);
  const drawn = drawStatusIndexes(taken, 50, (n) => Math.floor(Math.random() * n));
  assert.equal(new Set(drawn).size, 50);
  assert.ok(drawn.every((i) => !taken.has(i) && i >= 0 && i < STATUS_LIST_SIZE));
});

test('content negotiation: programs asking for JSON-LD get it, browsers get the page', () => {
  assert.equal(wantsJson('application/ld+json'), true);
  assert.equal(wantsJson('application/json'), true);
  assert.equal(wantsJson('application/ld+json;profile="https://www.w3.org/ns/json-ld#expanded", */*;q=0.1'), true);
  assert.equal(wantsJson('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'), false);
  assert.equal(wantsJson('*/*'), false);
  assert.equal(wantsJson(undefined), false);
  assert.equal(wantsJson('text/html;q=0.5, application/json'), true);
});

test('dates in credentials carry the class’s offset', () => {
  assert.equal(zonedDateTime('2020-10-26T03:30:00Z', 'Asia/Shanghai'), '2020-10-26T11:30:00+08:00');
  assert.equal(zonedDateTime('2020-10-26T03:30:00Z', 'UTC'), '2020-10-26T03:30:00+00:00');
});
