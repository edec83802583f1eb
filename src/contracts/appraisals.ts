import { z } from 'zod';
import { optionalText, requiredText } from './common';

// 结业鉴定 (#19): per trainee, personal details and hours from the record, the self-appraisal (the
// trainee, on the phone), the group appraisal and the class teacher's; locked once signed off.

export const APPRAISAL_TEXT_MAX = 3000;

export const Appraisal = z.object({
  classId: z.number(),
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  gender: z.string().nullable(),
  ethnicity: z.string().nullable(),
  workUnit: z.string().nullable(),
  position: z.string().nullable(),
  groupName: z.string().nullable(),
  enrolmentStatus: z.enum(['enrolled', 'withdrawn']),
  hours: z.object({ attendedHours: z.number(), leaveHours: z.number(), absentHours: z.number(), totalHours: z.number() }),
  selfText: z.string().nullable(),
  groupText: z.string().nullable(),
  groupBy: z.string().nullable(),
  teacherText: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signedOffBy: z.string().nullable(),
  unlockReason: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type Appraisal = z.infer<typeof Appraisal>;

export const AppraisalList = z.object({ classId: z.number(), workUnits: z.array(z.string()), rows: z.array(Appraisal) });
export type AppraisalList = z.infer<typeof AppraisalList>;

export const SelfAppraisalBody = z.object({ selfText: optionalText(APPRAISAL_TEXT_MAX) });
export const StaffAppraisalBody = z.object({
  groupText: optionalText(APPRAISAL_TEXT_MAX),
  groupBy: optionalText(100),
  teacherText: optionalText(APPRAISAL_TEXT_MAX),
});
export const UnlockAppraisalBody = z.object({ reason: requiredText(500) });
export const AppraisalBatchQuery = z.object({ workUnit: requiredText(300) });
