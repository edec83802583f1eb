import { CrownOutlined, DeleteOutlined, EditOutlined, HolderOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Empty, Form, Input, Modal, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { type DragEvent, useState } from 'react';
import { CreateGroupBody } from '../../../contracts';
import { type ClassDetailT, endpoints, type GroupT } from '../../api/endpoints';
import { useGroups, useRoster, useRosterRefresh } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck, useZodRule } from '../../lib/validation';
import type { ClassPowers } from './powers';
import { useMoveToGroup } from './roster';

type Member = GroupT['members'][number];
const DRAG_TYPE = 'application/x-cohort-enrolment';

export default function GroupsTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const groupsQ = useGroups(cls.id);
  const roster = useRoster(cls.id);
  const groups = groupsQ.data ?? [];
  const move = useMoveToGroup(cls.id, groups);
  const refresh = useRosterRefresh(cls.id);
  const problem = useProblem();
  const { message } = App.useApp();
  const [over, setOver] = useState<number | 'none' | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ open: boolean; group: GroupT | null }>({ open: false, group: null });

  if (groupsQ.isPending) return <Loading />;
  if (groupsQ.error) return <ErrorState error={groupsQ.error} onRetry={() => groupsQ.refetch()} />;

  const unassigned: Member[] = (roster.data ?? [])
    .filter((e) => e.status === 'enrolled' && e.groupId === null)
    .map((e) => ({ enrolmentId: e.id, name: e.person.name, nameBo: e.person.nameBo, role: e.role, workUnit: e.person.workUnit }));

  const setLeader = async (group: GroupT, enrolmentId: number | null) => {
    try {
      await endpoints.updateGroup(group.id, { leaderEnrolmentId: enrolmentId });
      await refresh();
      message.success(t('groups.leader_set', { group: group.name }));
    } catch (e) {
      problem(e);
    }
  };
  const remove = async (group: GroupT) => {
    try {
      await endpoints.deleteGroup(group.id);
      await refresh();
      message.success(t('groups.deleted', { group: group.name }));
    } catch (e) {
      problem(e);
    }
  };

  // Native drag and drop: a member card carries its enrolment id; a column takes it.
  const dropProps = (target: number | null) => {
    const key = target ?? 'none';
    if (!powers.writeRoster) return {};
    return {
      onDragOver: (ev: DragEvent) => {
        if (!ev.dataTransfer.types.includes(DRAG_TYPE)) return;
        ev.preventDefault();
        ev.dataTransfer.dropEffect = 'move';
        if (over !== key) setOver(key);
      },
      onDragLeave: (ev: DragEvent) => {
        if (!(ev.currentTarget as HTMLElement).contains(ev.relatedTarget as Node | null)) setOver(null);
      },
      onDrop: async (ev: DragEvent) => {
        ev.preventDefault();
        setOver(null);
        const id = Number(ev.dataTransfer.getData(DRAG_TYPE));
        const from = groups.find((g) => g.members.some((m) => m.enrolmentId === id))?.id ?? null;
        if (id && from !== target) await move([id], target);
      },
    };
  };

  const memberCard = (m: Member, group: GroupT | null) => {
    const menu = powers.writeRoster
      ? {
          items: [
            ...(group && m.role !== 'group_leader'
              ? [{ key: 'leader', icon: <CrownOutlined />, label: t('groups.make_leader'), onClick: () => setLeader(group, m.enrolmentId) }]
              : []),
            ...(group && m.role === 'group_leader' ? [{ key: 'unleader', label: t('groups.unset_leader'), onClick: () => setLeader(group, null) }] : []),
            {
              key: 'move',
              label: t('roster.move_to_group'),
              children: [
                ...groups.filter((g) => g.id !== group?.id).map((g) => ({ key: `g${g.id}`, label: g.name, onClick: () => move([m.enrolmentId], g.id) })),
                ...(group ? [{ key: 'none', label: t('roster.no_group'), onClick: () => move([m.enrolmentId], null) }] : []),
              ],
            },
          ],
        }
      : null;
    return (
      <li
        key={m.enrolmentId}
        className={`member-card ${m.role === 'group_leader' ? 'is-leader' : ''} ${dragging === m.enrolmentId ? 'is-dragging' : ''}`}
        draggable={powers.writeRoster}
        data-enrolment-id={m.enrolmentId}
        onDragStart={(ev) => {
          ev.dataTransfer.setData(DRAG_TYPE, String(m.enrolmentId));
          ev.dataTransfer.setData('text/plain', m.name);
          ev.dataTransfer.effectAllowed = 'move';
          setDragging(m.enrolmentId);
        }}
        onDragEnd={() => {
          setDragging(null);
          setOver(null);
        }}
      >
        {powers.writeRoster && <HolderOutlined className="drag-handle" aria-hidden />}
        <div className="member-card-text">
          <div className="member-card-name">
            <PersonName name={m.name} nameBo={m.nameBo} />
            {m.role === 'group_leader' && (
              <Tag color="gold" className="inline-tag" icon={<CrownOutlined />}>
                {t('role.group_leader')}
              </Tag>
            )}
          </div>
          {m.workUnit && <div className="member-card-unit">{m.workUnit}</div>}
        </div>
        {menu && (
          <Dropdown menu={menu} trigger={['click']}>
            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('action.more')} />
          </Dropdown>
        )}
      </li>
    );
  };

  return (
    <div>
      {powers.rosterFrozen && <Alert type="info" showIcon title={t('roster.frozen', { status: t(`status.${cls.status}`) })} className="tab-alert" />}
      <div className="toolbar">
        <Typography.Text type="secondary">{powers.writeRoster ? t('groups.drag_hint') : t('groups.summary', { n: groups.length })}</Typography.Text>
        {powers.writeRoster && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ open: true, group: null })}>
            {t('groups.create')}
          </Button>
        )}
      </div>
      {groups.length === 0 && unassigned.length === 0 && <Empty description={t('groups.empty')} />}
      <div className="group-board">
        {groups.map((g) => (
          <Card
            key={g.id}
            size="small"
            className={`group-column ${over === g.id ? 'is-over' : ''}`}
            data-group-id={g.id}
            data-testid={`group-${g.name}`}
            title={
              <span className="group-title">
                {g.name}
                <Typography.Text type="secondary" className="group-count">
                  {t('groups.member_count', { n: g.members.length })}
                </Typography.Text>
              </span>
            }
            extra={
              powers.writeRoster && (
                <Space size={0}>
                  <Tooltip title={t('groups.rename')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing({ open: true, group: g })}
                      aria-label={t('groups.rename')}
                    />
                  </Tooltip>
                  <Popconfirm
                    title={t('groups.confirm_delete', { group: g.name })}
                    onConfirm={() => remove(g)}
                    okText={t('action.delete')}
                    cancelText={t('action.cancel')}
                  >
                    <Tooltip title={t('action.delete')}>
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} />
                    </Tooltip>
                  </Popconfirm>
                </Space>
              )
            }
            {...dropProps(g.id)}
          >
            <div className="group-leader-line">
              <CrownOutlined /> {t('fmt.label', { label: t('groups.leader'), value: '' })}
              {g.leader ? (
                <PersonName name={g.leader.name} nameBo={g.leader.nameBo} strong />
              ) : (
                <Typography.Text type="secondary">{t('groups.no_leader')}</Typography.Text>
              )}
            </div>
            <ul className="member-list">
              {g.members.length === 0 ? (
                <li className="drop-placeholder">{t('groups.drop_here')}</li>
              ) : (
                [...g.members].sort((a, b) => (a.role === b.role ? 0 : a.role === 'group_leader' ? -1 : 1)).map((m) => memberCard(m, g))
              )}
            </ul>
          </Card>
        ))}
        {(unassigned.length > 0 || (powers.writeRoster && groups.length > 0)) && (
          <Card
            size="small"
            className={`group-column unassigned ${over === 'none' ? 'is-over' : ''}`}
            data-testid="group-none"
            title={
              <span className="group-title">
                {t('roster.no_group')}
                <Typography.Text type="secondary" className="group-count">
                  {t('groups.member_count', { n: unassigned.length })}
                </Typography.Text>
              </span>
            }
            {...dropProps(null)}
          >
            <ul className="member-list">
              {unassigned.length === 0 ? <li className="drop-placeholder">{t('groups.drop_here')}</li> : unassigned.map((m) => memberCard(m, null))}
            </ul>
          </Card>
        )}
      </div>
      <GroupModal classId={cls.id} state={editing} onClose={() => setEditing({ open: false, group: null })} />
    </div>
  );
}

function GroupModal({ classId, state, onClose }: { classId: number; state: { open: boolean; group: GroupT | null }; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string }>();
  const { message } = App.useApp();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const refresh = useRosterRefresh(classId);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { name: string }) => {
    const body = check(CreateGroupBody, values, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      if (state.group) await endpoints.updateGroup(state.group.id, { name: body.data.name });
      else await endpoints.createGroup(classId, body.data);
      await refresh();
      message.success(t('groups.saved', { group: body.data.name }));
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('name'), { 'group.duplicate_name': 'name' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={state.open}
      title={state.group ? t('groups.rename_title', { group: state.group.name }) : t('groups.create')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ name: state.group?.name ?? '' }}>
        <Form.Item name="name" label={t('groups.name')} required rules={[rule(CreateGroupBody.shape.name)]}>
          <Input maxLength={50} autoFocus placeholder={t('groups.name_hint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
