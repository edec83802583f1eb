import {
  DownOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  MoreOutlined,
  PlusOutlined,
  SearchOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Empty, Form, Grid, Input, List, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { WithdrawBody } from '../../../contracts';
import { type ClassDetailT, type EnrolmentT, endpoints, type GroupT } from '../../api/endpoints';
import { useGroups, useRoster, useRosterRefresh } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { useCommitteeTags } from '../committee/tags';
import { RosterIoButtons } from '../roster-io/exports';
import { EnrolmentDrawer } from './enrolment-drawer';
import type { ClassPowers } from './powers';

const collator = new Intl.Collator('zh-CN');
const cmp = (a: string | null | undefined, b: string | null | undefined) => collator.compare(a ?? '', b ?? '');

function matches(e: EnrolmentT, q: string) {
  if (!q) return true;
  const p = e.person;
  // An office phone is found with or without its dash (0894-5821234, 08945821234), as on the server.
  const hay = [
    p.name,
    p.nameBo,
    p.nameLatin,
    p.workUnit,
    p.position,
    p.rank,
    p.phone,
    p.officePhone,
    p.officePhone?.replace(/-/g, ''),
    p.ethnicity,
    e.groupName,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** Moves trainees between groups; the roster's bulk action and the groups board both use it. */
export function useMoveToGroup(classId: number, groups: GroupT[]) {
  const t = useT();
  const { message } = App.useApp();
  const problem = useProblem();
  const refresh = useRosterRefresh(classId);
  return async (enrolmentIds: number[], groupId: number | null) => {
    try {
      await endpoints.move(classId, enrolmentIds, groupId);
      await refresh();
      const name = groupId === null ? t('roster.no_group') : (groups.find((g) => g.id === groupId)?.name ?? '');
      message.success(t('roster.moved', { n: enrolmentIds.length, group: name }));
      return true;
    } catch (e) {
      problem(e);
      return false;
    }
  };
}

export default function RosterTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [withdrawn, setWithdrawn] = useState(false);
  const roster = useRoster(cls.id, withdrawn);
  const groupsQ = useGroups(cls.id);
  const groups = groupsQ.data ?? [];
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [drawer, setDrawer] = useState<{ open: boolean; editing: EnrolmentT | null }>({ open: false, editing: null });
  const [withdrawing, setWithdrawing] = useState<EnrolmentT | null>(null);
  const [revealed, setRevealed] = useState<Record<number, string>>({});
  const move = useMoveToGroup(cls.id, groups);
  const problem = useProblem();
  // The class committee (#18): each trainee's 班委 role beside their group role.
  const committeeTag = useCommitteeTags(cls.id);

  const groupOrder = useMemo(() => new Map(groups.map((g) => [g.id, g.sortOrder])), [groups]);
  const byGroup = (a: EnrolmentT, b: EnrolmentT) => (groupOrder.get(a.groupId ?? -1) ?? 9999) - (groupOrder.get(b.groupId ?? -1) ?? 9999);
  // Unsorted, the roster reads like the class list on paper: by group, the leader first.
  const rows = (roster.data ?? [])
    .filter((e) => matches(e, query.trim()))
    .sort((a, b) => byGroup(a, b) || (a.role === b.role ? 0 : a.role === 'group_leader' ? -1 : 1) || cmp(a.person.name, b.person.name));

  const otherDocuments = (roster.data ?? []).some((e) => e.person.idType && e.person.idType !== 'resident_id');

  if (roster.error) return <ErrorState error={roster.error} onRetry={() => roster.refetch()} />;

  const reveal = async (e: EnrolmentT) => {
    try {
      const r = await endpoints.revealIdNumber(e.id);
      setRevealed((m) => ({ ...m, [e.id]: r.idNumber ?? t('roster.no_id_number') }));
    } catch (err) {
      problem(err);
    }
  };
  const hide = (id: number) =>
    setRevealed((m) => {
      const { [id]: _, ...rest } = m;
      return rest;
    });

  const moveSelected = async (groupId: number | null) => {
    if (await move(selected, groupId)) setSelected([]);
  };
  const moveMenu = (onPick: (groupId: number | null) => void) => ({
    items: [...groups.map((g) => ({ key: String(g.id), label: g.name })), { type: 'divider' as const }, { key: 'none', label: t('roster.no_group') }],
    onClick: ({ key }: { key: string }) => onPick(key === 'none' ? null : Number(key)),
  });

  const idCell = (e: EnrolmentT) => {
    if (!e.person.idNumberMasked) return <Typography.Text type="secondary">—</Typography.Text>;
    const full = revealed[e.id];
    const type = e.person.idType && e.person.idType !== 'resident_id' ? e.person.idType : null;
    return (
      <Space size={4}>
        {type && (
          <Tag className="id-type" data-testid="id-type-tag">
            {t(`id_type.${type}`)}
          </Tag>
        )}
        <span className="mono">{full ?? e.person.idNumberMasked}</span>
        {powers.revealIdNumber &&
          (full ? (
            <Tooltip title={t('roster.hide_id')}>
              <Button size="small" type="text" icon={<EyeInvisibleOutlined />} onClick={() => hide(e.id)} aria-label={t('roster.hide_id')} />
            </Tooltip>
          ) : (
            <Tooltip title={t('roster.reveal_id')}>
              <Button size="small" type="text" icon={<EyeOutlined />} onClick={() => reveal(e)} aria-label={t('roster.reveal_id')} />
            </Tooltip>
          ))}
      </Space>
    );
  };

  const rowActions = (e: EnrolmentT) =>
    powers.writeRoster && e.status === 'enrolled' ? (
      <Space size={0}>
        <Tooltip title={t('action.edit')}>
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ open: true, editing: e })} aria-label={t('action.edit')} />
        </Tooltip>
        <Tooltip title={t('roster.withdraw')}>
          <Button type="text" size="small" danger icon={<UserDeleteOutlined />} onClick={() => setWithdrawing(e)} aria-label={t('roster.withdraw')} />
        </Tooltip>
      </Space>
    ) : null;

  const columns: ColumnsType<EnrolmentT> = [
    {
      title: t('person.name'),
      key: 'name',
      fixed: 'left',
      width: 160,
      sorter: (a, b) => cmp(a.person.name, b.person.name),
      render: (_, e) => (
        <span>
          <PersonName name={e.person.name} nameBo={e.person.nameBo} stacked />
          {e.status === 'withdrawn' && (
            <Tooltip title={e.withdrawnReason}>
              <Tag color="red" className="inline-tag">
                {t('roster.withdrawn')}
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: t('person.gender'),
      key: 'gender',
      width: 76,
      sorter: (a, b) => cmp(a.person.gender, b.person.gender),
      render: (_, e) => (e.person.gender ? t(`gender.${e.person.gender}`) : '—'),
    },
    {
      title: t('person.ethnicity'),
      key: 'ethnicity',
      width: 96,
      sorter: (a, b) => cmp(a.person.ethnicity, b.person.ethnicity),
      render: (_, e) => e.person.ethnicity ?? '—',
    },
    { title: t('person.work_unit'), key: 'workUnit', sorter: (a, b) => cmp(a.person.workUnit, b.person.workUnit), render: (_, e) => e.person.workUnit ?? '—' },
    {
      title: t('person.position'),
      key: 'position',
      width: 100,
      sorter: (a, b) => cmp(a.person.position, b.person.position),
      render: (_, e) => e.person.position ?? '—',
    },
    { title: t('person.rank'), key: 'rank', width: 100, sorter: (a, b) => cmp(a.person.rank, b.person.rank), render: (_, e) => e.person.rank ?? '—' },
    { title: t('person.phone'), key: 'phone', width: 118, render: (_, e) => (e.person.phone ? <span className="mono">{e.person.phone}</span> : '—') },
    {
      title: t('person.office_phone'),
      key: 'officePhone',
      width: 124,
      render: (_, e) => (e.person.officePhone ? <span className="mono">{e.person.officePhone}</span> : '—'),
    },
    // 身份证号 only while every document is one; a passport or a travel permit makes it 证件号码 (each cell tagged with its type).
    { title: otherDocuments ? t('person.document_number') : t('person.id_number'), key: 'id', width: 200, render: (_, e) => idCell(e) },
    {
      title: t('roster.group'),
      key: 'group',
      width: 90,
      sorter: byGroup,
      render: (_, e) => e.groupName ?? <Typography.Text type="secondary">{t('roster.no_group')}</Typography.Text>,
    },
    {
      title: t('roster.role'),
      key: 'role',
      width: 72,
      sorter: (a, b) => cmp(a.role, b.role),
      render: (_, e) => (
        <>
          {e.role === 'group_leader' ? <Tag color="gold">{t('role.group_leader')}</Tag> : t('role.member')}
          {committeeTag(e.id)}
        </>
      ),
    },
  ];
  if (powers.writeRoster) columns.push({ title: '', key: 'actions', width: 76, fixed: 'right', render: (_, e) => rowActions(e) });

  const toolbar = (
    <div className="toolbar">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('roster.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="toolbar-search"
        aria-label={t('roster.search')}
      />
      <Space wrap>
        <Space size={6}>
          <Switch size="small" checked={withdrawn} onChange={setWithdrawn} id="show-withdrawn" />
          <label htmlFor="show-withdrawn">{t('roster.show_withdrawn')}</label>
        </Space>
        <RosterIoButtons cls={cls} powers={powers} />
        {powers.writeRoster && (
          <>
            <Dropdown menu={moveMenu(moveSelected)} disabled={selected.length === 0} trigger={['click']}>
              <Button data-testid="bulk-move">
                {t('roster.move_to_group')}
                {selected.length > 0 && ` (${selected.length})`} <DownOutlined />
              </Button>
            </Dropdown>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, editing: null })}>
              {t('roster.add')}
            </Button>
          </>
        )}
      </Space>
    </div>
  );

  return (
    <div>
      {powers.rosterFrozen && <Alert type="info" showIcon title={t('roster.frozen', { status: t(`status.${cls.status}`) })} className="tab-alert" />}
      {toolbar}
      <Typography.Text type="secondary" className="count-line">
        {t('roster.count', { shown: rows.length, total: roster.data?.length ?? 0 })}
      </Typography.Text>
      {screens.md ? (
        <Table<EnrolmentT>
          rowKey="id"
          size="small"
          loading={roster.isPending}
          dataSource={rows}
          columns={columns}
          scroll={{ x: 1280 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          rowSelection={
            powers.writeRoster
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (e) => ({ disabled: e.status !== 'enrolled', 'aria-label': e.person.name }),
                }
              : undefined
          }
          rowClassName={(e) => (e.status === 'withdrawn' ? 'row-withdrawn' : '')}
          locale={{ emptyText: <Empty description={query ? t('roster.no_match') : t('roster.empty')} /> }}
        />
      ) : (
        <List
          loading={roster.isPending}
          dataSource={rows}
          locale={{ emptyText: query ? t('roster.no_match') : t('roster.empty') }}
          pagination={rows.length > 30 ? { pageSize: 30, size: 'small' } : false}
          renderItem={(e) => (
            <Card size="small" className={`trainee-card ${e.status === 'withdrawn' ? 'row-withdrawn' : ''}`}>
              <div className="trainee-card-head">
                <PersonName name={e.person.name} nameBo={e.person.nameBo} strong />
                <Space size={4}>
                  {e.groupName && <Tag>{e.groupName}</Tag>}
                  {e.role === 'group_leader' && <Tag color="gold">{t('role.group_leader')}</Tag>}
                  {committeeTag(e.id)}
                  {e.status === 'withdrawn' && <Tag color="red">{t('roster.withdrawn')}</Tag>}
                  {powers.writeRoster && e.status === 'enrolled' && (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: [
                          { key: 'edit', label: t('action.edit'), onClick: () => setDrawer({ open: true, editing: e }) },
                          {
                            key: 'move',
                            label: t('roster.move_to_group'),
                            children: [...groups.map((g) => ({ key: `g${g.id}`, label: g.name, onClick: () => move([e.id], g.id) }))],
                          },
                          { key: 'withdraw', danger: true, label: t('roster.withdraw'), onClick: () => setWithdrawing(e) },
                        ],
                      }}
                    >
                      <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('action.more')} />
                    </Dropdown>
                  )}
                </Space>
              </div>
              <div className="trainee-card-body">
                {[e.person.workUnit, e.person.position].filter(Boolean).join(' · ') || '—'}
                <div className="trainee-card-meta">
                  {[e.person.gender && t(`gender.${e.person.gender}`), e.person.ethnicity, e.person.rank].filter(Boolean).join(' · ')}
                  {e.person.phone && (
                    <a href={`tel:${e.person.phone}`} className="mono">
                      {e.person.phone}
                    </a>
                  )}
                  {e.person.officePhone && (
                    <a href={`tel:${e.person.officePhone.replace('-', '')}`} className="mono">
                      {e.person.officePhone}
                    </a>
                  )}
                </div>
                {e.person.idNumberMasked && <div className="trainee-card-meta">{idCell(e)}</div>}
              </div>
            </Card>
          )}
        />
      )}
      <EnrolmentDrawer
        classId={cls.id}
        groups={groups}
        open={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
        dietary={cls.abilities.includes('meals.write') && !powers.rosterFrozen ? 'write' : cls.abilities.includes('meals.read') ? 'read' : null}
      />
      <WithdrawModal classId={cls.id} enrolment={withdrawing} onClose={() => setWithdrawing(null)} />
    </div>
  );
}

function WithdrawModal({ classId, enrolment, onClose }: { classId: number; enrolment: EnrolmentT | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const refresh = useRosterRefresh(classId);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { reason: string }) => {
    if (!enrolment) return;
    const body = check(WithdrawBody, values, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      await endpoints.withdraw(enrolment.id, body.data.reason);
      await refresh();
      message.success(t('roster.withdrawn_done', { name: enrolment.person.name }));
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('reason'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!enrolment}
      title={t('roster.withdraw_title', { name: enrolment?.person.name })}
      okText={t('roster.withdraw')}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t('action.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('roster.withdraw_hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="reason" label={t('roster.withdraw_reason')} required rules={[rule(WithdrawBody.shape.reason)]}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
