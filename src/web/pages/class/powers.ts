import { type ClassStatus, NEXT_STATUS, STEP_ACTION } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';

// What the signed-in user may do in this class, from the abilities the server reports and the
// class's status (the roster freezes at completion, everything at archiving). Only decides which
// buttons to show; the server checks every request again.
export function classPowers(cls: ClassDetailT) {
  const has = (a: string) => cls.abilities.includes(a);
  const rosterFrozen = cls.status === 'completed' || cls.status === 'archived';
  const next: ClassStatus | null = NEXT_STATUS[cls.status];
  return {
    readRoster: has('roster.read'),
    writeRoster: has('roster.write') && !rosterFrozen,
    rosterFrozen: has('roster.write') && rosterFrozen,
    revealIdNumber: has('roster.reveal'),
    readTimetable: has('timetable.read'),
    writeTimetable: has('timetable.write') && cls.status !== 'archived',
    readInstitution: has('institution.read'),
    manageInstitution: has('institution.manage'),
    readProgramme: has('programme.read'),
    nextStatus: next && has(STEP_ACTION[next]) ? next : null,
  };
}
export type ClassPowers = ReturnType<typeof classPowers>;
