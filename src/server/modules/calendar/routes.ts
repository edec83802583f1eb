import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CalendarFeed, idParams } from '../../../contracts';
import { permission } from '../../http';
import type { CalendarService } from './service';

export function calendarRoutes(app: FastifyInstance, deps: { calendar: CalendarService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { calendar } = deps;
  const tags = ['calendar'];

  r.get(
    '/api/v1/classes/:classId/calendar-feed',
    { config: permission('timetable.read', 'class'), schema: { tags, params: idParams('classId'), response: { 200: CalendarFeed } } },
    async (req) => calendar.classFeed(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/calendar-feed',
    {
      config: permission('timetable.read', 'class'),
      schema: { tags, params: idParams('classId'), summary: 'The class feed URL, created on first use', response: { 200: CalendarFeed } },
    },
    async (req) => calendar.ensureClassFeed(req.actor, req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/calendar-feed/rotate',
    {
      // Rotating breaks every subscription to the old URL, so it takes more than reading.
      config: permission('timetable.write', 'class'),
      schema: { tags, params: idParams('classId'), summary: 'Replace the class feed URL; the old one stops working', response: { 200: CalendarFeed } },
    },
    async (req) => calendar.ensureClassFeed(req.actor, req.params.classId, { rotate: true }),
  );

  r.get(
    '/api/v1/enrolments/:enrolmentId/calendar-feed',
    { config: permission('roster.read', 'enrolment'), schema: { tags, params: idParams('enrolmentId'), response: { 200: CalendarFeed } } },
    async (req) => calendar.traineeFeed(req.params.enrolmentId),
  );
  r.post(
    '/api/v1/enrolments/:enrolmentId/calendar-feed',
    {
      config: permission('roster.write', 'enrolment'),
      schema: {
        tags,
        params: idParams('enrolmentId'),
        body: z.object({ rotate: z.boolean().default(false) }).optional(),
        summary: "The trainee's own feed URL (their groups' sessions only), created on first use",
        response: { 200: CalendarFeed },
      },
    },
    async (req) => {
      const { token: _token, ...feed } = await calendar.createTraineeFeedToken(req.params.enrolmentId, { actor: req.actor, rotate: req.body?.rotate ?? false });
      return feed;
    },
  );

  // The trainee's own feed on their phone (我的 → 加入手机日历).
  r.post(
    '/api/v1/me/enrolments/:enrolmentId/calendar-feed',
    {
      config: permission('self'),
      schema: { tags, params: idParams('enrolmentId'), summary: "The signed-in trainee's own feed URL, created on first use", response: { 200: CalendarFeed } },
    },
    async (req) => calendar.myFeed(req.actor!, req.params.enrolmentId),
  );

  r.get(
    '/api/v1/calendar/:token.ics',
    {
      // The unguessable token in the URL is the authorisation: calendar apps cannot log in.
      config: permission('public'),
      schema: { tags, params: z.object({ token: z.string().max(200) }), summary: 'iCalendar feed (subscribe in a calendar app)' },
    },
    async (req, reply) => {
      const feed = await calendar.renderFeed(req.params.token);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${feed.fileName}"`)
        .header('cache-control', 'private, max-age=300')
        .send(feed.body);
    },
  );
}
