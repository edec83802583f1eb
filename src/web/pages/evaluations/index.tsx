import {
  BarChartOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  QrcodeOutlined,
  SettingOutlined,
  SnippetsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Dropdown, Grid, List, Progress, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { QuestionnaireState, QuestionnaireSummary } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { KindTag } from '../../components/labels';
import { Loading } from '../../components/loading';
import { inZone } from '../../lib/time';
import { useClassEvaluations } from './api';
import { EChart, scoreBarsOption } from './chart';
import { ConfigureDrawer, QrModal, SettingsDrawer } from './configure';
import { type EvT, percent, score, useEvT } from './messages';
import { NonRespondentsDrawer, OutstandingDrawer } from './reminders';
import { ResultsDrawer } from './results';
import { TemplatesDrawer } from './templates';
import './evaluations.css';

const STATE_COLOUR: Record<QuestionnaireState, string> = { disabled: 'default', scheduled: 'blue', open: 'green', closed: 'default' };

export function StateTag({ state }: { state: QuestionnaireState }) {
  const t = useEvT();
  return (
    <Tag color={STATE_COLOUR[state]} data-state={state}>
      {t(`ev.state.${state}`)}
    </Tag>
  );
}

/** When a questionnaire opens or closes, said for its state. */
export function timesText(q: QuestionnaireSummary, timeZone: string, t: EvT) {
  const at = (iso: string) => inZone(iso, timeZone).format('MM-DD HH:mm');
  if (q.state === 'scheduled') return t('ev.opens_at', { at: at(q.opensAt) });
  if (q.state === 'open') return t('ev.closes_at', { at: at(q.closesAt) });
  if (q.state === 'closed') return t('ev.closed_at', { at: at(q.closesAt) });
  return '';
}

type Panel = { kind: 'results' | 'non-respondents' | 'qr' | 'configure'; q: QuestionnaireSummary } | { kind: 'settings' | 'templates' | 'outstanding' } | null;

/** The class's evaluation tab: every questionnaire with its state, response rate and average. */
export default function EvaluationsTab({ cls }: { cls: ClassDetailT; powers?: unknown }) {
  const t = useEvT();
  const screens = Grid.useBreakpoint();
  const q = useClassEvaluations(cls.id);
  const [panel, setPanel] = useState<Panel>(null);
  const has = (a: string) => cls.abilities.includes(a);
  const may = { readAll: has('evaluation.read'), manage: has('evaluation.manage'), remind: has('evaluation.remind'), editTemplates: has('institution.manage') };

  const data = q.data;
  const used = useMemo(() => (data?.questionnaires ?? []).filter((x) => x.enabled), [data]);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!data) return null;

  const tz = data.timeZone;
  const begun = used.filter((x) => x.state !== 'scheduled');
  const answered = begun.reduce((s, x) => s + x.answered, 0);
  const expected = begun.reduce((s, x) => s + x.expected, 0);
  const rated = used.filter((x) => x.average !== null);
  const titleOf = (x: QuestionnaireSummary) => (x.session ? x.title : t('ev.class_questionnaire'));
  const actions = (x: QuestionnaireSummary) => {
    const items = [
      { key: 'results', icon: <BarChartOutlined />, label: t('ev.action.results') },
      ...(may.remind ? [{ key: 'non-respondents', icon: <TeamOutlined />, label: t('ev.action.non_respondents') }] : []),
      { key: 'qr', icon: <QrcodeOutlined />, label: t('ev.action.qr') },
      ...(may.manage ? [{ key: 'configure', icon: <SettingOutlined />, label: t('ev.action.configure') }] : []),
    ].filter((i) => x.enabled || i.key === 'configure');
    const [first, ...rest] = items;
    if (!first) return null;
    return (
      <Space size={4} onClick={(e) => e.stopPropagation()}>
        <Button size="small" onClick={() => setPanel({ kind: first.key as 'results', q: x })}>
          {first.label}
        </Button>
        {rest.length > 0 && (
          <Dropdown trigger={['click']} menu={{ items: rest, onClick: ({ key }) => setPanel({ kind: key as 'results', q: x }) }}>
            <Button size="small" icon={<UnorderedListOutlined />} aria-label={t('ev.col.actions')} />
          </Dropdown>
        )}
      </Space>
    );
  };

  return (
    <div className="ev-tab">
      <Typography.Paragraph type="secondary">
        {t('ev.intro', { minutes: data.settings.openBeforeEndMinutes, hours: data.settings.closeAfterHours, min: data.settings.minGroupSize })}
      </Typography.Paragraph>
      {data.ownSessionsOnly && <Alert type="info" showIcon message={t('ev.own_only')} className="ev-gap" />}
      <div className="toolbar ev-toolbar">
        <Space wrap>
          {may.readAll && (
            <>
              <Button icon={<FilePdfOutlined />} href={`/api/v1/classes/${cls.id}/evaluations/report.pdf`} download>
                {t('ev.export_pdf')}
              </Button>
              <Button icon={<FileExcelOutlined />} href={`/api/v1/classes/${cls.id}/evaluations/report.xlsx`} download>
                {t('ev.export_xlsx')}
              </Button>
            </>
          )}
          {may.remind && (
            <Button icon={<TeamOutlined />} onClick={() => setPanel({ kind: 'outstanding' })}>
              {t('ev.outstanding')}
            </Button>
          )}
          {may.manage && (
            <Button icon={<SettingOutlined />} onClick={() => setPanel({ kind: 'settings' })}>
              {t('ev.settings')}
            </Button>
          )}
          {!data.ownSessionsOnly && (
            <Button icon={<SnippetsOutlined />} onClick={() => setPanel({ kind: 'templates' })}>
              {t('ev.templates')}
            </Button>
          )}
        </Space>
      </div>

      <Row gutter={[12, 12]} className="ev-gap">
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('ev.summary.open')} value={used.filter((x) => x.state === 'open').length} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('ev.summary.answered')} value={answered} suffix={`/ ${expected}`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('ev.summary.rate')} value={expected ? percent(answered / expected) : '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('ev.summary.average')} value={rated.length ? score(rated.reduce((s, x) => s + (x.average ?? 0), 0) / rated.length) : '—'} />
          </Card>
        </Col>
      </Row>

      {rated.length > 0 && (
        <Card size="small" title={t('ev.chart.averages')} className="ev-gap">
          <EChart
            label={t('ev.chart.averages')}
            height={Math.max(160, 40 + rated.length * 22)}
            option={scoreBarsOption(rated.map((x) => ({ label: titleOf(x), value: x.average })))}
          />
        </Card>
      )}

      {screens.md ? (
        <Table<QuestionnaireSummary>
          rowKey="id"
          size="small"
          dataSource={data.questionnaires}
          pagination={false}
          locale={{ emptyText: t('ev.none') }}
          rowClassName={(x) => (x.enabled ? 'clickable-row' : 'ev-row-disabled')}
          onRow={(x) => ({ onClick: () => x.enabled && setPanel({ kind: 'results', q: x }) })}
          columns={[
            {
              title: t('ev.col.questionnaire'),
              key: 'title',
              render: (_, x) => (
                <Space size={6} wrap>
                  {x.session ? <KindTag kind={x.session.kind} /> : <Tag color="purple">{t('target.class')}</Tag>}
                  <span className={x.enabled ? 'link-like' : undefined}>{titleOf(x)}</span>
                  {!x.anonymous && <Tag>{t('ev.named')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('ev.col.when'),
              key: 'when',
              width: 150,
              render: (_, x) => <span className="mono">{x.session ? inZone(x.session.startsAt, tz).format('MM-DD HH:mm') : ''}</span>,
            },
            { title: t('ev.col.lecturer'), key: 'lecturer', width: 130, render: (_, x) => x.session?.lecturers.map((l) => l.name).join('、') || '—' },
            {
              title: t('ev.col.state'),
              key: 'state',
              width: 190,
              render: (_, x) => (
                <Space size={4} wrap>
                  <StateTag state={x.state} />
                  <Typography.Text type="secondary" className="ev-small">
                    {timesText(x, tz, t)}
                  </Typography.Text>
                  {x.customTimes && (
                    <Tooltip title={t('ev.custom_times')}>
                      <span className="ev-dot">*</span>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('ev.col.responses'),
              key: 'responses',
              width: 150,
              render: (_, x) =>
                x.enabled ? (
                  <div className="ev-rate" data-testid={`responses-${x.id}`}>
                    <span className="mono">{t('ev.rate_value', { answered: x.answered, expected: x.expected })}</span>
                    <Progress percent={Math.round((x.responseRate ?? 0) * 100)} size="small" showInfo={false} />
                  </div>
                ) : (
                  <Typography.Text type="secondary">{x.templateName ?? t('ev.no_template')}</Typography.Text>
                ),
            },
            { title: t('ev.col.average'), key: 'average', width: 80, align: 'right', render: (_, x) => <span className="mono">{score(x.average)}</span> },
            { title: t('ev.col.actions'), key: 'actions', width: 150, render: (_, x) => actions(x) },
          ]}
        />
      ) : (
        <List
          dataSource={data.questionnaires.filter((x) => x.enabled || may.manage)}
          locale={{ emptyText: t('ev.none') }}
          renderItem={(x) => (
            <List.Item actions={[actions(x)]}>
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <StateTag state={x.state} />
                    {titleOf(x)}
                  </Space>
                }
                description={[
                  x.session ? inZone(x.session.startsAt, tz).format('MM-DD HH:mm') : null,
                  x.enabled ? t('ev.rate_value', { answered: x.answered, expected: x.expected }) : t('ev.no_template'),
                  x.average !== null ? score(x.average) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      )}

      <ResultsDrawer
        classId={cls.id}
        timeZone={tz}
        questionnaire={panel?.kind === 'results' ? panel.q : null}
        canRemind={may.remind}
        onClose={() => setPanel(null)}
        onNonRespondents={(x) => setPanel({ kind: 'non-respondents', q: x })}
      />
      <NonRespondentsDrawer classId={cls.id} timeZone={tz} questionnaire={panel?.kind === 'non-respondents' ? panel.q : null} onClose={() => setPanel(null)} />
      <OutstandingDrawer classId={cls.id} timeZone={tz} open={panel?.kind === 'outstanding'} onClose={() => setPanel(null)} />
      <QrModal classId={cls.id} questionnaire={panel?.kind === 'qr' ? panel.q : null} onClose={() => setPanel(null)} />
      <ConfigureDrawer
        classId={cls.id}
        institutionId={cls.institutionId}
        timeZone={tz}
        settings={data.settings}
        questionnaire={panel?.kind === 'configure' ? panel.q : null}
        onClose={() => setPanel(null)}
      />
      <SettingsDrawer classId={cls.id} settings={data.settings} open={panel?.kind === 'settings'} onClose={() => setPanel(null)} />
      <TemplatesDrawer institutionId={cls.institutionId} canEdit={may.editTemplates} open={panel?.kind === 'templates'} onClose={() => setPanel(null)} />
    </div>
  );
}
