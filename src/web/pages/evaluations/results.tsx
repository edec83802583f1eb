import { ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Drawer, Empty, Grid, List, Row, Space, Statistic, Table, Typography } from 'antd';
import type { QuestionnaireResults, QuestionnaireSummary, QuestionResult } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { inZone } from '../../lib/time';
import { useEvaluationRefresh, useResults } from './api';
import { EChart, RATING_COLOURS, shortLabel } from './chart';
import { type EvT, percent, score, useEvT } from './messages';

function ratingOption(q: QuestionResult) {
  return {
    grid: { left: 8, right: 8, top: 22, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: q.distribution.map((d) => `${d.value} ${d.label}`), axisLabel: { fontSize: 11, interval: 0, hideOverlap: false } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: q.distribution.map((d, i) => ({ value: d.count, itemStyle: { color: RATING_COLOURS[i] } })),
        label: { show: true, position: 'top' },
      },
    ],
  };
}

function choiceOption(q: QuestionResult) {
  return {
    grid: { left: 8, right: 36, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: q.options.map((o) => shortLabel(o.text, 14)).reverse() },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: '#1d5fa7' },
        data: q.options.map((o) => o.count).reverse(),
        label: { show: true, position: 'right' },
      },
    ],
  };
}

function QuestionCard({ q, index, t }: { q: QuestionResult; index: number; t: EvT }) {
  const head = (
    <span className="ev-q-title">
      {index + 1}. {q.text}
    </span>
  );
  if (q.kind === 'text') {
    return (
      <Card
        size="small"
        title={head}
        className="ev-q-card"
        extra={<Typography.Text type="secondary">{t('ev.results.comments', { n: q.comments.length })}</Typography.Text>}
      >
        {q.comments.length ? (
          <List
            size="small"
            dataSource={q.comments}
            renderItem={(c) => (
              <List.Item>
                <span className="prewrap">{c.text}</span>
                {c.by && <Typography.Text type="secondary"> — {c.by}</Typography.Text>}
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t('ev.results.no_comments')}</Typography.Text>
        )}
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={head}
      className="ev-q-card"
      data-question={q.id}
      extra={
        <Space size={12}>
          <Typography.Text type="secondary">{t('ev.results.answered_n', { n: q.answered })}</Typography.Text>
          {q.kind === 'rating' && <strong className="mono">{t('ev.results.average_short', { value: score(q.average) })}</strong>}
        </Space>
      }
    >
      {q.kind === 'rating' ? (
        <EChart label={q.text} height={170} option={ratingOption(q)} />
      ) : (
        <EChart label={q.text} height={Math.max(90, 24 + q.options.length * 26)} option={choiceOption(q)} />
      )}
    </Card>
  );
}

export function ResultsView({ results, timeZone }: { results: QuestionnaireResults; timeZone: string }) {
  const t = useEvT();
  const s = results.questionnaire;
  return (
    <div className="ev-results" data-testid="ev-results">
      <Row gutter={[12, 12]} className="ev-gap">
        <Col xs={12} sm={8} data-testid="ev-answered">
          <Statistic title={t('ev.summary.answered')} value={s.answered} suffix={`/ ${s.expected}`} />
        </Col>
        <Col xs={12} sm={8} data-testid="ev-rate">
          <Statistic title={t('ev.summary.rate')} value={percent(s.responseRate)} />
        </Col>
        <Col xs={12} sm={8} data-testid="ev-average">
          <Statistic title={t('ev.col.average')} value={score(s.average)} />
        </Col>
      </Row>
      {s.session && (
        <Typography.Paragraph type="secondary">
          {inZone(s.session.startsAt, timeZone).format('YYYY-MM-DD HH:mm')} {s.session.lecturers.map((l) => l.name).join('、')}
        </Typography.Paragraph>
      )}
      {results.responses === 0 && <Empty description={t('ev.results.none')} className="ev-gap" />}
      {results.responses > 0 && (
        <>
          {results.questions.map((q, i) => (
            <QuestionCard key={q.id} q={q} index={i} t={t} />
          ))}
          {results.byGroup && (
            <Card size="small" title={t('ev.results.by_group')} className="ev-q-card">
              {results.byGroup.groups.length > 0 ? (
                <Table
                  size="small"
                  rowKey="groupId"
                  pagination={false}
                  dataSource={results.byGroup.groups}
                  columns={[
                    { title: t('ev.col.group'), dataIndex: 'name' },
                    { title: t('ev.col.responses'), dataIndex: 'responses', align: 'right', width: 90 },
                    { title: t('ev.col.average'), dataIndex: 'average', align: 'right', width: 90, render: (v: number | null) => score(v) },
                  ]}
                />
              ) : (
                <Typography.Text type="secondary">{t('ev.results.no_groups', { min: results.byGroup.minGroupSize })}</Typography.Text>
              )}
              {results.byGroup.hiddenGroups > 0 && results.byGroup.groups.length > 0 && (
                <Typography.Paragraph type="secondary" className="ev-small ev-top">
                  {t('ev.results.hidden_groups', { n: results.byGroup.hiddenGroups, min: results.byGroup.minGroupSize })}
                </Typography.Paragraph>
              )}
            </Card>
          )}
        </>
      )}
    </div>
  );
}

export function ResultsDrawer({
  classId,
  timeZone,
  questionnaire,
  canRemind,
  onClose,
  onNonRespondents,
}: {
  classId: number;
  timeZone: string;
  questionnaire: QuestionnaireSummary | null;
  canRemind: boolean;
  onClose: () => void;
  onNonRespondents: (q: QuestionnaireSummary) => void;
}) {
  const t = useEvT();
  const screens = Grid.useBreakpoint();
  const q = useResults(classId, questionnaire?.id ?? null, questionnaire?.state === 'open');
  // Refreshing the results refreshes the list behind them too (its counts and averages).
  const refresh = useEvaluationRefresh(classId);
  const title = questionnaire ? (questionnaire.session ? questionnaire.title : t('ev.class_questionnaire')) : '';
  return (
    <Drawer
      open={questionnaire !== null}
      onClose={onClose}
      title={t('ev.results.title', { title })}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => refresh()} loading={q.isFetching} aria-label={t('ev.results.refresh')} />
          {canRemind && questionnaire && (
            <Button icon={<TeamOutlined />} onClick={() => onNonRespondents(questionnaire)}>
              {t('ev.action.non_respondents')}
            </Button>
          )}
        </Space>
      }
    >
      {q.error && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.isPending && questionnaire && <Loading />}
      {q.data && <ResultsView results={q.data} timeZone={timeZone} />}
    </Drawer>
  );
}
