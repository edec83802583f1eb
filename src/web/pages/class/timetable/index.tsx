import { LeftOutlined, PlusOutlined, PrinterOutlined, RightOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Grid, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { SessionKind } from '../../../../contracts';
import type { ClassDetailT, SessionT } from '../../../api/endpoints';
import { useGroups, useSessions } from '../../../api/queries';
import { ErrorState } from '../../../components/error-state';
import { KIND_COLORS, kindKey } from '../../../components/labels';
import { Loading } from '../../../components/loading';
import { useT } from '../../../i18n';
import { addDays, dateIn, dayjs, daysBetween, mondayOf, todayIn } from '../../../lib/time';
import { TimetableIoButtons } from '../../roster-io/exports';
import type { ClassPowers } from '../powers';
import { Calendar } from './calendar';
import { GroupSessionsDrawer } from './group-sessions-form';
import { byDay, gridHours } from './layout';
import { usePlT } from './messages';
import { SessionDrawer } from './session-drawer';
import { SessionFormDrawer, type SessionPreset } from './session-form';
import { SessionList } from './session-list';
import { useWarningIndex } from './warnings';

const LEGEND: Array<{ kinds: SessionKind[]; color: SessionKind }> = [
  { kinds: ['lecture'], color: 'lecture' },
  { kinds: ['site_visit'], color: 'site_visit' },
  { kinds: ['discussion'], color: 'discussion' },
  { kinds: ['opening', 'ceremony'], color: 'ceremony' },
  { kinds: ['other'], color: 'other' },
];

export default function TimetableTab({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const q = useSessions(cls.id);
  const tz = cls.timeZone;
  const today = todayIn(tz);
  const classDays = useMemo(() => daysBetween(cls.startsOn, cls.endsOn), [cls.startsOn, cls.endsOn]);
  const inClass = useMemo(() => new Set(classDays), [classDays]);
  const firstDay = inClass.has(today) ? today : cls.startsOn;

  const pt = usePlT();
  const [params, setParams] = useSearchParams();
  const [mode, setMode] = useState<'week' | 'day' | 'list' | null>(params.get('view') === 'list' ? 'list' : null);
  const view = mode ?? (screens.md === false ? 'day' : 'week');
  const [day, setDay] = useState(firstDay);
  const [open, setOpen] = useState<SessionT | null>(null);
  const [form, setForm] = useState<{ open: boolean; editing: SessionT | null; preset: SessionPreset | null }>({ open: false, editing: null, preset: null });
  const [perGroup, setPerGroup] = useState(false);
  const warnings = useWarningIndex(cls.id);
  const groups = useGroups(cls.id);
  const groupNames = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g.name])), [groups.data]);

  const sessions = q.data ?? [];
  // A link from the check tab (…/timetable?session=ID) opens that session on its day.
  const linked = Number(params.get('session')) || null;
  useEffect(() => {
    if (!linked || !q.data) return;
    const s = q.data.find((x) => x.id === linked);
    if (s) {
      setDay(dateIn(s.startsAt, tz));
      setOpen(s);
    }
    setParams(
      (p) => {
        p.delete('session');
        return p;
      },
      { replace: true },
    );
  }, [linked, q.data, tz, setParams]);
  const sessionsByDay = useMemo(() => byDay(sessions, tz), [sessions, tz]);
  const hours = useMemo(() => gridHours(sessions, tz), [sessions, tz]);

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  const weeks = [...new Set(classDays.map(mondayOf))];
  const week = mondayOf(day);
  const weekIndex = weeks.indexOf(week);
  const days = view === 'week' ? Array.from({ length: 7 }, (_, n) => addDays(week, n)) : [day];
  const calendarMode = view === 'list' ? 'week' : view;

  const step = (dir: -1 | 1) => {
    if (view === 'week') {
      const next = weeks[weekIndex + dir];
      if (next) setDay(inClass.has(next) ? next : (classDays.find((d) => mondayOf(d) === next) ?? next));
    } else {
      const i = classDays.indexOf(day);
      const next = classDays[i + dir];
      if (next) setDay(next);
    }
  };
  const canPrev = view === 'week' ? weekIndex > 0 : classDays.indexOf(day) > 0;
  const canNext = view === 'week' ? weekIndex < weeks.length - 1 : classDays.indexOf(day) < classDays.length - 1;
  const counts = (kinds: SessionKind[]) => sessions.filter((s) => kinds.includes(s.kind)).length;

  const weekLabel = t('timetable.week_n', {
    n: weekIndex + 1,
    from: dayjs(days[0]).format('M/D'),
    to: dayjs(days[days.length - 1]).format('M/D'),
  });

  return (
    <div className="timetable">
      {cls.status === 'archived' && <Alert type="info" showIcon title={t('timetable.archived')} className="tab-alert" />}
      <div className="toolbar timetable-toolbar">
        <Space wrap>
          <Segmented
            value={view}
            onChange={(v) => setMode(v as 'week' | 'day' | 'list')}
            options={[
              { label: t('timetable.week'), value: 'week' },
              { label: t('timetable.day'), value: 'day' },
              { label: pt('pl.view.list'), value: 'list' },
            ]}
          />
          {view !== 'list' && (
            <Space.Compact>
              <Button icon={<LeftOutlined />} disabled={!canPrev} onClick={() => step(-1)} aria-label={t('timetable.previous')} />
              {view === 'week' ? (
                <Select
                  value={week}
                  onChange={(w) => setDay(classDays.find((d) => mondayOf(d) === w) ?? w)}
                  options={weeks.map((w, n) => ({
                    value: w,
                    label: t('timetable.week_n', { n: n + 1, from: dayjs(w).format('M/D'), to: dayjs(addDays(w, 6)).format('M/D') }),
                  }))}
                  popupMatchSelectWidth={false}
                  aria-label={weekLabel}
                  className="timetable-select"
                />
              ) : (
                <Select
                  value={day}
                  onChange={setDay}
                  options={classDays.map((d, n) => ({
                    value: d,
                    label: `${t('timetable.day_n', { n: n + 1 })} · ${dayjs(d).format(t('timetable.day_format'))} ${dayjs(d).format('ddd')}`,
                  }))}
                  popupMatchSelectWidth={false}
                  className="timetable-select"
                />
              )}
              <Button icon={<RightOutlined />} disabled={!canNext} onClick={() => step(1)} aria-label={t('timetable.next')} />
            </Space.Compact>
          )}
        </Space>
        <Space wrap>
          <Link to={`/classes/${cls.id}/timetable/print`} target="_blank">
            <Button icon={<PrinterOutlined />}>{t('timetable.print')}</Button>
          </Link>
          <TimetableIoButtons cls={cls} powers={powers} />
          {powers.writeTimetable && (
            <Button icon={<TeamOutlined />} onClick={() => setPerGroup(true)} data-testid="create-per-group">
              {pt('pl.groups.action')}
            </Button>
          )}
          {powers.writeTimetable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ open: true, editing: null, preset: { date: inClass.has(day) ? day : cls.startsOn } })}
            >
              {t('timetable.create')}
            </Button>
          )}
        </Space>
      </div>
      <div className="legend">
        {LEGEND.map((l) => (
          <span key={l.color} className="legend-item" data-kind={l.color}>
            <span className="legend-swatch" style={{ background: KIND_COLORS[l.color].bg, borderColor: KIND_COLORS[l.color].border }} />
            {l.kinds.map((k) => t(kindKey(k))).join(' / ')}
            <Typography.Text type="secondary"> {counts(l.kinds)}</Typography.Text>
          </span>
        ))}
        <Typography.Text type="secondary" className="legend-zone">
          {t('timetable.zone_note', { zone: tz })}
        </Typography.Text>
      </div>
      {sessions.length === 0 && <Empty description={t('timetable.empty')} className="compact-empty" />}
      {sessions.length > 0 && view === 'day' && !(sessionsByDay.get(day)?.length ?? 0) && (
        <Typography.Paragraph type="secondary">{t('timetable.day_empty')}</Typography.Paragraph>
      )}
      {view === 'list' ? (
        <SessionList sessions={sessions} timeZone={tz} warnings={warnings} onOpen={setOpen} />
      ) : (
        <div className="calendar-scroll">
          <Calendar
            days={days}
            classDays={inClass}
            sessionsByDay={sessionsByDay}
            hours={hours}
            timeZone={tz}
            mode={calendarMode}
            today={today}
            onOpen={setOpen}
            onCreateAt={powers.writeTimetable ? (date, minutes) => setForm({ open: true, editing: null, preset: { date, minutes } }) : undefined}
            warnings={warnings}
          />
        </div>
      )}
      <SessionDrawer
        session={open ? (sessions.find((s) => s.id === open.id) ?? open) : null}
        timeZone={tz}
        classId={cls.id}
        canWrite={powers.writeTimetable}
        onClose={() => setOpen(null)}
        onEdit={(s) => {
          setOpen(null);
          setForm({ open: true, editing: s, preset: null });
        }}
        warnings={open ? (warnings.get(open.id) ?? []) : []}
        classDates={{ from: cls.startsOn, to: cls.endsOn }}
        groupNames={groupNames}
        onDuplicated={(s) => {
          setDay(dateIn(s.startsAt, tz));
          setOpen(s);
        }}
      />
      <GroupSessionsDrawer
        cls={cls}
        open={perGroup}
        date={inClass.has(day) ? day : cls.startsOn}
        onClose={() => setPerGroup(false)}
        onSaved={(created) => {
          setPerGroup(false);
          if (created[0]) setDay(dateIn(created[0].startsAt, tz));
        }}
      />
      <SessionFormDrawer
        cls={cls}
        open={form.open}
        editing={form.editing}
        preset={form.preset}
        onClose={() => setForm({ open: false, editing: null, preset: null })}
        onSaved={(s) => {
          setForm({ open: false, editing: null, preset: null });
          setDay(dateIn(s.startsAt, tz));
        }}
      />
    </div>
  );
}
