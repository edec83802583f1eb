import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import type { FollowupReport, QuestionResult } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { followupApi, useFollowupReport } from './api';
import { type FollowupT, useFollowupT } from './messages';

type ClassRow = FollowupReport['classes'][number];
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** The follow-up report (organizer, sponsor): figures per class and year, then the answers. */
export function FollowupReportView({ path, name }: { path: string; name: string }) {
  const t = useFollowupT();
  const q = useFollowupReport(path);
  const problem = useProblem();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  return (
    <Card
      title={t('report')}
      data-testid="followup-report"
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => followupApi.xlsx(path, name).catch(problem)}>
          {t('xlsx')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('report_intro')}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('r.items')} value={r.total.items} suffix={`/ ${r.total.withPlan} ${t('r.plans')}`} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('r.completion')} value={pct(r.total.completionRate)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('r.trainee_rate')} value={pct(r.total.traineeRate)} suffix={`(${r.total.traineeResponses})`} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('r.supervisor_rate')}
            value={pct(r.total.supervisorRate)}
            suffix={`(${r.total.supervisorResponses}/${r.total.supervisorsNamed})`}
          />
        </Col>
      </Row>
      <Table<ClassRow>
        rowKey="classId"
        size="small"
        pagination={false}
        dataSource={r.classes}
        scroll={{ x: 800 }}
        columns={[
          { title: t('r.class'), dataIndex: 'title' },
          { title: t('r.year'), dataIndex: 'year', width: 70 },
          {
            title: t('r.state'),
            key: 'state',
            width: 110,
            render: (_, c) => (c.state === 'open' ? t('state_open', { date: '' }).replace(/，.*$/, '') : t(`state_${c.state}`)),
          },
          { title: t('r.plans'), key: 'plans', width: 90, render: (_, c) => `${c.withPlan} / ${c.enrolled}` },
          { title: t('r.items'), dataIndex: 'items', width: 80 },
          { title: t('r.done'), dataIndex: 'done', width: 70 },
          { title: t('r.partly'), dataIndex: 'partly', width: 80 },
          { title: t('r.not_yet'), dataIndex: 'notYet', width: 80 },
          { title: t('r.completion'), key: 'c', width: 90, render: (_, c) => pct(c.completionRate) },
          { title: t('r.trainee_rate'), key: 'tr', width: 100, render: (_, c) => pct(c.traineeRate) },
          { title: t('r.supervisor_rate'), key: 'sr', width: 100, render: (_, c) => pct(c.supervisorRate) },
        ]}
      />
      {r.years.length > 1 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('r.by_year')}
          </Typography.Title>
          <Table
            rowKey="year"
            size="small"
            pagination={false}
            dataSource={r.years}
            columns={[
              { title: t('r.year'), dataIndex: 'year' },
              { title: t('r.items'), dataIndex: 'items' },
              { title: t('r.completion'), key: 'c', render: (_, y) => pct(y.completionRate) },
              { title: t('r.trainee_rate'), key: 'tr', render: (_, y) => pct(y.traineeRate) },
              { title: t('r.supervisor_rate'), key: 'sr', render: (_, y) => pct(y.supervisorRate) },
            ]}
          />
        </>
      )}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Answers title={t('r.trainee_answers')} results={r.trainee} t={t} />
        </Col>
        <Col xs={24} lg={12}>
          <Answers title={t('r.supervisor_answers')} results={r.supervisor} t={t} />
        </Col>
      </Row>
    </Card>
  );
}

function Answers({ title, results, t }: { title: string; results: QuestionResult[]; t: FollowupT }) {
  return (
    <section>
      <Typography.Title level={5}>{title}</Typography.Title>
      {results.every((q) => q.answered === 0) && <Empty description={t('r.no_answers')} />}
      {results
        .filter((q) => q.answered > 0)
        .map((q) => (
          <div key={q.id} style={{ marginBottom: 12 }}>
            <Typography.Text strong>{q.text}</Typography.Text>
            {q.kind === 'rating' && (
              <div>
                <Typography.Text>{t('r.average', { n: q.average ?? '—' })}</Typography.Text>
                {q.distribution.map((d) => (
                  <Space key={d.value} style={{ display: 'flex' }}>
                    <span style={{ width: 110, display: 'inline-block' }}>
                      {d.value} {d.label}
                    </span>
                    <Progress percent={q.answered ? Math.round((d.count / q.answered) * 100) : 0} size="small" style={{ width: 200 }} format={() => d.count} />
                  </Space>
                ))}
              </div>
            )}
            {(q.kind === 'single' || q.kind === 'multiple') &&
              q.options.map((o) => (
                <Space key={o.id} style={{ display: 'flex' }}>
                  <span style={{ width: 110, display: 'inline-block' }}>{o.text}</span>
                  <Progress percent={q.answered ? Math.round((o.count / q.answered) * 100) : 0} size="small" style={{ width: 200 }} format={() => o.count} />
                </Space>
              ))}
            {q.kind === 'text' && (
              <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
                {q.comments.map((c) => (
                  <li key={`${c.by}-${c.text}`}>
                    {c.text} <Typography.Text type="secondary">—— {c.by}</Typography.Text>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
    </section>
  );
}
