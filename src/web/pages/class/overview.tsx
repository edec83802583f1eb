import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Grid, List, Popconfirm, Row, Space, Statistic, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ClassStatus } from '../../../contracts';
import type { ClassDetailT, SessionT } from '../../api/endpoints';
import { endpoints } from '../../api/endpoints';
import { keys, useSessions } from '../../api/queries';
import { KindTag, statusKey } from '../../components/labels';
import { useT } from '../../i18n';
import { useProblem } from '../../lib/problems';
import { addDays, dateIn, daysBetween, timeIn, todayIn } from '../../lib/time';
import type { ClassPowers } from './powers';
import { StaffCard } from './staff-card';

const percent = (r: number) => `${Math.round(r * 1000) / 10}%`;

export default function OverviewTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const sessions = useSessions(cls.id);
  const screens = Grid.useBreakpoint();
  const today = todayIn(cls.timeZone);
  const tomorrow = addDays(today, 1);
  const on = (day: string) => (sessions.data ?? []).filter((s) => dateIn(s.startsAt, cls.timeZone) === day);

  const step = async () => {
    if (!powers.nextStatus) return;
    setBusy(true);
    try {
      const updated = await endpoints.transition(cls.id, powers.nextStatus);
      qc.setQueryData(keys.class(cls.id), updated);
      await qc.invalidateQueries({ queryKey: keys.classes });
      message.success(t('overview.status_changed', { status: t(statusKey(updated.status)) }));
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };

  const statuses = ClassStatus.options;
  const current = statuses.indexOf(cls.status);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('overview.lifecycle')}>
          <Steps
            size="small"
            current={current}
            responsive={false}
            titlePlacement={screens.md ? 'horizontal' : 'vertical'}
            items={statuses.map((s) => ({ title: t(statusKey(s)) }))}
            className="lifecycle-steps"
          />
          <div className="lifecycle-action">
            {powers.nextStatus ? (
              <Popconfirm
                title={t('overview.confirm_step', { status: t(statusKey(powers.nextStatus)) })}
                description={t(`overview.step_hint.${powers.nextStatus}`)}
                okText={t('action.confirm')}
                cancelText={t('action.cancel')}
                onConfirm={step}
              >
                <Button type="primary" loading={busy}>
                  {t('overview.step_to', { status: t(statusKey(powers.nextStatus)) })}
                </Button>
              </Popconfirm>
            ) : (
              <Typography.Text type="secondary">
                {cls.nextStatus ? t('overview.step_not_yours', { status: t(statusKey(cls.nextStatus)) }) : t('overview.final_status')}
              </Typography.Text>
            )}
          </div>
        </Card>
        <Card title={t('overview.details')} style={{ marginTop: 16 }}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label={t('class.dates')}>
              {cls.startsOn} – {cls.endsOn}
              {t('fmt.paren', { text: t('overview.day_count', { n: daysBetween(cls.startsOn, cls.endsOn).length }) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('class.time_zone')}>{cls.timeZone}</Descriptions.Item>
            <Descriptions.Item label={t('class.place')}>{cls.place ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('class.code')}>{cls.code ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('class.organizer')}>{cls.organizerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('class.sponsor')}>{cls.sponsorName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('class.completion_rule')} span={2}>
              {t('class.completion_rule_text', {
                attendance: percent(cls.minAttendanceRatio),
                leave: percent(cls.leaveLimitRatio),
                grace: cls.lateGraceMinutes,
              })}
            </Descriptions.Item>
            {cls.description && (
              <Descriptions.Item label={t('class.description')} span={2}>
                {cls.description}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card>
          <Row gutter={[8, 16]}>
            <Col xs={8} sm={8} md={4} xl={8}>
              <Statistic title={t('counts.trainees')} value={cls.counts.trainees} />
            </Col>
            <Col xs={8} sm={8} md={4} xl={8}>
              <Statistic title={t('counts.groups')} value={cls.counts.groups} />
            </Col>
            <Col xs={8} sm={8} md={4} xl={8}>
              <Statistic title={t('counts.sessions')} value={cls.counts.sessions} />
            </Col>
            <Col xs={8} sm={8} md={4} xl={8}>
              <Statistic title={t('counts.site_visits')} value={cls.counts.siteVisits} />
            </Col>
            <Col xs={8} sm={8} md={4} xl={8}>
              <Statistic title={t('counts.hours')} value={cls.counts.hours} />
            </Col>
          </Row>
        </Card>
        <StaffCard cls={cls} />
        {powers.readTimetable && (
          <Card title={t('overview.upcoming')} style={{ marginTop: 16 }} loading={sessions.isPending}>
            <DayList label={t('overview.today', { date: today })} sessions={on(today)} timeZone={cls.timeZone} />
            <DayList label={t('overview.tomorrow', { date: tomorrow })} sessions={on(tomorrow)} timeZone={cls.timeZone} />
            {today < cls.startsOn && (
              <Typography.Text type="secondary">{t('overview.starts_in', { n: daysBetween(today, cls.startsOn).length - 1 })}</Typography.Text>
            )}
            {today > cls.endsOn && <Typography.Text type="secondary">{t('overview.ended_on', { date: cls.endsOn })}</Typography.Text>}
          </Card>
        )}
      </Col>
    </Row>
  );
}

function DayList({ label, sessions, timeZone }: { label: string; sessions: SessionT[]; timeZone: string }) {
  const t = useT();
  return (
    <div className="day-list">
      <Typography.Text strong>{label}</Typography.Text>
      {sessions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.no_sessions_day')} className="compact-empty" />
      ) : (
        <List
          size="small"
          dataSource={sessions}
          renderItem={(s) => (
            <List.Item>
              <Space wrap>
                <span className="mono">
                  {timeIn(s.startsAt, timeZone)}–{timeIn(s.endsAt, timeZone)}
                </span>
                <KindTag kind={s.kind} />
                <span>{s.title}</span>
                <Typography.Text type="secondary">{s.site?.name ?? s.venue ?? ''}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
