import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CreateSessionBody, checkIdNumber, EnrolBody, isMobilePhone, isRealDate, normalisePhone } from '../../src/contracts';

/** Builds a valid ID number from its first 17 digits, the way GB 11643 does. */
function withCheckDigit(first17: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('ID numbers: check digit, birth date and format', () => {
  assert.equal(checkIdNumber('11010519491231002X'), 'ok');
  assert.equal(checkIdNumber('110105194912310021'), 'id_number.checksum');
  assert.equal(checkIdNumber(`${'110105194902300020'.slice(0, 17)}0`), 'id_number.birth_date'); // 30 February
  assert.equal(checkIdNumber('12345'), 'id_number.format');
  assert.equal(checkIdNumber('11010519491231002x'), 'ok', 'a lower-case x is accepted');
});

test('ID numbers: every valid date with its computed check digit passes; any other last character fails', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 110000, max: 659999 }),
      fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
      (region, birth, seq) => {
        const d = birth.toISOString().slice(0, 10).replaceAll('-', '');
        const id = withCheckDigit(`${region}${d}${String(seq).padStart(3, '0')}`);
        assert.equal(checkIdNumber(id), 'ok');
        const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
        assert.equal(checkIdNumber(wrong), 'id_number.checksum');
      },
    ),
  );
});

test('phones and dates', () => {
  assert.ok(isMobilePhone('138 0013 8000'));
  assert.ok(isMobilePhone('+8613800138000'));
  assert.equal(normalisePhone('+86 138-0013-8000'), '13800138000');
  assert.ok(!isMobilePhone('1380013800'));
  assert.ok(!isMobilePhone('23800138000'));
  assert.ok(isRealDate('2024-02-29'));
  assert.ok(!isRealDate('2023-02-29'));
});

test('enrolment needs exactly one of personId and person', () => {
  assert.ok(!EnrolBody.safeParse({}).success);
  assert.ok(!EnrolBody.safeParse({ personId: 1, person: { name: '甲' } }).success);
  assert.ok(EnrolBody.safeParse({ person: { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ', phone: '', idNumber: '' } }).success);
});

test('session times need an offset or Z', () => {
  const base = { kind: 'lecture', title: '讲座', endsAt: '2020-10-13T11:00:00+08:00', hours: 2 };
  assert.ok(CreateSessionBody.safeParse({ ...base, startsAt: '2020-10-13T09:00:00+08:00' }).success);
  assert.ok(!CreateSessionBody.safeParse({ ...base, startsAt: '2020-10-13T09:00:00' }).success, 'a time without a zone is ambiguous');
  assert.ok(!CreateSessionBody.safeParse({ ...base, startsAt: '2020-13-45T09:00:00Z' }).success);
});
