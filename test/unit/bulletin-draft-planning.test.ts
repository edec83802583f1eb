// What the bulletin draft makes of a timetable planned with #9's tools: discussions created for
// every group at once but staggered stay one item (the same topic on the same day), and the
// trainee speakers chosen on the ceremony's agenda appear as speeches with their group and unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../src/contracts/timetable';
import { draftFromRecord } from '../../src/server/modules/bulletins/draft';

const base = {
  classId: 1,
  site: null,
  venue: null,
  hours: 1.5,
  description: null,
  lecturers: [],
  agenda: [],
  revision: 0,
};
const discussion = (id: number, group: { id: number; name: string }, startsAt: string): Session => ({
  ...base,
  id,
  kind: 'discussion',
  title: '结构化研讨：科技创新服务高质量发展',
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
  notes: `${group.name}讨论了成果转化的堵点。`,
  groups: [group],
});

test('staggered per-group discussions on one day are one item; trainee speakers are speeches with group and unit', () => {
  const sessions: Session[] = [
    discussion(1, { id: 11, name: '第一组' }, '2026-10-15T06:00:00.000Z'),
    discussion(2, { id: 12, name: '第二组' }, '2026-10-15T06:30:00.000Z'),
    {
      ...base,
      id: 3,
      kind: 'ceremony',
      title: '结业式',
      startsAt: '2026-10-23T01:00:00.000Z',
      endsAt: '2026-10-23T02:30:00.000Z',
      notes: null,
      groups: [],
      agenda: [
        {
          id: 1,
          position: 1,
          kind: 'speech',
          title: '学员代表交流发言',
          speakerName: '次仁央宗',
          speakerRole: '拉萨市科学技术局科长',
          enrolmentId: 5,
          groupId: 11,
          summary: null,
        },
        {
          id: 2,
          position: 2,
          kind: 'certificates',
          title: '颁发结业证书',
          speakerName: null,
          speakerRole: null,
          enrolmentId: null,
          groupId: null,
          summary: null,
        },
      ],
    },
  ];
  const { content } = draftFromRecord({
    timeZone: 'Asia/Shanghai',
    organizer: null,
    sessions,
    photos: new Map(),
    groupNames: new Map([
      [11, '第一组'],
      [12, '第二组'],
    ]),
    lecturerOrganisations: new Map(),
    options: { includeEmpty: false },
    startsOn: '2026-10-12',
    endsOn: '2026-10-23',
  });
  const discussions = content.sections.find((s) => s.title === '【结构化研讨】')!;
  assert.equal(discussions.items.length, 1);
  assert.equal(discussions.items[0].heading, '结构化研讨：科技创新服务高质量发展');
  const ceremony = content.sections.find((s) => s.title === '【结业式】')!;
  const speech = ceremony.items.flatMap((i) => i.blocks).find((b) => b.type === 'speech');
  assert.deepEqual(speech && { speaker: speech.speaker, role: speech.role }, { speaker: '次仁央宗', role: '第一组学员代表，拉萨市科学技术局科长' });
});
