import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { z } from 'zod';
import {
  countWords,
  DEFAULT_REFLECTION_MIN_WORDS,
  REFLECTION_ATTACHMENT_TYPES,
  type Reflection,
  type ReflectionExcerpt,
  type ReflectionList,
  type ReviewReflectionBody,
  type SaveReflectionBody,
} from '../../../contracts/reflections';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import { parseRichText, richTextToHtml, richTextToPlain } from '../bulletins/rich-text';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { RosterRow } from '../roster/store';
import type { ReflectionStore } from './store';

type ReflectionRow = Row<'reflections'> & { reviewed_by_name: string | null };
export type ReflectionUpload = { filename: string; mimetype: string; data: Buffer } | { filename: string; error: 'reflection.attachment_too_large' };

const EXCERPT_CHARS = 160;

/** The kind of file the first bytes say it is: a declared type that does not match is refused. */
function sniff(data: Buffer): string | null {
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (data.subarray(0, 4).toString('hex') === '89504e47') return 'image/png';
  if (data.subarray(0, 4).toString() === 'RIFF' && data.subarray(8, 12).toString() === 'WEBP') return 'image/webp';
  if (data.subarray(0, 5).toString() === '%PDF-') return 'application/pdf';
  if (data.subarray(0, 4).toString('hex') === '504b0304') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return null;
}

