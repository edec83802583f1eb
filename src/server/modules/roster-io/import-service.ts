import {
  IMPORT_HEADERS,
  type ImportAction,
  ImportDecisions,
  type ImportDecisionsInput,
  type ImportField,
  type ImportPreview,
  type ImportProblem,
  type ImportResult,
} from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, type FieldError } from '../../lib/errors';
import { type Lang, translate } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { documentKey, maskDocumentNumber } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import { type ParsedImport, parseImportFile } from './file';
import { type Difference, differencesOf, patchOf } from './link-choices';
import { columnMapper, mappingsToRemember, rememberedFrom } from './mapping';
import { hasErrors, type ImportRow, type RowProblem } from './rows';
import type { RosterIoStore } from './store';

type ClassRow = Awaited<ReturnType<ClassService['requireWritable']>>;

export type AnalysedRow = ImportRow & {
  match: { personId: number; name: string; workUnit: string | null; by: 'id_number' | 'name_phone'; enrolled: boolean } | null;
  defaultAction: ImportAction;
  allowedActions: ImportAction[];
  /** The action commit takes: the decision if one was given, else the default. */
  action: ImportAction;
  groupId: number | null;
  /** Where a linkable row differs from the person on record, with the user's keep/take choice. */
  differences: Difference[];
};

export type Analysis = { rows: AnalysedRow[]; missingGroups: Array<{ name: string; rowCount: number }> };

const CHUNK = 500;

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** The number a group name carries: 第3组 → 3, 第十二组 → 12, A组 → none. */
export function groupNumber(name: string): number | null {
  const arabic = /\d+/.exec(name.normalize('NFKC'));
  if (arabic) return Number(arabic[0]);
  const cn = /([零一二两三四五六七八九十百]+)/.exec(name)?.[1];
  if (!cn) return null;
  let total = 0;
  let digit = 0;
  for (const ch of cn) {
    const unit = ch === '百' ? 100 : ch === '十' ? 10 : 0;
    if (!unit) digit = CN_DIGITS[ch];
    else {
      total += (digit || 1) * unit;
      digit = 0;
    }
  }
  return total + digit;
}
const byGroupNumber = (a: string, b: string) => {
  const [x, y] = [groupNumber(a), groupNumber(b)];
  if (x !== null && y !== null && x !== y) return x - y;
  if ((x === null) !== (y === null)) return x === null ? 1 : -1;
  return a.localeCompare(b, 'zh-CN');
};

export type RosterIoDeps = {
  database: Database;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireWritable'>;
  store: RosterIoStore;
  roster: Pick<
    RosterService,
    'editSharedRecord' | 'enrolManyIn' | 'createGroupIn' | 'findPeopleByIdNumbers' | 'findPeopleByNamePhones' | 'rosterIn' | 'groupsIn' | 'blindIndex'
  >;
};

/**
 * The import runs twice over the same file: a preview that changes nothing, and a commit that
 * re-reads the uploaded file and re-checks every row inside its one transaction. Nothing is kept
 * between the two (no half-imported state, no copy of ID numbers at rest); the preview's fileHash
 * makes sure the commit gets the same file the user looked at.
 */
