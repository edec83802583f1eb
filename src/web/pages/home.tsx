import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Grid, List, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ClassSummary } from '../../contracts';
import { useClasses, useMe, useProgrammes } from '../api/queries';
import { ErrorState } from '../components/error-state';
import { StatusTag } from '../components/labels';
import { Loading } from '../components/loading';
import { useT } from '../i18n';
import { useAtT } from './attendance/messages';
import { useAuditT } from './audit/messages';
import { useSetupT } from './class-setup/messages';
import { ProgrammeDrawer, useProgrammeInstitutions } from './class-setup/programme-drawer';

type ProgrammeGroup = { id: number; name: string; sponsorName: string | null; linked: boolean; classes: ClassSummary[] };

export default function HomePage() {
  const t = useT();
  const at = useAtT();
  const { data: me } = useMe();
  const classes = useClasses();
  const programmes = useProgrammes();
  const screens = Grid.useBreakpoint();
  const st = useSetupT();
  const audit = useAuditT();
  const setup = useProgrammeInstitutions();
  const [creating, setCreating] = useState(false);
  if (classes.isPending || programmes.isPending) return <Loading />;
  if (classes.error) return <ErrorState error={classes.error} onRetry={() => classes.refetch()} />;

  // A class teacher sees classes, not whole programmes: the programme heading comes from the
  // class then, and links to the programme page only for those who may open it.
  const known = new Map((programmes.data ?? []).map((p) => [p.id, p]));
  const groups = new Map<number, ProgrammeGroup>();
  for (const p of programmes.data ?? []) groups.set(p.id, { id: p.id, name: p.name, sponsorName: p.sponsorName, linked: true, classes: [] });
  for (const c of classes.data) {
    const g = groups.get(c.programmeId) ?? { id: c.programmeId, name: c.programmeName, sponsorName: null, linked: known.has(c.programmeId), classes: [] };
    g.classes.push(c);
    groups.set(c.programmeId, g);
  }

  const columns = [
    {
      title: t('class.title'),
      dataIndex: 'title',
      render: (_: unknown, c: ClassSummary) => (
        <Link to={`/classes/${c.id}`} className="class-link">
          {c.title}
        </Link>
      ),
    },
    { title: t('class.dates'), key: 'dates', width: 220, render: (_: unknown, c: ClassSummary) => `${c.startsOn} – ${c.endsOn}` },
    { title: t('class.place'), dataIndex: 'place', width: 100 },
    { title: t('class.trainees'), dataIndex: 'traineeCount', width: 90, align: 'right' as const },
    { title: t('class.status'), dataIndex: 'status', width: 100, render: (_: unknown, c: ClassSummary) => <StatusTag status={c.status} /> },
  ];

  return (
    <div className="page">
      <div className="toolbar">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('home.title', { name: me?.displayName })}
        </Typography.Title>
        {setup.mayCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {st('programme.create')}
          </Button>
        )}
      </div>
      {(me?.isAdmin || me?.grants.some((g) => g.role === 'organizer')) && (
        <Space wrap size={[16, 4]} className="home-links">
          <Link to="/hours">{at('hr.link')}</Link>
          {me?.isAdmin &&
            setup.institutions.map((i) => (
              <Link key={i.id} to={`/institutions/${i.id}/audit`}>
                {setup.institutions.length > 1 ? `${i.name} · ${audit('audit.link')}` : audit('audit.link')}
              </Link>
            ))}
        </Space>
      )}
      <ProgrammeDrawer open={creating} onClose={() => setCreating(false)} />
      {groups.size === 0 && <Empty description={t('home.empty')} />}
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {[...groups.values()].map((g) => (
          <Card
            key={g.id}
            className="programme-card"
            title={
              <span>
                {g.linked ? <Link to={`/programmes/${g.id}`}>{g.name}</Link> : g.name}
                {g.sponsorName && (
                  <Typography.Text type="secondary" className="card-subtitle">
                    {t('programme.sponsor_is', { name: g.sponsorName })}
                  </Typography.Text>
                )}
              </span>
            }
          >
            {screens.md ? (
              <Table rowKey="id" size="middle" pagination={false} dataSource={g.classes} columns={columns} locale={{ emptyText: t('home.no_classes') }} />
            ) : (
              <List
                dataSource={g.classes}
                locale={{ emptyText: t('home.no_classes') }}
                renderItem={(c) => (
                  <List.Item>
                    <List.Item.Meta
                      title={<Link to={`/classes/${c.id}`}>{c.title}</Link>}
                      description={
                        <Space wrap size={[8, 4]}>
                          <StatusTag status={c.status} />
                          <span>
                            {c.startsOn} – {c.endsOn}
                          </span>
                          <span>{t('class.trainee_count', { n: c.traineeCount })}</span>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        ))}
      </Space>
    </div>
  );
}
