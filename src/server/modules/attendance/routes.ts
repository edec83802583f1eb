import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AttendanceEntry,
  AttendanceMatrix,
  BadgeScanBatch,
  BadgeScanResults,
  CheckInCode,
  ClassHoursEntry,
  idParams,
  LeaveDecisionBody,
  LeaveListQuery,
  LeaveRequest,
  MarkAttendanceBody,
  MatrixQuery,
  OfflineCheckInReviewItem,
  OfflineReviewDecisionBody,
  ScannerData,
  SessionAttendance,
} from '../../../contracts';
import { langOf, permission } from '../../http';
import type { AttendanceService } from './service';

export function attendanceRoutes(app: FastifyInstance, deps: { attendance: AttendanceService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { attendance } = deps;
  const tags = ['attendance'];

  r.get(
    '/api/v1/sessions/:sessionId/check-in-code',
    { config: permission('attendance.record', 'session'), schema: { tags, params: idParams('sessionId'), response: { 200: CheckInCode } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return attendance.checkInCode(req.params.sessionId);
    },
  );
  r.get(
    '/api/v1/sessions/:sessionId/attendance',
    { config: permission('attendance.read', 'session'), schema: { tags, params: idParams('sessionId'), response: { 200: SessionAttendance } } },
    async (req) => attendance.sessionAttendance(req.params.sessionId),
  );
  r.put(
    '/api/v1/sessions/:sessionId/attendance/:enrolmentId',
    {
      config: permission('attendance.record', 'session'),
      schema: { tags, params: idParams('sessionId', 'enrolmentId'), body: MarkAttendanceBody, response: { 200: AttendanceEntry } },
    },
    async (req) => attendance.markAttendance(req.actor!, req.params.sessionId, req.params.enrolmentId, req.body),
  );
  r.delete(
    '/api/v1/sessions/:sessionId/attendance/:enrolmentId',
    {
      config: permission('attendance.record', 'session'),
      schema: { tags, params: idParams('sessionId', 'enrolmentId'), response: { 200: z.object({ entry: AttendanceEntry.nullable() }) } },
    },
    async (req) => ({ entry: await attendance.clearAttendance(req.actor!, req.params.sessionId, req.params.enrolmentId) }),
  );

  r.get(
    '/api/v1/classes/:classId/scanner-data',
    { config: permission('attendance.record', 'class'), schema: { tags, params: idParams('classId'), response: { 200: ScannerData } } },
    async (req) => attendance.scannerData(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/badge-scans',
    {
      config: permission('attendance.record', 'class'),
      schema: { tags, params: idParams('classId'), body: BadgeScanBatch, response: { 200: BadgeScanResults } },
    },
    async (req) => attendance.scanBadges(req.actor!, req.params.classId, req.body.scans, langOf(req)),
  );

  r.get(
    '/api/v1/classes/:classId/attendance-matrix',
    {
      config: permission('attendance.read', 'class'),
      schema: { tags, params: idParams('classId'), querystring: MatrixQuery, response: { 200: AttendanceMatrix } },
    },
    async (req) => attendance.matrix(req.params.classId, req.query),
  );
  r.get(
    '/api/v1/classes/:classId/attendance-matrix.xlsx',
    { config: permission('attendance.read', 'class'), schema: { tags, params: idParams('classId'), querystring: MatrixQuery } },
    async (req, reply) => {
      const file = await attendance.matrixXlsx(req.params.classId, req.query, langOf(req));
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="attendance-${req.params.classId}.xlsx"`);
      return reply.send(file);
    },
  );
  r.get(
    '/api/v1/classes/:classId/attendance-summary',
    { config: permission('attendance.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(ClassHoursEntry) } } },
    async (req) => attendance.classSummary(req.params.classId),
  );

  r.get(
    '/api/v1/classes/:classId/leave-requests',
    {
      config: permission('attendance.read', 'class'),
      schema: { tags, params: idParams('classId'), querystring: LeaveListQuery, response: { 200: z.array(LeaveRequest) } },
    },
    async (req) => attendance.listLeaves(req.params.classId, req.query.status),
  );
  r.post(
    '/api/v1/classes/:classId/leave-requests/:leaveRequestId/decision',
    {
      config: permission('leave.decide', 'class'),
      schema: { tags, params: idParams('classId', 'leaveRequestId'), body: LeaveDecisionBody, response: { 200: LeaveRequest } },
    },
    async (req) => attendance.decideLeave(req.actor!, req.params.classId, req.params.leaveRequestId, req.body),
  );

  // Offline check-ins (#15) that arrived late: the class teacher accepts or rejects them (待确认).
  r.get(
    '/api/v1/classes/:classId/offline-check-ins',
    { config: permission('attendance.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: z.array(OfflineCheckInReviewItem) } } },
    async (req) => attendance.offlineCheckIns(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/offline-check-ins/:attendanceId/review',
    {
      config: permission('attendance.record', 'class'),
      schema: { tags, params: idParams('classId', 'attendanceId'), body: OfflineReviewDecisionBody, response: { 200: OfflineCheckInReviewItem } },
    },
    async (req) => attendance.reviewOfflineCheckIn(req.actor!, req.params.classId, req.params.attendanceId, req.body.decision),
  );

  // The badge scanner's former service worker: phones that installed it get the trainee pages'
  // worker (the build's /t/sw.js, which caches the scanner's data too) at their next update check.
  app.get('/t/scanner-sw.js', { config: permission('public'), schema: { hide: true } }, async (_req, reply) => {
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('service-worker-allowed', '/t');
    return "importScripts('/t/sw.js');\n";
  });
}