export function makeRosterImportService(deps: RosterIoDeps) {
  const { database, roster, classes, audit, store } = deps;

  /** Reads the file with the institution's remembered column mappings and the user's choices. */
  async function parse(ex: Executor, institutionId: number, buffer: Buffer, decisions: ImportDecisions | null, sheet?: string) {
    const remembered = rememberedFrom(await store.mappingsOf(ex, institutionId));
    return parseImportFile(buffer, {
      sheet: sheet ?? decisions?.sheet,
      columns: columnMapper(remembered, decisions?.mapping),
      corrections: decisions?.corrections,
    });
  }

  async function analyse(ex: Executor, cls: ClassRow, parsed: ParsedImport, decisions: ImportDecisions | null): Promise<Analysis> {
    const rows = parsed.rows;
    // Existing people, by ID number through the blind index, else by name and phone.
    const ids = [...new Set(rows.filter((r) => r.idNumberValid).map((r) => documentKey(r.idType, r.idNumber!)))];
    const byHash = new Map<string, Row<'people'>>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const p of await roster.findPeopleByIdNumbers(ex, cls.institution_id, ids.slice(i, i + CHUNK))) byHash.set(p.id_number_hash!, p);
    }
    const pairs = rows.filter((r) => r.name && r.phone).map((r) => ({ name: r.name, phone: r.phone! }));
    const byNamePhone = new Map<string, Row<'people'>[]>();
    for (const p of await roster.findPeopleByNamePhones(ex, cls.institution_id, pairs)) {
      const key = `${p.name}\u0000${p.phone}`;
      byNamePhone.set(key, [...(byNamePhone.get(key) ?? []), p]);
    }
    const enrolled = new Map((await roster.rosterIn(ex, cls.id)).map((e) => [e.person_id, e]));
    const groups = await roster.groupsIn(ex, cls.id);
    const groupByName = new Map(groups.map((g) => [g.name, g]));
    const leaderOf = new Map<number, string>();
    for (const e of enrolled.values()) if (e.status === 'enrolled' && e.role === 'group_leader' && e.group_id) leaderOf.set(e.group_id, e.name);
    const create = new Set(decisions?.createGroups ?? []);
    const missing = new Map<string, number>();
    // One existing person can be linked from one row only; a second name-and-phone match is someone new.
    const claimed = new Set<number>();

    const out = rows.map((row): AnalysedRow => {
      const problems: RowProblem[] = [...row.problems];
      let person: Row<'people'> | undefined;
      let by: 'id_number' | 'name_phone' = 'id_number';
      // Linking shows the person's record in this class, so it needs proof the importer already
      // has: the ID number AND the name on record, or name and phone of someone with no ID number
      // on record. A partial match tells nothing about the person on record.
      let refused: RowProblem | null = null;
      if (row.idNumberValid) person = byHash.get(roster.blindIndex(row.idNumber!, row.idType));
      if (person && person.name !== row.name) {
        refused = { field: 'name', code: 'match.name_differs', severity: 'warning' };
        person = undefined;
      } else if (!person && row.phone) {
        // Someone with another recorded ID number is someone else, whatever their name and phone.
        const same = byNamePhone.get(`${row.name}\u0000${row.phone}`) ?? [];
        const otherDocument = (p: Row<'people'>) => row.idNumberValid && p.id_number_hash && p.id_number_hash !== roster.blindIndex(row.idNumber!, row.idType);
        const candidates = same.filter((p) => !otherDocument(p) && !claimed.has(p.id));
        // Same name and phone, another document: perhaps a new passport, perhaps a typo; worth a look.
        const lookalike = same.find(otherDocument);
        if (lookalike && !candidates.length)
          problems.push({ field: 'name', code: 'match.possible_duplicate', severity: 'warning', params: { workUnit: lookalike.work_unit ?? '' } });
        person = candidates.find((p) => !p.id_number_hash);
        if (!person && candidates.length) refused = { field: 'idNumber', code: 'match.name_phone_needs_id', severity: 'warning' };
        by = 'name_phone';
      }
      if (person) claimed.add(person.id);
      const enrolment = person ? enrolled.get(person.id) : undefined;
      const match = person ? { personId: person.id, name: person.name, workUnit: person.work_unit, by, enrolled: !!enrolment } : null;

      let allowedActions: ImportAction[];
      let defaultAction: ImportAction;
      if (enrolment) {
        problems.push({
          field: null,
          code: enrolment.status === 'withdrawn' ? 'enrolment.withdrawn_before' : 'enrolment.already',
          severity: 'warning',
          params: { name: person!.name },
        });
        allowedActions = ['skip'];
        defaultAction = 'skip';
      } else if (refused) {
        // The same ID number under another name cannot be a new person either: the row is skipped.
        problems.push(refused);
        allowedActions = refused.code === 'match.name_differs' ? ['skip'] : ['create', 'skip'];
        defaultAction = 'skip';
      } else if (person && by === 'id_number') {
        problems.push({ field: 'idNumber', code: 'match.id_number', severity: 'info', params: { name: person.name, workUnit: person.work_unit ?? '' } });
        allowedActions = ['link', 'skip'];
        defaultAction = 'link';
      } else if (person) {
        problems.push({ field: 'phone', code: 'match.name_phone', severity: 'info', params: { name: person.name, workUnit: person.work_unit ?? '' } });
        allowedActions = ['link', 'create', 'skip'];
        defaultAction = 'link';
      } else {
        allowedActions = ['create', 'skip'];
        defaultAction = 'create';
      }

      const chosen = decisions?.actions[String(row.rowNumber)];
      let action = chosen ?? defaultAction;
      if (!allowedActions.includes(action)) {
        problems.push({ field: null, code: 'roster_import.action_not_allowed', severity: 'error', params: { action } });
        action = defaultAction;
      }

      let groupId: number | null = null;
      if (row.group) {
        const g = groupByName.get(row.group);
        if (g) {
          groupId = g.id;
          const leader = leaderOf.get(g.id);
          if (row.role === 'group_leader' && leader && leader !== row.name && action !== 'skip')
            problems.push({ field: 'role', code: 'group.leader_replaced', severity: 'warning', params: { group: g.name, name: leader } });
        } else if (action !== 'skip') {
          missing.set(row.group, (missing.get(row.group) ?? 0) + 1);
          if (!decisions) problems.push({ field: 'group', code: 'group.missing', severity: 'warning', params: { group: row.group } });
          else if (create.has(row.group)) problems.push({ field: 'group', code: 'group.will_create', severity: 'info', params: { group: row.group } });
          else problems.push({ field: 'group', code: 'group.unknown', severity: 'error', params: { group: row.group } });
        }
      }
      const linkable = person && allowedActions.includes('link');
      const differences = linkable ? differencesOf(row, person!, decisions?.links[String(row.rowNumber)]) : [];
      return { ...row, problems, match, defaultAction, allowedActions, action, groupId, differences };
    });
    // Offered for creation in number order (第1组 … 第10组), as they will be created.
    const missingGroups = [...missing.entries()].map(([name, rowCount]) => ({ name, rowCount })).sort((a, b) => byGroupNumber(a.name, b.name));
    return { rows: out, missingGroups };
  }

  function problemOut(parsed: ParsedImport, p: RowProblem, lang: Lang): ImportProblem {
    const index = p.field ? parsed.mapping.indexOf[p.field] : undefined;
    const column = index !== undefined ? parsed.mapping.columns[index] : null;
    const params = { ...(p.params ?? {}) };
    if (typeof params.action === 'string') params.action = translate(`roster_import.action.${params.action}`, lang);
    return {
      field: p.field,
      column: column?.header ?? (p.field ? IMPORT_HEADERS[p.field] : null),
      columnLetter: column?.letter ?? null,
      code: p.code,
      message: translate(p.code, lang, params),
      severity: p.severity,
      params: p.params,
    };
  }

  function previewOf(parsed: ParsedImport, analysis: Analysis, fileName: string | null, lang: Lang): ImportPreview {
    const rows = analysis.rows.map((r) => ({
      rowNumber: r.rowNumber,
      values: {
        name: r.name,
        nameBo: r.nameBo,
        nameLatin: r.nameLatin,
        gender: r.gender,
        ethnicity: r.ethnicity,
        workUnit: r.workUnit,
        position: r.position,
        rank: r.rank,
        phone: r.phone,
        officePhone: r.officePhone,
        idType: r.idNumber ? r.idType : null,
        idNumberMasked: r.idNumber ? maskDocumentNumber(r.idNumber) : null,
        group: r.group,
        role: r.role,
        notes: r.notes,
      },
      problems: r.problems.map((p) => problemOut(parsed, p, lang)),
      match: r.match,
      differences: r.differences,
      corrected: parsed.corrected.get(r.rowNumber) ?? [],
      defaultAction: r.defaultAction,
      allowedActions: r.allowedActions,
    }));
    const count = (f: (r: AnalysedRow) => boolean) => analysis.rows.filter(f).length;
    return {
      fileName,
      fileHash: parsed.fileHash,
      sheetName: parsed.sheetName,
      sheets: parsed.sheets,
      sheet: parsed.sheetName ?? '',
      headerRowNumber: parsed.headerRowNumber,
      columns: parsed.mapping.columns,
      fileProblems: [
        ...(parsed.mappingProblem
          ? [
              {
                field: null,
                column: null,
                columnLetter: null,
                code: parsed.mappingProblem.code,
                message: translate(parsed.mappingProblem.code, lang, parsed.mappingProblem.params),
                severity: 'error' as const,
              },
            ]
          : []),
        ...mappingInfo(parsed, lang),
      ],
      rows,
      missingGroups: analysis.missingGroups,
      summary: {
        rows: analysis.rows.length,
        errorRows: count(hasErrors),
        warningRows: count((r) => !hasErrors(r) && r.problems.some((p) => p.severity === 'warning')),
        toCreate: count((r) => r.action === 'create'),
        toLink: count((r) => r.action === 'link'),
        toSkip: count((r) => r.action === 'skip'),
      },
    };
  }

  /** A word on every column nobody mapped: recognition found nothing, and no one chose. */
  function mappingInfo(parsed: ParsedImport, lang: Lang): ImportProblem[] {
    return parsed.mapping.columns
      .filter((c) => !c.field && c.header.trim() !== '' && c.source === 'recognised')
      .map((c) => ({
        field: null,
        column: c.header,
        columnLetter: c.letter,
        code: 'roster_import.column_ignored',
        message: translate('roster_import.column_ignored', lang, { column: c.header }),
        severity: 'info' as const,
      }));
  }

  /** Row problems as field errors for a refused commit: "第 5 行 身份证号：…". */
  function blockingErrors(parsed: ParsedImport, rows: AnalysedRow[], lang: Lang): FieldError[] {
    const out: FieldError[] = [];
    for (const r of rows) {
      // A skipped row's errors don't count, unless the skip replaced an action the user asked for.
      if (r.action === 'skip' && !r.problems.some((p) => p.code === 'roster_import.action_not_allowed')) continue;
      for (const p of r.problems) {
        if (p.severity !== 'error') continue;
        const o = problemOut(parsed, p, lang);
        const where = translate('roster_import.where', lang, { row: r.rowNumber, column: o.column ?? '' });
        out.push({ field: `rows.${r.rowNumber}${p.field ? `.${p.field}` : ''}`, code: p.code, message: `${where}${o.message}` });
      }
    }
    return out;
  }

  const service = {
    /** Reads the file and reports every problem, changing nothing. */
    async preview(
      classId: number,
      file: { buffer: Buffer; fileName?: string | null },
      options: { lang?: Lang; decisions?: ImportDecisionsInput | null; sheet?: string | null } = {},
    ) {
      const lang = options.lang ?? 'zh-CN';
      const decisions = options.decisions ? ImportDecisions.parse(options.decisions) : null;
      const cls = await classes.requireWritable(database.db, classId, 'roster');
      const parsed = await parse(database.db, cls.institution_id, file.buffer, decisions, options.sheet ?? undefined);
      const analysis = await analyse(database.db, cls, parsed, decisions);
      return previewOf(parsed, analysis, file.fileName ?? null, lang);
    },

    /**
     * Imports every row that is not skipped, in one transaction: if any of them still has an
     * error, or anything fails half-way, nothing is written.
     */
    async commit(
      actor: Actor | null,
      classId: number,
      file: { buffer: Buffer; fileName?: string | null },
      given: ImportDecisionsInput,
      options: { lang?: Lang; onProgress?: (done: number, total: number) => void; sheet?: string | null } = {},
    ): Promise<ImportResult> {
      const lang = options.lang ?? 'zh-CN';
      const decisions = ImportDecisions.parse(given);
      // Read before the transaction, which stays short: the remembered mappings are the institution's.
      const { institution_id: institutionId } = await classes.requireWritable(database.db, classId, 'roster');
      const parsed = await parse(database.db, institutionId, file.buffer, decisions, options.sheet ?? undefined);
      if (decisions.fileHash && decisions.fileHash !== parsed.fileHash) throw new AppError('roster_import.file_changed', 409);
      if (parsed.mappingProblem) throw new AppError(parsed.mappingProblem.code, 400, parsed.mappingProblem.params);
      return database.transaction(async (trx) => {
        const cls = await classes.requireWritable(trx, classId, 'roster');
        const { rows } = await analyse(trx, cls, parsed, decisions);
        const errors = blockingErrors(parsed, rows, lang);
        if (errors.length) {
          const rowCount = new Set(errors.map((e) => e.field.split('.')[1])).size;
          throw new AppError('roster_import.has_errors', 422, { count: rowCount }, errors.slice(0, 1000));
        }
        const todo = rows.filter((r) => r.action !== 'skip');
        const groupsCreated: string[] = [];
        const newGroupIds = new Map<string, number>();
        // 第1组 … 第9组, 第10组: by the number in the name, not as the user happened to tick them.
        for (const name of [...decisions.createGroups].sort(byGroupNumber)) {
          if (newGroupIds.has(name) || !todo.some((r) => r.group === name && r.groupId === null)) continue;
          newGroupIds.set(name, await roster.createGroupIn(trx, actor, classId, { name }));
          groupsCreated.push(name);
        }
        const items = todo.map((r) => {
          const groupId = r.groupId ?? (r.group ? (newGroupIds.get(r.group) ?? null) : null);
          if (r.action === 'link') return { personId: r.match!.personId, groupId, role: r.role };
          return {
            groupId,
            role: r.role,
            person: {
              name: r.name,
              nameBo: r.nameBo,
              nameLatin: r.nameLatin,
              gender: r.gender,
              ethnicity: r.ethnicity,
              workUnit: r.workUnit,
              position: r.position,
              rank: r.rank,
              phone: r.phone,
              officePhone: r.officePhone,
              idType: r.idNumberValid ? r.idType : null,
              idNumber: r.idNumberValid ? r.idNumber : null,
              notes: r.notes,
            },
          };
        });
        let enrolmentIds: number[];
        let taken = 0;
        options.onProgress?.(0, todo.length);
        const rowOf = (index: number) => todo[index]?.rowNumber ?? '?';
        try {
          // What the user took from the file onto the records of linked people, field by field.
          for (const [index, r] of todo.entries()) {
            const patch = r.action === 'link' ? patchOf(r.differences) : {};
            if (!Object.keys(patch).length) continue;
            await roster.editSharedRecord(trx, actor, r.match!.personId, patch, classId).catch((e: unknown) => {
              if (e instanceof AppError) e.params.index = index;
              throw e;
            });
            taken++;
          }
          enrolmentIds = await roster.enrolManyIn(trx, actor, classId, items, options.onProgress);
        } catch (e) {
          // Everything was checked above inside this transaction, so this is rare; name the row anyway.
          if (!(e instanceof AppError)) throw e;
          const index = Number(e.params.index ?? -1);
          const reason = e.fieldErrors[0] ? translate(e.fieldErrors[0].code, lang, e.fieldErrors[0].params) : translate(e.code, lang, e.params);
          throw new AppError('roster_import.row_failed', 409, { row: rowOf(index), reason });
        }
        const linked = todo.filter((r) => r.action === 'link').length;
        const created = todo.length - linked;
        const result = { created, linked, skipped: rows.length - todo.length, groupsCreated, enrolmentIds };
        const remembered = mappingsToRemember(parsed.mapping);
        await store.rememberMappings(trx, cls.institution_id, remembered, nowIso());
        await audit.record(trx, actor, {
          action: 'roster.import',
          entity: 'class',
          entityId: classId,
          classId,
          after: {
            fileName: file.fileName ?? null,
            fileHash: parsed.fileHash,
            sheet: parsed.sheetName,
            created,
            linked,
            skipped: result.skipped,
            groupsCreated,
            // Which cells were corrected, not their values (an ID number must not sit in the log).
            corrections: decisions.corrections.map((c) => ({ row: c.row, field: c.field })),
            recordsUpdated: taken,
            mappingsRemembered: remembered,
          },
        });
        return result;
      });
    },
  };
  return service;
}
export type RosterImportService = ReturnType<typeof makeRosterImportService>;

/** Labels for the CLI and messages: which field a column means. */
export const fieldLabel = (field: ImportField) => IMPORT_HEADERS[field];
