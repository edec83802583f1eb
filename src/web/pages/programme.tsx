import { CopyOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Descriptions, Grid, List, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ClassSummary } from '../../contracts';
import { useProgramme } from '../api/queries';
import { ErrorState } from '../components/error-state';
import { StatusTag } from '../components/labels';
import { Loading } from '../components/loading';
import { useT } from '../i18n';
import { ClassDrawer } from './class-setup/class-drawer';
import { CopyClassModal } from './class-setup/copy-modal';
import { useSetupT } from './class-setup/messages';
import { ProgrammeDrawer } from './class-setup/programme-drawer';
import { FollowupReportView } from './followup/report';

export default function ProgrammePage() {
  const t = useT();
  const id = Number(useParams().programmeId);
  const q = useProgramme(id);
  const screens = Grid.useBreakpoint();
  const st = useSetupT();
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const [copying, setCopying] = useState<ClassSummary | null>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  const years = p.startYear ? `${p.startYear} – ${p.endYear ?? t('programme.ongoing')}` : '—';
  const manageProgramme = p.abilities.includes('programme.manage');
  const manageClasses = p.abilities.includes('class.manage');
  const copyButton = (c: ClassSummary) =>
    manageClasses && (
      <Button size="small" type="link" icon={<CopyOutlined />} onClick={() => setCopying(c)} data-testid={`copy-class-${c.id}`}>
        {st('copy.button')}
      </Button>
    );

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: p.name }]} />
      <div className="toolbar">
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>
          {p.name}
        </Typography.Title>
        <Space wrap>
          {manageProgramme && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {st('programme.edit')}
            </Button>
          )}
          {manageClasses && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {st('class.create')}
            </Button>
          )}
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('programme.sponsor')}>{p.sponsorName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('programme.years')}>{years}</Descriptions.Item>
              <Descriptions.Item label={t('programme.description')}>{p.description ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card>
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t('programme.classes')} value={p.classCount} />
              </Col>
              <Col span={8}>
                <Statistic title={t('programme.trainees')} value={p.traineeCount} />
              </Col>
              <Col span={8}>
                <Statistic title={t('programme.hours')} value={p.totalHours} precision={p.totalHours % 1 ? 1 : 0} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <Card title={t('programme.class_list')} style={{ marginTop: 16 }}>
        {screens.md ? (
          <Table<ClassSummary>
            rowKey="id"
            pagination={false}
            dataSource={p.classes}
            locale={{ emptyText: t('home.no_classes') }}
            columns={[
              { title: t('class.title'), dataIndex: 'title', render: (_, c) => <Link to={`/classes/${c.id}`}>{c.title}</Link> },
              { title: t('class.year'), key: 'year', width: 80, render: (_, c) => c.startsOn.slice(0, 4) },
              { title: t('class.dates'), key: 'dates', width: 220, render: (_, c) => `${c.startsOn} – ${c.endsOn}` },
              { title: t('class.trainees'), dataIndex: 'traineeCount', width: 90, align: 'right' },
              { title: t('class.status'), dataIndex: 'status', width: 100, render: (_, c) => <StatusTag status={c.status} /> },
              ...(manageClasses ? [{ title: '', key: 'copy', width: 140, render: (_: unknown, c: ClassSummary) => copyButton(c) }] : []),
            ]}
          />
        ) : (
          <List
            dataSource={p.classes}
            renderItem={(c) => (
              <List.Item actions={manageClasses ? [copyButton(c)] : []}>
                <List.Item.Meta
                  title={<Link to={`/classes/${c.id}`}>{c.title}</Link>}
                  description={
                    <Space wrap>
                      <StatusTag status={c.status} />
                      {c.startsOn} – {c.endsOn}
                      <span>{t('class.trainee_count', { n: c.traineeCount })}</span>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {p.abilities.includes('followup.report') && (
        <div style={{ marginTop: 16 }}>
          <FollowupReportView path={`/api/v1/programmes/${p.id}/followup/report`} name={p.name} />
        </div>
      )}
      <ProgrammeDrawer open={editing} onClose={() => setEditing(false)} programme={p} />
      <ClassDrawer open={creating} onClose={() => setCreating(false)} programmeId={p.id} />
      <CopyClassModal source={copying} onClose={() => setCopying(null)} />
    </div>
  );
}
