import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HoursReport, HoursReportQuery, idParams, WorkUnits, WorkUnitsQuery } from '../../../contracts';
import { streamXlsx } from '../../documents/xlsx-stream';
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
    async (req) => deps.hours.institutionReport(req.params.institutionId, req.query.year, req.query),
  );
  r.get(
    '/api/v1/institutions/:institutionId/work-units',
    {
      config: permission('hours.report', 'institution'),
      schema: { tags, params: idParams('institutionId'), querystring: WorkUnitsQuery, response: { 200: WorkUnits } },
    },
    async (req) => deps.hours.workUnits(req.params.institutionId, req.query.q),
  );
  // The whole report (every page of the filter), streamed row by row.
  r.get(
    '/api/v1/institutions/:institutionId/hours-report.xlsx',
    { config: permission('hours.report', 'institution'), schema: { tags, params: idParams('institutionId'), querystring: HoursReportQuery } },
    async (req, reply) => {
      const { year, threshold, below, workUnit, programmeId } = req.query;
      const lang = langOf(req);
      const t = (k: string) => translate(`hours.xlsx.${k}`, lang, { year, threshold });
      const pages = deps.hours.institutionReportRows(req.params.institutionId, year, { threshold, below, workUnit, programmeId });
      const rows = (async function* () {
        for await (const page of pages)
          yield page.people.map((p) => ({
            name: p.nameBo ? `${p.name} ${p.nameBo}` : p.name,
            workUnit: p.workUnit,
            position: p.position,
            rank: p.rank,
            hours: p.hours,
            fiveYearHours: p.fiveYearHours,
            recognisedHours: p.recognisedHours || '',
            below: p.below ? t('below_yes') : '',
            classes: p.classes.map((c) => `${c.classTitle}（${c.hours}）`).join('；'),
          }));
      })();
      const file = streamXlsx({
        name: t('sheet'),
        title: t('title'),
        columns: [
          // Room for a name with its Tibetan form (扎西旺拉 བཀྲ་ཤིས་དབང་ལྷ).
          { header: t('name'), key: 'name', width: 28 },
          { header: t('work_unit'), key: 'workUnit', width: 30 },
          { header: t('position'), key: 'position', width: 18 },
          { header: t('rank'), key: 'rank', width: 12 },
          { header: t('hours'), key: 'hours', width: 10 },
          { header: t('five_years'), key: 'fiveYearHours', width: 12 },
          { header: t('recognised'), key: 'recognisedHours', width: 12 },
          { header: t('below'), key: 'below', width: 10 },
          { header: t('classes'), key: 'classes', width: 60 },
        ],
        rows,
      });
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="hours-${year}.xlsx"`);
      return reply.send(file);
    },
  );
}
