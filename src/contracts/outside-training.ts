import { z } from 'zod';
import { isoDate, optionalText, requiredText } from './common';

// Outside hours (培训经历认定, #19): training a person took elsewhere, recorded by the trainee on
// the phone or by the 教务 office on screen, with its certificate; once approved, its hours count
// in the person's 学时 ledger in the year the training ended, marked as recognised (认定).

export const OutsideTrainingStatus = z.enum(['pending', 'approved', 'rejected']);
export type OutsideTrainingStatus = z.infer<typeof OutsideTrainingStatus>;

export const OUTSIDE_CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024;
/** A photo or a scan of the certificate. */
export const OUTSIDE_CERTIFICATE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

export const OutsideTrainingBody = z
  .object({
    organiser: requiredText(200),
    title: requiredText(200),
    startsOn: isoDate,
    endsOn: isoDate,
    hours: z.number({ error: 'hours.invalid' }).gt(0, 'hours.invalid').max(1000, 'hours.invalid'),
    note: optionalText(1000),
  })
  .refine((b) => b.endsOn >= b.startsOn, { path: ['endsOn'], message: 'outside.ends_before_start' });
export type OutsideTrainingBody = z.infer<typeof OutsideTrainingBody>;

export const ReviewOutsideTrainingBody = z
  .object({ decision: z.enum(['approve', 'reject']), comment: optionalText(1000) })
  .refine((b) => b.decision === 'approve' || !!b.comment, { path: ['comment'], message: 'outside.comment_required' });

export const OutsideTraining = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  workUnit: z.string().nullable(),
  organiser: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  hours: z.number(),
  note: z.string().nullable(),
  status: OutsideTrainingStatus,
  certificate: z.object({ name: z.string(), contentType: z.string(), bytes: z.number() }).nullable(),
  submittedBy: z.enum(['trainee', 'staff']),
  reviewComment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OutsideTraining = z.infer<typeof OutsideTraining>;

export const OutsideTrainingQuery = z.object({
  status: OutsideTrainingStatus.optional(),
  personId: z.coerce.number().int().positive().optional(),
});
