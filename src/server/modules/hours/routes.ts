import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HoursReport, HoursReportQuery, idParams } from '../../../contracts';
import { writeXlsx } from '../../documents/xlsx';
import { langOf, permission } from '../../http';
import { translate } from '../../lib/i18n';
import type { HoursService } from './service';

export function hoursRoutes(app: FastifyInstance, deps: { hours: HoursService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hours'];

  r.get(
    '/api/v1/institutions/:institutionId/hours-report',
    {
      config: permission('hours.report', 'institution'),
      schema: { tags, params: idParams('institutionId'), querystring: HoursReportQuery, response: { 200: HoursReport } },
    },
    async (req) => deps.hours.institutionReport(req.params.institutionId, req.query.year, req.query.threshold),
  );
  r.get(
    '/api/v1/institutions/:institutionId/hours-report.xlsx',
    { config: permission('hours.report', 'institution'), schema: { tags, params: idParams('institutionId'), querystring: HoursReportQuery } },
    async (req, reply) => {
      const report = await deps.hours.institutionReport(req.params.institutionId, req.query.year, req.query.threshold);
      const lang = langOf(req);
      const t = (k: string) => translate(`hours.xlsx.${k}`, lang, { year: report.year, threshold: report.threshold });
      const file = await writeXlsx([
        {
          name: t('sheet'),
          title: t('title'),
          columns: [
            { header: t('name'), key: 'name' },
            { header: t('work_unit'), key: 'workUnit' },
            { header: t('position'), key: 'position' },
            { header: t('rank'), key: 'rank' },
            { header: t('hours'), key: 'hours' },
            { header: t('five_years'), key: 'fiveYearHours' },
            { header: t('below'), key: 'below' },
            { header: t('classes'), key: 'classes' },
          ],
          rows: report.people.map((p) => ({
            name: p.nameBo ? `${p.name} ${p.nameBo}` : p.name,
            workUnit: p.workUnit,
            position: p.position,
            rank: p.rank,
            hours: p.hours,
            fiveYearHours: p.fiveYearHours,
            below: p.below ? t('below_yes') : '',
            classes: p.classes.map((c) => `${c.classTitle}（${c.hours}）`).join('；'),
          })),
        },
      ]);
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="hours-${report.year}.xlsx"`);
      return reply.send(file);
    },
  );
}
