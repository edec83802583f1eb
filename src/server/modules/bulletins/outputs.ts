import type { BulletinContent } from '../../../contracts/bulletins';
import type { PhotoVariant } from '../../../contracts/photos';
import { type Executor, nowIso } from '../../db/connection';
import { notFound } from '../../lib/errors';
import { type BulletinCore, type BulletinDeps, type BulletinFormat, type BulletinRow, type PhotoRow, publicPath, sanitizeContent } from './core';
import { photoIdsOf, type RenderPhoto, toRenderModel } from './model';
import { renderBulletinDocx } from './render-docx';
import { type HtmlLinks, renderBulletinHtml } from './render-html';
import { renderBulletinPdf } from './render-pdf';

// What an issue becomes: PDF, Word, the web page, the public link's page, file and photos.
export const makeOutputs = (deps: BulletinDeps, core: BulletinCore) => {
  const { database, store } = deps;
  const db = database.db;
  const { parse, requireVisible } = core;

  async function prepare(trx: Executor, r: BulletinRow) {
    const content = parse(r.content_json);
    const rows = (await deps.photos.rowsByIds(trx, photoIdsOf(content))).filter((p) => p.class_id === r.class_id);
    const photos = new Map<number, RenderPhoto>(rows.map((p) => [p.id, { id: p.id, width: p.width, height: p.height, caption: p.caption }]));
    return { model: toRenderModel({ title: r.title, issueNumber: r.issue_number, issueDate: r.issue_date, content }, photos), rows };
  }

  async function loadImages(rows: PhotoRow[], variant: PhotoVariant) {
    const out = new Map<number, { data: Buffer; width: number; height: number }>();
    const queue = [...rows];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        // A copy missing from storage leaves that picture out instead of failing the document.
        const file = await deps.photos.readRow(p, variant).catch(() => null);
        if (file) out.set(p.id, { data: file.data, width: p.width, height: p.height });
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    return out;
  }

  const outputs = {
    // ------------------------------------------------------------------ outputs

    async renderFile(bulletinId: number, format: BulletinFormat, canWrite: boolean) {
      const row = await requireVisible(db, bulletinId, canWrite);
      return outputs.renderRow(row, format);
    },
    /** Renders content that is not stored (a draft preview, e.g. from the CLI). */
    async renderContent(classId: number, b: { title: string; issueNumber: number; issueDate: string; content: BulletinContent }, format: BulletinFormat) {
      const at = nowIso();
      return outputs.renderRow(
        {
          id: 0,
          class_id: classId,
          issue_number: b.issueNumber,
          title: b.title,
          issue_date: b.issueDate,
          status: 'draft',
          content_json: JSON.stringify(sanitizeContent(b.content)),
          revision: 0,
          public_token: null,
          published_at: null,
          published_by: null,
          created_by: null,
          created_at: at,
          updated_at: at,
        },
        format,
      );
    },
    async renderRow(row: BulletinRow, format: BulletinFormat) {
      const { model, rows } = await prepare(db, row);
      const data =
        format === 'pdf' ? await renderBulletinPdf(model, await loadImages(rows, 'print')) : await renderBulletinDocx(model, await loadImages(rows, 'print'));
      const name = `简报第${row.issue_number}期-${row.issue_date}.${format}`;
      return {
        data,
        filename: name,
        contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      };
    },

    /** The signed-in web view (drafts shown to those who may edit them). */
    async renderPage(bulletinId: number, canWrite: boolean) {
      const row = await requireVisible(db, bulletinId, canWrite);
      const { model } = await prepare(db, row);
      const links: HtmlLinks = {
        photo: (id, variant) => `/api/v1/photos/${id}/${variant}`,
        pdf: `/api/v1/bulletins/${row.id}/pdf`,
        docx: `/api/v1/bulletins/${row.id}/docx`,
      };
      return renderBulletinHtml(model, links, { draft: row.status !== 'published' });
    },

    async requirePublic(token: string) {
      const row = /^[A-Za-z0-9_-]{32}$/.test(token) ? await store.findByToken(db, token) : undefined;
      if (row?.status !== 'published') throw notFound('bulletin');
      return row;
    },
    async renderPublicPage(token: string) {
      const row = await outputs.requirePublic(token);
      const { model } = await prepare(db, row);
      const base = publicPath(token);
      return renderBulletinHtml(model, { photo: (id, variant) => `${base}/photos/${id}/${variant}`, pdf: `${base}/pdf`, docx: `${base}/docx` });
    },
    async renderPublicFile(token: string, format: BulletinFormat) {
      return outputs.renderRow(await outputs.requirePublic(token), format);
    },
    /** A photo through a public link: only one that the published issue shows. */
    async publicPhoto(token: string, photoId: number, variant: PhotoVariant) {
      const row = await outputs.requirePublic(token);
      if (!photoIdsOf(parse(row.content_json)).includes(photoId)) throw notFound('photo', photoId);
      const [photo] = await deps.photos.rowsByIds(db, [photoId]);
      if (!photo || photo.class_id !== row.class_id) throw notFound('photo', photoId);
      return deps.photos.readRow(photo, variant);
    },

    /** For the photos module: the published issue that shows this photo, if any. */
    async publishedUseOfPhoto(trx: Executor, photo: { id: number; classId: number }) {
      for (const b of await store.publishedOfClass(trx, photo.classId)) {
        if (photoIdsOf(parse(b.content_json)).includes(photo.id)) return b.issue_number;
      }
      return null;
    },
  };
  return outputs;
};
