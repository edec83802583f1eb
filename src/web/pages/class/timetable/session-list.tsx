import { Grid, List, Table, Typography } from 'antd';
import { titleWithGroups } from '../../../../contracts';
import type { PlanningWarningT, SessionT } from '../../../api/endpoints';
import { KindTag } from '../../../components/labels';
import { useT } from '../../../i18n';
import { dateIn, dayjs, timeIn } from '../../../lib/time';
import { usePlT } from './messages';
import { WarningMarker } from './warnings';

/** The timetable as a list, day by day, with the planning markers beside each session (#9). */
export function SessionList({
  sessions,
  timeZone,
  warnings,
  onOpen,
}: {
  sessions: SessionT[];
  timeZone: string;
  warnings: Map<number, PlanningWarningT[]>;
  onOpen: (s: SessionT) => void;
}) {
  const t = useT();
  const pt = usePlT();
  const screens = Grid.useBreakpoint();
  const sep = t('fmt.list_sep');
  const day = (s: SessionT) => dateIn(s.startsAt, timeZone);
  const dayLabel = (d: string) => `${dayjs(d).format(t('timetable.day_format'))} ${dayjs(d).format('ddd')}`;
  const time = (s: SessionT) => `${timeIn(s.startsAt, timeZone)}–${timeIn(s.endsAt, timeZone)}`;
  const place = (s: SessionT) => [s.site?.shortName ?? s.site?.name, s.venue].filter(Boolean).join(' · ');
  const title = (s: SessionT) => (
    <span className="timetable-list-title">
      <WarningMarker warnings={warnings.get(s.id) ?? []} tz={timeZone} sessionId={s.id} />
      <span>{titleWithGroups(s.title, s.groups, sep)}</span>
    </span>
  );

  if (!screens.md)
    return (
      <List
        className="session-list-phone"
        dataSource={sessions}
        locale={{ emptyText: pt('pl.list.none') }}
        renderItem={(s, i) => (
          <>
            {(i === 0 || day(sessions[i - 1]) !== day(s)) && <Typography.Title level={5}>{dayLabel(day(s))}</Typography.Title>}
            <List.Item onClick={() => onOpen(s)} className="clickable-row" data-session-id={s.id} data-warnings={warnings.get(s.id)?.length || undefined}>
              <div>
                <span className="mono">{time(s)}</span> <KindTag kind={s.kind} />
              </div>
              <strong>{title(s)}</strong>
              <Typography.Text type="secondary">
                {[place(s), s.lecturers.map((l) => l.name).join(sep), t('session.hours_value', { n: s.hours })].filter(Boolean).join(' · ')}
              </Typography.Text>
            </List.Item>
          </>
        )}
      />
    );

  return (
    <Table<SessionT>
      className="timetable-list"
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={sessions}
      locale={{ emptyText: pt('pl.list.none') }}
      onRow={(s) =>
        ({ onClick: () => onOpen(s), className: 'clickable-row', 'data-session-id': s.id, 'data-warnings': warnings.get(s.id)?.length || undefined }) as object
      }
      columns={[
        {
          title: pt('pl.list.day'),
          key: 'day',
          width: 110,
          onCell: (s, i = 0) => {
            const first = i === 0 || day(sessions[i - 1]) !== day(s);
            let span = 0;
            if (first) for (let j = i; j < sessions.length && day(sessions[j]) === day(s); j++) span++;
            return { rowSpan: first ? span : 0 };
          },
          render: (_, s) => dayLabel(day(s)),
        },
        { title: t('session.time'), key: 'time', width: 110, render: (_, s) => <span className="mono">{time(s)}</span> },
        { title: t('session.kind'), key: 'kind', width: 100, render: (_, s) => <KindTag kind={s.kind} /> },
        { title: t('session.title'), key: 'title', render: (_, s) => title(s) },
        { title: t('timetable.place'), key: 'place', width: 200, render: (_, s) => place(s) || '—' },
        { title: t('session.lecturers'), key: 'lecturers', width: 150, render: (_, s) => s.lecturers.map((l) => l.name).join(sep) || '—' },
        { title: t('session.hours'), dataIndex: 'hours', width: 64, align: 'right' },
      ]}
    />
  );
}