// 心得体会 (#19): one per trainee and class. The trainee drafts (any length), submits (at least the
// class's minimum length), the class teacher accepts or asks for a revision with a comment, the
// trainee revises and submits again. Completion counts accepted ones (reflectionCounts).
export const makeReflectionService = (deps: {
  database: Database;
  store: ReflectionStore;
  storage: FileStorage;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  roster: Pick<RosterService, 'rosterIn' | 'findEnrolmentRow'>;
}) => {
  const { database, store, storage, audit } = deps;
  const db = database.db;

  const minWordsOf = async (trx: Executor, classId: number) => (await store.minWords(trx, classId)) ?? DEFAULT_REFLECTION_MIN_WORDS;

  function view(p: RosterRow, r: ReflectionRow | undefined, minWords: number): Reflection {
    return {
      id: r?.id ?? null,
      classId: p.class_id,
      enrolmentId: p.id,
      name: p.name,
      nameBo: p.name_bo,
      groupName: p.group_name ?? null,
      status: r?.status ?? null,
      bodyHtml: r?.body_html ?? '',
      wordCount: r?.word_count ?? 0,
      minWords,
      consentQuote: r?.consent_quote === 1,
      attachment: r?.attachment_key ? { name: r.attachment_name ?? '', contentType: r.attachment_type ?? '', bytes: r.attachment_bytes ?? 0 } : null,
      reviewComment: r?.review_comment ?? null,
      reviewedBy: r?.reviewed_by_name ?? null,
      reviewedAt: r?.reviewed_at ?? null,
      submittedAt: r?.submitted_at ?? null,
      updatedAt: r?.updated_at ?? null,
    };
  }

  /** The trainee's own enrolment (404 for anyone else's), in a class that is still open for writing. */
  async function ownEnrolment(trx: Executor, actor: Actor, enrolmentId: number, writing: boolean) {
    const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
    if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
    if (writing) {
      const cls = await deps.classes.requireClass(trx, e.class_id);
      if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'reflections' });
      if (e.status === 'withdrawn') throw new AppError('reflection.withdrawn', 409, { name: e.name });
    }
    return e;
  }

  async function enrolmentInClass(trx: Executor, classId: number, enrolmentId: number) {
    const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
    if (!e || e.class_id !== classId) throw notFound('enrolment', enrolmentId);
    return e;
  }

  /** Writes the trainee's text: a draft of any length, or a submission of at least the minimum. */
  async function write(actor: Actor, enrolmentId: number, input: z.infer<typeof SaveReflectionBody>, submit: boolean) {
    return database.transaction(async (trx) => {
      const e = await ownEnrolment(trx, actor, enrolmentId, true);
      const before = await store.ofEnrolment(trx, enrolmentId);
      if (before && (before.status === 'submitted' || before.status === 'accepted'))
        throw new AppError(`reflection.locked_${before.status}`, 409, {}, [{ field: 'bodyHtml', code: `reflection.locked_${before.status}` }]);
      const blocks = parseRichText(input.bodyHtml);
      const html = richTextToHtml(blocks);
      const words = countWords(richTextToPlain(blocks));
      const minWords = await minWordsOf(trx, e.class_id);
      if (submit && words < minWords) throw invalid('reflection.too_short', 'bodyHtml', { count: words, min: minWords });
      const at = nowIso();
      // A draft of a revision stays "revision" (the comment stays visible) until it is submitted again.
      const status = submit ? 'submitted' : (before?.status ?? 'draft');
      const patch = {
        body_html: html,
        word_count: words,
        status,
        consent_quote: input.consentQuote ? 1 : 0,
        updated_at: at,
        ...(submit && { submitted_at: at }),
      } as const;
      if (before) await store.update(trx, before.id, patch);
      else await store.insert(trx, { class_id: e.class_id, enrolment_id: enrolmentId, created_at: at, ...patch });
      if (submit || !before)
        await audit.record(trx, actor, {
          action: submit ? 'reflection.submit' : 'reflection.draft',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          before: before ? { status: before.status, wordCount: before.word_count } : null,
          after: { name: e.name, status, wordCount: words, consentQuote: input.consentQuote },
        });
      return view(e, await store.ofEnrolment(trx, enrolmentId), minWords);
    });
  }

  const service = {
    /** The trainee's own reflection for this class (empty when none was started). */
    async mine(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(db, actor, enrolmentId, false);
      return view(e, await store.ofEnrolment(db, enrolmentId), await minWordsOf(db, e.class_id));
    },
    saveDraft: (actor: Actor, enrolmentId: number, input: z.infer<typeof SaveReflectionBody>) => write(actor, enrolmentId, input, false),
    submit: (actor: Actor, enrolmentId: number, input: z.infer<typeof SaveReflectionBody>) => write(actor, enrolmentId, input, true),

    /** Replaces the attachment (one photo or file). Photos lose their metadata (place, device). */
    async attach(actor: Actor, enrolmentId: number, upload: ReflectionUpload) {
      if ('error' in upload) throw invalid(upload.error, 'file', { name: upload.filename });
      const kind = sniff(upload.data);
      if (!kind || !REFLECTION_ATTACHMENT_TYPES.includes(kind)) throw invalid('reflection.attachment_type', 'file', { name: upload.filename });
      let data = upload.data;
      if (kind.startsWith('image/')) {
        try {
          data = await sharp(upload.data).rotate().toBuffer();
        } catch {
          throw invalid('reflection.attachment_type', 'file', { name: upload.filename });
        }
      }
      const e = await ownEnrolment(db, actor, enrolmentId, true);
      const key = `reflections/${e.class_id}/${randomUUID()}`;
      await storage.put(key, data, kind);
      let old: string | null = null;
      const result = await database
        .transaction(async (trx) => {
          let r = await store.ofEnrolment(trx, enrolmentId);
          if (r && (r.status === 'submitted' || r.status === 'accepted')) throw new AppError(`reflection.locked_${r.status}`, 409);
          const at = nowIso();
          if (!r) {
            await store.insert(trx, {
              class_id: e.class_id,
              enrolment_id: enrolmentId,
              body_html: '',
              word_count: 0,
              status: 'draft',
              consent_quote: 0,
              created_at: at,
              updated_at: at,
            });
            r = (await store.ofEnrolment(trx, enrolmentId))!;
          }
          old = r.attachment_key;
          const name = upload.filename.slice(0, 200) || 'file';
          await store.update(trx, r.id, { attachment_key: key, attachment_name: name, attachment_type: kind, attachment_bytes: data.length, updated_at: at });
          await audit.record(trx, actor, {
            action: 'reflection.attach',
            entity: 'enrolment',
            entityId: enrolmentId,
            classId: e.class_id,
            after: { name: e.name, file: name, bytes: data.length },
          });
          return view(e, await store.ofEnrolment(trx, enrolmentId), await minWordsOf(trx, e.class_id));
        })
        .catch(async (err) => {
          await storage.delete(key).catch(() => undefined);
          throw err;
        });
      if (old) await storage.delete(old).catch(() => undefined);
      return result;
    },

    async myAttachment(actor: Actor, enrolmentId: number) {
      await ownEnrolment(db, actor, enrolmentId, false);
      return service.attachmentOf(enrolmentId);
    },
    async attachment(classId: number, enrolmentId: number) {
      await enrolmentInClass(db, classId, enrolmentId);
      return service.attachmentOf(enrolmentId);
    },
    async attachmentOf(enrolmentId: number) {
      const r = await store.ofEnrolment(db, enrolmentId);
      const data = r?.attachment_key ? await storage.get(r.attachment_key) : null;
      if (!r || !data) throw notFound('reflection_attachment', enrolmentId);
      return { data, fileName: r.attachment_name ?? 'file', contentType: r.attachment_type ?? 'application/octet-stream' };
    },

    /** Every trainee of the class with their reflection's state (no text: the list is for reviewing). */
    async listOfClass(classId: number): Promise<ReflectionList> {
      await deps.classes.requireClass(db, classId);
      const [people, rows, minWords] = await Promise.all([deps.roster.rosterIn(db, classId), store.ofClass(db, classId), minWordsOf(db, classId)]);
      const of = new Map(rows.map((r) => [r.enrolment_id, r]));
      return {
        classId,
        minWords,
        rows: people
          .filter((p) => p.status === 'enrolled' || of.has(p.id))
          .map((p) => {
            const { bodyHtml: _b, ...row } = view(p, of.get(p.id), minWords);
            return row;
          }),
      };
    },

    async getOfClass(classId: number, enrolmentId: number) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      return view(e, await store.ofEnrolment(db, enrolmentId), await minWordsOf(db, classId));
    },

    /** The class teacher's decision on a submitted reflection: accepted, or back for a revision with a comment. */
    async review(actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof ReviewReflectionBody>) {
      if (input.decision === 'revise' && !input.comment?.trim()) throw invalid('reflection.comment_required', 'comment');
      return database.transaction(async (trx) => {
        const e = await enrolmentInClass(trx, classId, enrolmentId);
        const cls = await deps.classes.requireClass(trx, classId);
        if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'reflections' });
        const r = await store.ofEnrolment(trx, enrolmentId);
        if (r?.status !== 'submitted') throw new AppError('reflection.not_submitted', 409, { name: e.name });
        const status = input.decision === 'accept' ? 'accepted' : 'revision';
        const at = nowIso();
        await store.update(trx, r.id, { status, review_comment: input.comment ?? null, reviewed_by: actor.userId, reviewed_at: at, updated_at: at });
        await audit.record(trx, actor, {
          action: `reflection.${input.decision}`,
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: { status: r.status },
          after: { name: e.name, status, comment: input.comment ?? null },
        });
        return view(e, await store.ofEnrolment(trx, enrolmentId), await minWordsOf(trx, classId));
      });
    },

    async setMinWords(actor: Actor, classId: number, minWords: number) {
      await database.transaction(async (trx) => {
        await deps.classes.requireClass(trx, classId);
        const before = await minWordsOf(trx, classId);
        await store.setMinWords(trx, { class_id: classId, min_words: minWords, updated_at: nowIso(), updated_by: actor.userId });
        await audit.record(trx, actor, {
          action: 'reflection.settings',
          entity: 'class',
          entityId: classId,
          classId,
          before: { minWords: before },
          after: { minWords },
        });
      });
      return service.listOfClass(classId);
    },

    /** Accepted reflections whose authors agreed to be quoted: an excerpt each, for the bulletin composer. */
    async excerpts(classId: number): Promise<ReflectionExcerpt[]> {
      const [people, rows] = await Promise.all([deps.roster.rosterIn(db, classId), store.ofClass(db, classId)]);
      const of = new Map(rows.filter((r) => r.status === 'accepted' && r.consent_quote === 1).map((r) => [r.enrolment_id, r]));
      return people
        .filter((p) => of.has(p.id))
        .map((p) => {
          const plain = richTextToPlain(parseRichText(of.get(p.id)!.body_html))
            .replace(/\s+/g, ' ')
            .trim();
          const chars = Array.from(plain);
          return {
            enrolmentId: p.id,
            name: p.name,
            nameBo: p.name_bo,
            groupName: p.group_name ?? null,
            workUnit: p.work_unit,
            excerpt: chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('')}……` : plain,
          };
        });
    },

    /** For completion: accepted reflections per enrolment (the rule's "须提交心得体会"). */
    reflectionCounts: (trx: Executor, classId: number) => store.acceptedCounts(trx, classId),
  };
  return service;
};
export type ReflectionService = ReturnType<typeof makeReflectionService>;
