import { makeBadgeScans } from './badge-scans';
import { makeCheckIn } from './check-in';
import { type AttendanceDeps, makeAttendanceCore, OPEN_BEFORE_MINUTES } from './core';
import { makeHistoricalRecord } from './historical-record';
import { makeLeave } from './leave';
import { makeManualMarks } from './manual-marks';
import { makeMatrix } from './matrix';
import { makeOfflineCheckIn } from './offline-check-in';
import { makeRollCall } from './roll-call';

export { arrivalStatus, type CheckInOutcome, OPEN_BEFORE_MINUTES, sessionWindow } from './core';

/**
 * Attendance, composed from its use cases (one file each): check-in with the rotating code, badge
 * scans, manual marks, the matrix and summaries, leave, and the historical record. They share
 * `core.ts` (dependencies, admission and arrival rules, the class reads).
 */
export const makeAttendanceService = (deps: AttendanceDeps) => {
  const core = makeAttendanceCore(deps);
  const marks = makeManualMarks(deps, core);
  return {
    OPEN_BEFORE_MINUTES,
    ...makeCheckIn(deps, core, marks.sessionAttendance),
    ...makeBadgeScans(deps, core),
    ...makeOfflineCheckIn(deps, core),
    ...marks,
    ...makeMatrix(deps, core),
    ...makeLeave(deps, core),
    ...makeHistoricalRecord(deps, core),
    ...makeRollCall(deps, core),
  };
};
export type AttendanceService = ReturnType<typeof makeAttendanceService>;
