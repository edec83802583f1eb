import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Progress, Result, Segmented, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type {
  ImportAction,
  ImportColumnChoice,
  ImportDecisionsInput,
  ImportField,
  ImportPreview,
  ImportResult,
  ImportRowPreview,
  Problem,
} from '../../../contracts';
import { ApiError } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { useRosterRefresh } from '../../api/queries';
import { PersonName } from '../../components/labels';
import { type MessageKey, useT } from '../../i18n';
import { useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { rosterIo } from './api';
import { ColumnMapping, CorrectCell, LinkDifferences, SheetChooser } from './import-fixes';
import { useImportT } from './messages';
import { useImportFixes } from './use-import-fixes';
import './roster-io.css';

type Row = ImportRowPreview;
type Severity = 'error' | 'warning' | 'info';
const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

/** The worst problem a row has on one field, for colouring its cell. */
function cellSeverity(row: Row, fields: ImportField[]): Severity | null {
  const mine = row.problems.filter((p) => p.field && fields.includes(p.field));
  if (mine.some((p) => p.severity === 'error')) return 'error';
  if (mine.some((p) => p.severity === 'warning')) return 'warning';
  return null;
}

type Busy = { stage: 'preview' | 'commit'; sent: number } | null;

/**
 * Roster import: choose a file, read every problem by row and column, decide per row (link an
 * existing person, create, skip) and which missing groups to create, then import all or nothing.
 * The server keeps nothing between the steps: the commit uploads the same file again.
 */
export default function RosterImportTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const { message } = App.useApp();
  const problem = useProblem();
  const navigate = useNavigate();
  const refresh = useRosterRefresh(cls.id);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [actions, setActions] = useState<Record<string, ImportAction>>({});
  const [createGroups, setCreateGroups] = useState<string[]>([]);
  const [busy, setBusy] = useState<Busy>(null);
  const [refusal, setRefusal] = useState<Problem | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [filter, setFilter] = useState<'all' | 'errors' | 'warnings'>('all');
  const fixes = useImportFixes();
  const it = useImportT();

  const actionOf = (r: Row) => actions[String(r.rowNumber)] ?? r.defaultAction;
  const missing = useMemo(() => new Set(preview?.missingGroups.map((g) => g.name) ?? []), [preview]);
  /** Why a row stops the import as things stand: its errors, or a group nobody chose to create. */
  const blocked = (r: Row) =>
    actionOf(r) !== 'skip' &&
    (r.problems.some((p) => p.severity === 'error') || (!!r.values.group && missing.has(r.values.group) && !createGroups.includes(r.values.group)));
  const rows = preview?.rows ?? [];
  const blocking = rows.filter(blocked);
  const counts = {
    create: rows.filter((r) => actionOf(r) === 'create').length,
    link: rows.filter((r) => actionOf(r) === 'link').length,
    skip: rows.filter((r) => actionOf(r) === 'skip').length,
  };

  if (!powers.writeRoster) {
    return (
      <Alert
        type="info"
        showIcon
        title={powers.rosterFrozen ? t('roster.frozen', { status: t(`status.${cls.status}` as MessageKey) }) : t('import.not_allowed')}
      />
    );
  }

  const reset = () => {
    setFile(null);
    setPreview(null);
    setActions({});
    setCreateGroups([]);
    setRefusal(null);
    setResult(null);
    setFilter('all');
    fixes.reset();
  };

  /** The decisions as they stand, for a re-check or the commit. */
  const decisions = (over: Partial<ImportDecisionsInput> = {}): ImportDecisionsInput => ({
    actions: Object.fromEntries(Object.entries(actions).filter(([row, a]) => rows.find((r) => String(r.rowNumber) === row)?.defaultAction !== a)),
    createGroups,
    sheet: preview?.sheet || undefined,
    ...fixes.sent,
    ...over,
  });

  /** Checks the same file again with a new sheet, mapping or correction; the old preview stays if that is refused. */
  const recheck = async (over: Partial<ImportDecisionsInput>, done?: string) => {
    if (!file) return;
    setRefusal(null);
    setBusy({ stage: 'preview', sent: 0 });
    try {
      const p = await rosterIo.preview(cls.id, file, (sent) => setBusy({ stage: 'preview', sent }), decisions(over));
      // Groups the file names only now (a column just mapped to 组别) are offered ticked, as at first.
      const offered = new Set(preview?.missingGroups.map((g) => g.name) ?? []);
      setCreateGroups((c) => [...c, ...p.missingGroups.map((g) => g.name).filter((g) => !offered.has(g) && !c.includes(g))]);
      setPreview(p);
      fixes.accept(over);
      if (done) message.success(done);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) setRefusal(e.problem);
      else problem(e);
    } finally {
      setBusy(null);
    }
  };
  const chooseSheet = (sheet: string) => {
    // Another sheet has other columns and rows: what was chosen for this one does not carry over.
    setActions({});
    void recheck({ sheet, mapping: {}, corrections: [], actions: {}, links: {} });
  };
  const mapColumn = (index: number, choice: ImportColumnChoice) => void recheck(fixes.withColumn(index, choice), it('map.changed'));
  const correct = (row: number, field: ImportField, value: string) =>
    void recheck(fixes.withCorrection(row, field, value), it('fix.done', { row, field: it(`field.${field}`) }));

  const check = async (f: File) => {
    reset();
    setFile(f);
    setBusy({ stage: 'preview', sent: 0 });
    try {
      const p = await rosterIo.preview(cls.id, f, (sent) => setBusy({ stage: 'preview', sent }));
      setPreview(p);
      // Offered, and chosen unless the user says otherwise.
      setCreateGroups(p.missingGroups.map((g) => g.name));
      if (p.summary.errorRows > 0) setFilter('errors');
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) setRefusal(e.problem);
      else problem(e);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!file || !preview) return;
    setRefusal(null);
    setBusy({ stage: 'commit', sent: 0 });
    try {
      const r = await rosterIo.commit(cls.id, file, decisions({ fileHash: preview.fileHash }), (sent) => setBusy({ stage: 'commit', sent }));
      setResult(r);
      await refresh();
      message.success(t('import.done_message', { n: r.created + r.linked }));
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) setRefusal(e.problem);
      else problem(e);
    } finally {
      setBusy(null);
    }
  };

  const skipBlocked = () => setActions((a) => ({ ...a, ...Object.fromEntries(blocking.map((r) => [String(r.rowNumber), 'skip' as const])) }));

  const step = result ? 2 : preview ? 1 : 0;
  const steps = (
    <Steps
      size="small"
      current={step}
      className="import-steps"
      items={[{ title: t('import.step_file') }, { title: t('import.step_check') }, { title: t('import.step_done') }]}
    />
  );

  const refusalAlert = refusal && (
    <Alert
      type="error"
      showIcon
      className="tab-alert"
      data-testid="import-refusal"
      title={refusal.title}
      description={
        refusal.errors?.length ? (
          <ul className="import-refusal-list">
            {refusal.errors.slice(0, 30).map((e) => (
              <li key={`${e.field}-${e.code}`}>{e.message}</li>
            ))}
            {refusal.errors.length > 30 && <li>{t('import.more_errors', { n: refusal.errors.length - 30 })}</li>}
          </ul>
        ) : undefined
      }
    />
  );

  const progress = busy && (
    <Card size="small" className="import-progress" data-testid="import-progress">
      <Typography.Text>
        {busy.sent < 1
          ? t(busy.stage === 'preview' ? 'import.uploading_check' : 'import.uploading_commit')
          : t(busy.stage === 'preview' ? 'import.checking' : 'import.importing')}
      </Typography.Text>
      <Progress percent={Math.round(busy.sent * (busy.sent < 1 ? 90 : 95))} status="active" />
    </Card>
  );

  if (result) {
    return (
      <div className="import-page">
        {steps}
        <Result
          status="success"
          data-testid="import-result"
          title={t('import.done_title')}
          subTitle={t('import.done_summary', { created: result.created, linked: result.linked, skipped: result.skipped })}
          extra={[
            <Button type="primary" key="roster" icon={<TeamOutlined />} onClick={() => navigate(`/classes/${cls.id}/roster`)}>
              {t('import.view_roster')}
            </Button>,
            <Button key="again" onClick={reset}>
              {t('import.again')}
            </Button>,
          ]}
        >
          {result.groupsCreated.length > 0 && (
            <Typography.Paragraph>{t('import.groups_created', { groups: result.groupsCreated.join('、') })}</Typography.Paragraph>
          )}
        </Result>
      </div>
    );
  }

  if (!preview) {
    return (
      <div className="import-page">
        {steps}
        {refusalAlert}
        <Upload.Dragger
          accept=".xlsx,.xls,.csv,.txt"
          multiple={false}
          showUploadList={false}
          disabled={!!busy}
          beforeUpload={(f) => {
            void check(f);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.hint')}</p>
        </Upload.Dragger>
        {progress}
        <Space className="import-template" wrap>
          <Button icon={<DownloadOutlined />} onClick={() => rosterIo.template(cls.id).catch(problem)}>
            {t('import.template')}
          </Button>
          <Typography.Text type="secondary">{t('import.template_hint')}</Typography.Text>
        </Space>
        <Typography.Paragraph type="secondary" className="import-rules">
          {t('import.rules')}
        </Typography.Paragraph>
      </div>
    );
  }

  const shown = rows.filter((r) =>
    filter === 'errors'
      ? blocked(r) || r.problems.some((p) => p.severity === 'error')
      : filter === 'warnings'
        ? r.problems.some((p) => p.severity !== 'info')
        : true,
  );
  const cell = (fields: ImportField[]) => (r: Row) => {
    const s = cellSeverity(r, fields);
    return { className: s ? `import-cell-${s}` : undefined };
  };
  const actionLabel = (a: ImportAction) => t(`import.action.${a}` as MessageKey);
  const columns: ColumnsType<Row> = [
    { title: t('import.col.row'), dataIndex: 'rowNumber', width: 64, fixed: 'left' },
    {
      title: t('person.name'),
      key: 'name',
      width: 150,
      onCell: cell(['name', 'nameBo']),
      render: (_, r) =>
        r.values.name ? <PersonName name={r.values.name} nameBo={r.values.nameBo} /> : <Typography.Text type="danger">{t('import.no_name')}</Typography.Text>,
    },
    {
      title: t('import.col.gender'),
      key: 'gender',
      width: 60,
      onCell: cell(['gender']),
      render: (_, r) => (r.values.gender ? t(`import.gender.${r.values.gender}` as MessageKey) : ''),
    },
    {
      title: t('import.col.work_unit'),
      key: 'workUnit',
      width: 180,
      ellipsis: true,
      onCell: cell(['workUnit', 'position']),
      render: (_, r) => [r.values.workUnit, r.values.position].filter(Boolean).join(' · '),
    },
    { title: t('import.col.phone'), key: 'phone', width: 120, onCell: cell(['phone']), render: (_, r) => <span className="mono">{r.values.phone}</span> },
    {
      title: t('import.col.id_number'),
      key: 'id',
      width: 170,
      onCell: cell(['idNumber']),
      render: (_, r) => <span className="mono">{r.values.idNumberMasked}</span>,
    },
    {
      title: t('import.col.group'),
      key: 'group',
      width: 100,
      onCell: cell(['group', 'role']),
      render: (_, r) => (
        <span>
          {r.values.group}
          {r.values.role === 'group_leader' && <Tag className="inline-tag">{t('import.leader')}</Tag>}
        </span>
      ),
    },
    {
      title: t('import.col.problems'),
      key: 'problems',
      render: (_, r) => (
        <ul className="import-problems">
          {r.problems.map((p) => (
            <li key={`${p.code}-${p.field}`} className={`import-problem-${p.severity}`} data-testid={`problem-${r.rowNumber}-${p.field ?? 'row'}`}>
              {p.column && (
                <Tag color={SEVERITY_COLOR[p.severity]} className="inline-tag">
                  {p.column}
                  {p.columnLetter ? ` (${p.columnLetter})` : ''}
                </Tag>
              )}
              {p.message}
              {p.severity === 'error' && p.field && preview.columns.some((c) => c.field === p.field) && (
                <CorrectCell
                  row={r.rowNumber}
                  field={p.field}
                  initial={typeof p.params?.value === 'string' ? p.params.value : ''}
                  disabled={!!busy}
                  onCorrect={(v) => correct(r.rowNumber, p.field!, v)}
                />
              )}
            </li>
          ))}
          {r.corrected.map((f) => (
            <li key={`corrected-${f}`} className="import-problem-info" data-testid={`corrected-${r.rowNumber}-${f}`}>
              <Tag color="green" className="inline-tag">
                {it(`field.${f}`)}
              </Tag>
              {it('fix.corrected')}
            </li>
          ))}
          {r.values.group && missing.has(r.values.group) && !createGroups.includes(r.values.group) && actionOf(r) !== 'skip' && (
            <li className="import-problem-error">{t('import.group_not_chosen', { group: r.values.group })}</li>
          )}
          {actionOf(r) === 'link' && <LinkDifferences row={r} choiceOf={fixes.choiceOf(r.rowNumber)} onChoose={fixes.choose(r.rowNumber)} />}
        </ul>
      ),
    },
    {
      title: t('import.col.action'),
      key: 'action',
      width: 150,
      fixed: 'right',
      render: (_, r) =>
        r.allowedActions.length > 1 ? (
          <Select<ImportAction>
            size="small"
            value={actionOf(r)}
            className="import-action"
            aria-label={t('import.action_for_row', { row: r.rowNumber })}
            data-testid={`action-${r.rowNumber}`}
            onChange={(a) => setActions((m) => ({ ...m, [String(r.rowNumber)]: a }))}
            options={r.allowedActions.map((a) => ({ value: a, label: actionLabel(a) }))}
            popupMatchSelectWidth={false}
          />
        ) : (
          <Typography.Text type="secondary">{actionLabel(actionOf(r))}</Typography.Text>
        ),
    },
  ];

  return (
    <div className="import-page">
      {steps}
      <Space wrap className="import-file-line">
        <Typography.Text strong>{preview.fileName}</Typography.Text>
        {preview.sheetName && (
          <Typography.Text type="secondary">{t('import.sheet', { sheet: preview.sheetName, row: preview.headerRowNumber })}</Typography.Text>
        )}
        <Button size="small" icon={<ReloadOutlined />} onClick={reset} disabled={!!busy}>
          {t('import.choose_other')}
        </Button>
      </Space>
      <SheetChooser preview={preview} disabled={!!busy} onChange={chooseSheet} />
      {preview.fileProblems
        .filter((f) => f.severity === 'error')
        .map((f) => (
          <Alert key={f.code} type="error" showIcon className="tab-alert" data-testid="import-file-problem" title={f.message} />
        ))}
      <ColumnMapping preview={preview} disabled={!!busy} onChange={mapColumn} />
      {refusalAlert}
      {preview.missingGroups.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="tab-alert"
          title={t('import.missing_groups')}
          description={
            <Checkbox.Group
              value={createGroups}
              onChange={(v) => setCreateGroups(v as string[])}
              options={preview.missingGroups.map((g) => ({ value: g.name, label: t('import.create_group', { group: g.name, n: g.rowCount }) }))}
            />
          }
        />
      )}
      <Alert
        type={blocking.length ? 'error' : 'success'}
        showIcon
        className="tab-alert"
        data-testid="import-summary"
        title={t('import.summary', { rows: rows.length, create: counts.create, link: counts.link, skip: counts.skip })}
        description={
          blocking.length ? (
            <Space wrap>
              <span>
                {t('import.blocking', {
                  n: blocking.length,
                  rows:
                    blocking
                      .slice(0, 10)
                      .map((r) => r.rowNumber)
                      .join('、') + (blocking.length > 10 ? '…' : ''),
                })}
              </span>
              <Button size="small" onClick={skipBlocked} data-testid="skip-blocked">
                {t('import.skip_blocked')}
              </Button>
            </Space>
          ) : (
            t('import.ready')
          )
        }
      />
      <div className="toolbar">
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'all', label: t('import.filter_all', { n: rows.length }) },
            {
              value: 'errors',
              label: t('import.filter_errors', { n: rows.filter((r) => blocked(r) || r.problems.some((p) => p.severity === 'error')).length }),
            },
            { value: 'warnings', label: t('import.filter_warnings', { n: rows.filter((r) => r.problems.some((p) => p.severity !== 'info')).length }) },
          ]}
        />
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          disabled={blocking.length > 0 || !!busy || counts.create + counts.link === 0}
          loading={busy?.stage === 'commit'}
          onClick={commit}
          data-testid="import-commit"
        >
          {t('import.commit', { n: counts.create + counts.link })}
        </Button>
      </div>
      {progress}
      <Table<Row>
        size="small"
        rowKey="rowNumber"
        columns={columns}
        dataSource={shown}
        scroll={{ x: 1200 }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        rowClassName={(r) => (blocked(r) ? 'import-row-error' : actionOf(r) === 'skip' ? 'import-row-skipped' : '')}
        onRow={(r) => ({ 'data-row': r.rowNumber }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
