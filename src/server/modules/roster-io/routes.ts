import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLASS_EXPORTS, ImportDecisions, ImportPreview, ImportResult, idParams, isoDate } from '../../../contracts';
import { langOf, permission } from '../../http';
import { AppError } from '../../lib/errors';
import type { ExportFile, RosterExportService } from './export-service';
import { MAX_IMPORT_BYTES } from './file';
import type { RosterImportService } from './import-service';

/** RFC 6266: an ASCII fallback and the real (Chinese) name in UTF-8. */
export function contentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment') {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendFile(reply: FastifyReply, file: ExportFile) {
  return (
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName))
      // Rosters carry personal data: no shared or lingering copies.
      .header('cache-control', 'private, no-store')
      .send(file.body)
  );
}

/** The uploaded file and the text fields of a multipart request; the file size limit is app.ts's. */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('roster_import.no_file', 400);
  let file: { buffer: Buffer; fileName: string | null } | null = null;
  const fields: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024 * 1024, parts: 6 } })) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer().catch((e: { code?: string }) => {
        // The multipart limit is the import's: say so, with the limit, rather than "upload too large".
        throw e?.code === 'FST_REQ_FILE_TOO_LARGE' ? new AppError('roster_import.too_large', 413, { limit: '10 MB' }) : e;
      });
      if (!file) file = { buffer, fileName: part.filename || null };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  }
  // An empty upload is no workbook: its message says 文件, not 工作表.
  if (!file || file.buffer.length === 0) throw new AppError(file ? 'roster_import.empty_csv' : 'roster_import.no_file', 400);
  return { file, fields };
}

function decisionsOf(raw: string | undefined) {
  if (raw === undefined || raw.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('roster_import.bad_decisions', 400, {}, [{ field: 'decisions', code: 'payload.invalid_json' }]);
  }
  const parsed = ImportDecisions.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'roster_import.bad_decisions',
      400,
      {},
      parsed.error.issues.map((i) => ({ field: ['decisions', ...i.path].join('.'), code: 'invalid', message: i.message })),
    );
  return parsed.data;
}

/** The sheet asked for; a sheet name is at most 31 characters in Excel, so anything longer does not exist anyway. */
const sheetOf = (raw: string | undefined) => (raw?.trim() ? raw.trim().slice(0, 200) : null);

const multipartBody = {
  description:
    'multipart/form-data: `file` (the .xlsx or .csv roster), optionally `sheet` (the sheet name to read; by default the first whose headings name 姓名) and `decisions` (JSON: {actions: {rowNumber: "link"|"create"|"skip"}, createGroups: [names], fileHash, sheet, mapping: {columnIndex: field|"ignore"}, corrections: [{row, field, value}], links: {rowNumber: {field: "keep"|"take"}}}).',
};

export function rosterIoRoutes(app: FastifyInstance, deps: { rosterImport: RosterImportService; rosterExport: RosterExportService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { rosterImport, rosterExport } = deps;
  const tags = ['roster import and exports'];

  r.get(
    '/api/v1/classes/:classId/roster-import/template',
    {
      config: permission('roster.write', 'class'),
      schema: { tags, params: idParams('classId'), summary: 'The XLSX import template (Chinese headings, 说明 sheet)' },
    },
    async (req, reply) => sendFile(reply, await rosterExport.template(req.params.classId)),
  );
  r.post(
    '/api/v1/classes/:classId/roster-import/preview',
    {
      config: permission('roster.write', 'class'),
      schema: {
        tags,
        params: idParams('classId'),
        summary: 'Check an uploaded roster; changes nothing',
        consumes: ['multipart/form-data'],
        description: multipartBody.description,
        response: { 200: ImportPreview },
      },
    },
    async (req) => {
      const { file, fields } = await readUpload(req);
      return rosterImport.preview(req.params.classId, file, { lang: langOf(req), decisions: decisionsOf(fields.decisions), sheet: sheetOf(fields.sheet) });
    },
  );
  r.post(
    '/api/v1/classes/:classId/roster-import/commit',
    {
      config: permission('roster.write', 'class'),
      schema: {
        tags,
        params: idParams('classId'),
        summary: 'Import the uploaded roster: every row or none',
        consumes: ['multipart/form-data'],
        description: multipartBody.description,
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      const { file, fields } = await readUpload(req);
      const decisions = decisionsOf(fields.decisions) ?? ImportDecisions.parse({});
      const result = await rosterImport.commit(req.actor, req.params.classId, file, decisions, { lang: langOf(req), sheet: sheetOf(fields.sheet) });
      reply.code(201);
      return result;
    },
  );

  for (const doc of CLASS_EXPORTS) {
    r.get(
      `/api/v1/classes/:classId/exports/${doc.key}`,
      { config: permission(doc.permission, 'class'), schema: { tags, params: idParams('classId'), summary: doc.label['zh-CN'] } },
      async (req, reply) => sendFile(reply, await rosterExport.classDocument(req.params.classId, doc.key, req.actor)),
    );
  }
  r.get(
    '/api/v1/classes/:classId/exports/sign-in.pdf',
    {
      config: permission('roster.read', 'class'),
      schema: { tags, params: idParams('classId'), querystring: z.object({ date: isoDate }), summary: '签到表 for every session of one day' },
    },
    async (req, reply) => sendFile(reply, await rosterExport.signInSheets(req.params.classId, { date: req.query.date })),
  );
  r.get(
    '/api/v1/sessions/:sessionId/exports/sign-in.pdf',
    { config: permission('roster.read', 'session'), schema: { tags, params: idParams('sessionId'), summary: '签到表 of one session' } },
    async (req, reply) => sendFile(reply, await rosterExport.signInSheets(req.scope!.classId!, { sessionId: req.params.sessionId })),
  );
}
