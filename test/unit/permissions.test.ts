import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Actor, type ActorGrant, can } from '../../src/server/lib/permissions';

const actor = (grants: Array<Omit<ActorGrant, 'id'>>, isAdmin = false): Actor => ({
  userId: 1,
  username: 'u',
  displayName: 'u',
  isAdmin,
  personId: null,
  locale: 'zh-CN',
  grants: grants.map((g, i) => ({ ...g, id: i + 1 })),
  authSessionId: 1,
  csrfToken: 'x',
});
const classA = { institutionId: 1, programmeId: 10, classId: 100 };
const classB = { institutionId: 1, programmeId: 10, classId: 101 };
const otherInstitutionClass = { institutionId: 2, programmeId: 20, classId: 200 };

test('a class teacher of one class has nothing in another class', () => {
  const teacher = actor([{ role: 'class_teacher', scopeType: 'class', scopeId: 100, institutionId: 1, programmeId: 10 }]);
  assert.ok(can(teacher, 'roster.write', classA));
  assert.ok(!can(teacher, 'roster.read', classB));
  assert.ok(!can(teacher, 'class.read', classB));
  assert.ok(!can(teacher, 'class.manage', classA), 'opening enrolment and archiving are the 教务 office’s');
  assert.ok(can(teacher, 'institution.read', { institutionId: 1 }), 'picks sites and lecturers from the pool');
  assert.ok(!can(teacher, 'institution.read', { institutionId: 2 }));
  assert.ok(!can(teacher, 'programme.read', { institutionId: 1, programmeId: 10 }));
});

test('a sponsor reads its programme and nothing else; never writes', () => {
  const sponsor = actor([{ role: 'sponsor', scopeType: 'programme', scopeId: 10, institutionId: 1, programmeId: 10 }]);
  assert.ok(can(sponsor, 'class.read', classA));
  assert.ok(can(sponsor, 'roster.read', classB));
  assert.ok(!can(sponsor, 'roster.write', classA));
  assert.ok(!can(sponsor, 'roster.reveal', classA));
  assert.ok(!can(sponsor, 'class.read', otherInstitutionClass));
});

test('an organizer acts in its institution only; admin everywhere; nobody is admin by a grant', () => {
  const organizer = actor([{ role: 'organizer', scopeType: 'institution', scopeId: 1, institutionId: 1, programmeId: null }]);
  assert.ok(can(organizer, 'class.manage', classB));
  assert.ok(!can(organizer, 'class.read', otherInstitutionClass));
  assert.ok(!can(organizer, 'admin'));
  assert.ok(can(actor([], true), 'class.manage', otherInstitutionClass));
  assert.ok(!can(null, 'authenticated'));
  assert.ok(can(null, 'public'));
});
