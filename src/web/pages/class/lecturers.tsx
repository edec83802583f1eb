import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, Grid, Input, List, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { CreateLecturerBody, UpdateLecturerBody } from '../../../contracts';
import { type ClassDetailT, endpoints, type LecturerT } from '../../api/endpoints';
import { keys, useLecturer, useLecturers, useStaffAccounts } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { KindTag } from '../../components/labels';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { inZone } from '../../lib/time';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { LecturerRatingsPanel, LecturerScoreCell, useLecturerScores } from '../evaluations/lecturer-ratings';
import type { ClassPowers } from './powers';
import { usePlT } from './timetable/messages';

const collator = new Intl.Collator('zh-CN');

export default function LecturersTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const q = useLecturers(cls.institutionId);
  // Evaluation scores, for those who may read them institution-wide (organizers); null otherwise.
  const scores = useLecturerScores(cls.institutionId);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ open: boolean; lecturer: LecturerT | null }>({ open: false, lecturer: null });
  const pt = usePlT();
  const rows = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (q.data ?? []).filter((l) => {
      const hay = [l.name, l.title, l.organisation, l.expertise].filter(Boolean).join(' ').toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [q.data, query]);

  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  return (
    <div>
      <div className="toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('lecturers.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="toolbar-search"
          aria-label={t('lecturers.search')}
        />
        {powers.manageInstitution && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ open: true, lecturer: null })}>
            {t('lecturers.create')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('lecturers.hint')}</Typography.Paragraph>
      {screens.md ? (
        <Table<LecturerT>
          rowKey="id"
          size="small"
          loading={q.isPending}
          dataSource={rows}
          pagination={false}
          onRow={(l) => ({ onClick: () => setShown(l.id), className: 'clickable-row' })}
          columns={[
            {
              title: t('lecturer.name'),
              dataIndex: 'name',
              width: 160,
              sorter: (a, b) => collator.compare(a.name, b.name),
              render: (v) => <span className="link-like">{v}</span>,
            },
            { title: t('lecturer.title'), dataIndex: 'title', width: 120, render: (v) => v ?? '—' },
            { title: t('lecturer.organisation'), dataIndex: 'organisation', render: (v) => v ?? '—' },
            { title: t('lecturer.expertise'), dataIndex: 'expertise', render: (v) => v ?? '—' },
            { title: t('lecturer.session_count'), dataIndex: 'sessionCount', width: 110, align: 'right', sorter: (a, b) => a.sessionCount - b.sessionCount },
            ...(powers.manageInstitution
              ? [
                  {
                    title: pt('pl.lecturer.account'),
                    key: 'account',
                    width: 150,
                    render: (_: unknown, l: LecturerT) =>
                      l.account ? (
                        <span title={l.account.displayName}>{l.account.username}</span>
                      ) : (
                        <Typography.Text type="secondary">{pt('pl.lecturer.no_account')}</Typography.Text>
                      ),
                  },
                ]
              : []),
            ...(scores
              ? [
                  {
                    title: t('lecturer.score'),
                    key: 'score',
                    width: 100,
                    align: 'right' as const,
                    sorter: (a: LecturerT, b: LecturerT) => (scores.get(a.id)?.score ?? 0) - (scores.get(b.id)?.score ?? 0),
                    render: (_: unknown, l: LecturerT) => <LecturerScoreCell value={scores.get(l.id)} />,
                  },
                ]
              : []),
            ...(powers.manageInstitution
              ? [
                  {
                    title: '',
                    key: 'edit',
                    width: 56,
                    render: (_: unknown, l: LecturerT) => (
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('action.edit')}
                        onClick={(e) => {
                          e.stopPropagation();
                          setEditing({ open: true, lecturer: l });
                        }}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <List
          loading={q.isPending}
          dataSource={rows}
          renderItem={(l) => (
            <List.Item onClick={() => setShown(l.id)} className="clickable-row">
              <List.Item.Meta
                title={
                  <span>
                    {l.name} {l.title && <Typography.Text type="secondary">{l.title}</Typography.Text>}
                  </span>
                }
                description={[l.organisation, t('lecturers.sessions_n', { n: l.sessionCount })].filter(Boolean).join(' · ')}
              />
            </List.Item>
          )}
        />
      )}
      <LecturerDetailDrawer id={shown} timeZone={cls.timeZone} onClose={() => setShown(null)} />
      <LecturerFormDrawer institutionId={cls.institutionId} state={editing} onClose={() => setEditing({ open: false, lecturer: null })} />
    </div>
  );
}

function LecturerDetailDrawer({ id, timeZone, onClose }: { id: number | null; timeZone: string; onClose: () => void }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const q = useLecturer(id);
  const l = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} title={l?.name ?? ''} size={screens.sm ? 600 : '100%'} loading={q.isPending}>
      {q.error && <ErrorState error={q.error} />}
      {l && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('lecturer.title')}>{l.title ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('lecturer.organisation')}>{l.organisation ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('lecturer.expertise')}>{l.expertise ?? '—'}</Descriptions.Item>
            {l.bio && <Descriptions.Item label={t('lecturer.bio')}>{l.bio}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} className="drawer-section">
            {t('lecturers.taught', { n: l.sessions.length })}
          </Typography.Title>
          <List
            size="small"
            dataSource={l.sessions}
            locale={{ emptyText: t('lecturers.none_taught') }}
            renderItem={(s) => (
              <List.Item>
                <div>
                  <Space wrap size={6}>
                    <span className="mono">{inZone(s.startsAt, timeZone).format('YYYY-MM-DD HH:mm')}</span>
                    <KindTag kind={s.kind} />
                    <strong>{s.title}</strong>
                    <Typography.Text type="secondary">{t('session.hours_value', { n: s.hours })}</Typography.Text>
                  </Space>
                  <div>
                    <Typography.Text type="secondary">{s.classTitle}</Typography.Text>
                  </div>
                </div>
              </List.Item>
            )}
          />
          <LecturerRatingsPanel lecturerId={id} timeZone={timeZone} />
        </>
      )}
    </Drawer>
  );
}

