import { CrownOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Descriptions, Select, Space, Typography } from 'antd';
import { Committee, type CommitteeRole } from '../../../contracts';
import { api } from '../../api/client';
import { type ClassDetailT, endpoints } from '../../api/endpoints';
import { useRoster, useRosterRefresh } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { type BusKey, useBusT } from '../transport/messages';

export const committeeApi = {
  get: (classId: number) => api('GET', `/api/v1/classes/${classId}/committee`, { schema: Committee }),
  set: (classId: number, role: CommitteeRole, enrolmentId: number | null) =>
    api('PUT', `/api/v1/classes/${classId}/committee/${role}`, { body: { enrolmentId }, schema: Committee }),
};
export const useCommittee = (classId: number) => useQuery({ queryKey: ['committee', classId], queryFn: () => committeeApi.get(classId) });

/** 班委: the class teacher names the committee and the group leaders (the roster's leaders). */
export default function CommitteeTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useBusT();
  const q = useCommittee(cls.id);
  const roster = useRoster(cls.id);
  const qc = useQueryClient();
  const refreshRoster = useRosterRefresh(cls.id);
  const problem = useProblem();
  const { message } = App.useApp();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const write = powers.writeRoster;
  const trainees = (roster.data ?? []).filter((e) => e.status === 'enrolled');
  const options = (groupId?: number) =>
    trainees
      .filter((e) => groupId === undefined || e.groupId === groupId)
      .map((e) => ({ value: e.id, label: `${e.person.name}${e.groupName ? ` · ${e.groupName}` : ''}` }));
  const setRole = async (role: CommitteeRole, enrolmentId: number | null) => {
    try {
      qc.setQueryData(['committee', cls.id], await committeeApi.set(cls.id, role, enrolmentId));
      message.success(t('cm.saved', { role: t(`cm.role.${role}` as BusKey) }));
    } catch (e) {
      problem(e);
    }
  };
  const setLeader = async (groupId: number, groupName: string, enrolmentId: number | null) => {
    try {
      await endpoints.updateGroup(groupId, { leaderEnrolmentId: enrolmentId });
      await Promise.all([refreshRoster(), q.refetch()]);
      message.success(t('cm.saved', { role: `${groupName}组长` }));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      {powers.rosterFrozen && <Alert type="info" message={t('cm.frozen')} />}
      <Card title={t('cm.title')} size="small">
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          {q.data.roles.map((r) => (
            <Descriptions.Item key={r.role} label={t(`cm.role.${r.role}` as BusKey)}>
              {write ? (
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 220 }}
                  aria-label={t(`cm.role.${r.role}` as BusKey)}
                  placeholder={t('cm.pick')}
                  value={r.member?.enrolmentId ?? null}
                  options={options()}
                  onChange={(v: number | undefined) => setRole(r.role, v ?? null)}
                />
              ) : r.member ? (
                <PersonName name={r.member.name} nameBo={r.member.nameBo} />
              ) : (
                '—'
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card
        title={
          <Space>
            <CrownOutlined /> {t('cm.group_leaders')}
          </Space>
        }
        size="small"
      >
        <Typography.Paragraph type="secondary">{t('cm.leader_hint')}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          {q.data.groupLeaders.map((g) => (
            <Descriptions.Item key={g.groupId} label={g.groupName}>
              {write ? (
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 220 }}
                  aria-label={`${g.groupName} ${t('cm.group_leaders')}`}
                  placeholder={t('cm.pick')}
                  value={g.leader?.enrolmentId ?? null}
                  options={options(g.groupId)}
                  onChange={(v: number | undefined) => setLeader(g.groupId, g.groupName, v ?? null)}
                />
              ) : g.leader ? (
                <PersonName name={g.leader.name} nameBo={g.leader.nameBo} />
              ) : (
                '—'
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
    </Space>
  );
}
