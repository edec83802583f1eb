import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import type { ClassDetailT, SessionT } from '../../api/endpoints';
import { useSessions } from '../../api/queries';
import { KindTag } from '../../components/labels';
import { useT } from '../../i18n';
import { addDays, dateIn, daysBetween, timeIn, todayIn } from '../../lib/time';
import { ClassDrawer } from '../class-setup/class-drawer';
import { CopyClassModal } from '../class-setup/copy-modal';
import { useSetupT } from '../class-setup/messages';
import { LifecycleCard } from './lifecycle-card';
import type { ClassPowers } from './powers';
import { StaffCard } from './staff-card';

const percent = (r: number) => `${Math.round(r * 1000) / 10}%`;

export default function OverviewTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const st = useSetupT();
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);
  const sessions = useSessions(cls.id);
  const today = todayIn(cls.timeZone);
  const tomorrow = addDays(today, 1);
  const on = (day: string) => (sessions.data ?? []).filter((s) => dateIn(s.startsAt, cls.timeZone) === day);

  const manage = cls.abilities.includes('class.manage');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <LifecycleCard cls={cls} powers={powers} />
        <Card
          title={t('overview.details')}
          style={{ marginTop: 16 }}
          extra={
            manage && (
              <Space wrap size={4}>
                {cls.status !== 'archived' && (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                    {t('action.edit')}
                  </Button>
                )}
                <Button size="small" icon={<CopyOutlined />} onClick={() => setCopying(true)}>
                  {st('copy.button')}
                </Button>
              </Space>
            )
          }
        >
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
            <Descriptions.Item label={st('f.lunch')}>
              {cls.lunchStarts}–{cls.lunchEnds}
            </Descriptions.Item>
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
            {/* A class started or completed early (an organizer's override) has no countdown. */}
            {today < cls.startsOn && (cls.status === 'planning' || cls.status === 'enrolling') && (
              <Typography.Text type="secondary">{t('overview.starts_in', { n: daysBetween(today, cls.startsOn).length - 1 })}</Typography.Text>
            )}
            {today > cls.endsOn && <Typography.Text type="secondary">{t('overview.ended_on', { date: cls.endsOn })}</Typography.Text>}
          </Card>
        )}
      </Col>
      <ClassDrawer open={editing} onClose={() => setEditing(false)} programmeId={cls.programmeId} cls={cls} />
      <CopyClassModal source={copying ? cls : null} onClose={() => setCopying(false)} />
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