type LecturerValues = { name: string; title?: string; organisation?: string; expertise?: string; bio?: string; phone?: string; userId?: number | null };
const LECTURER_FIELDS = ['name', 'title', 'organisation', 'expertise', 'bio', 'phone'] as const;

/**
 * Creates or edits a pool entry, and (for organizers) ties it to a staff account, which then gets
 * the lecturer role in the classes it teaches. Also opened from the session form, which selects it.
 */
export function LecturerFormDrawer({
  institutionId,
  state,
  onClose,
  onSaved,
}: {
  institutionId: number;
  state: { open: boolean; lecturer: LecturerT | null };
  onClose: () => void;
  onSaved?: (lecturer: { id: number; name: string }) => void;
}) {
  const pt = usePlT();
  const accounts = useStaffAccounts(institutionId, state.open);
  const t = useT();
  const [form] = Form.useForm<LecturerValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const [busy, setBusy] = useState(false);
  const f = CreateLecturerBody.shape;

  useEffect(() => {
    if (!state.open) return;
    form.resetFields();
    const l = state.lecturer;
    if (l)
      form.setFieldsValue({
        name: l.name,
        title: l.title ?? '',
        organisation: l.organisation ?? '',
        expertise: l.expertise ?? '',
        bio: l.bio ?? '',
        userId: l.account?.id ?? null,
      });
  }, [state, form]);

  const submit = async (values: LecturerValues) => {
    const raw = Object.fromEntries(LECTURER_FIELDS.map((k) => [k, values[k] ?? '']));
    // The phone is not shown back (it is not in the list answer); leaving it empty keeps it.
    if (state.lecturer && raw.phone === '') delete raw.phone;
    setBusy(true);
    try {
      let saved: { id: number; name: string };
      if (state.lecturer) {
        const body = check(UpdateLecturerBody, raw, form);
        if (!body.ok) return;
        saved = await endpoints.updateLecturer(state.lecturer.id, body.data);
      } else {
        const body = check(CreateLecturerBody, raw, form);
        if (!body.ok) return;
        saved = await endpoints.createLecturer(institutionId, body.data);
      }
      const userId = values.userId ?? null;
      if (userId !== (state.lecturer?.account?.id ?? null)) await endpoints.setLecturerUser(saved.id, userId);
      await Promise.all([qc.invalidateQueries({ queryKey: keys.lecturers(institutionId) }), qc.invalidateQueries({ queryKey: ['lecturer'] })]);
      message.success(t('lecturers.saved', { name: raw.name as string }));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn(...LECTURER_FIELDS, 'userId'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={state.open}
      onClose={onClose}
      title={state.lecturer ? t('lecturers.edit_title', { name: state.lecturer.name }) : t('lecturers.create')}
      width={520}
      form={form}
      busy={busy}
      onFinish={submit}
    >
      <Form.Item name="name" label={t('lecturer.name')} required rules={[rule(f.name)]}>
        <Input />
      </Form.Item>
      <Form.Item name="title" label={t('lecturer.title')} rules={[rule(f.title)]}>
        <Input placeholder={t('lecturer.title_hint')} />
      </Form.Item>
      <Form.Item name="organisation" label={t('lecturer.organisation')} rules={[rule(f.organisation)]}>
        <Input />
      </Form.Item>
      <Form.Item name="expertise" label={t('lecturer.expertise')} rules={[rule(f.expertise)]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('lecturer.phone')} rules={[rule(f.phone)]}>
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item name="bio" label={t('lecturer.bio')} rules={[rule(f.bio)]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="userId" label={pt('pl.lecturer.account')} extra={pt('pl.lecturer.account_hint')}>
        <Select
          allowClear
          loading={accounts.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={pt('pl.lecturer.no_account')}
          options={(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }))}
        />
      </Form.Item>
    </FormDrawer>
  );
}
