import type { CSSProperties, MouseEvent } from 'react';
import type { PlanningWarningT, SessionT } from '../../../api/endpoints';
import { KIND_COLORS, kindKey } from '../../../components/labels';
import { useT } from '../../../i18n';
import { dayjs, timeIn } from '../../../lib/time';
import { type Placed, placeDay, SLOT_MINUTES } from './layout';
import { usePlT } from './messages';
import { WarningMarker } from './warnings';

type Props = {
  days: string[];
  /** Days inside the class dates; the others are shaded. */
  classDays: Set<string>;
  sessionsByDay: Map<string, SessionT[]>;
  hours: { from: number; to: number };
  timeZone: string;
  mode: 'week' | 'day';
  today: string;
  onOpen: (s: SessionT) => void;
  /** Clicking an empty slot offers to schedule there (when the user may write). */
  onCreateAt?: (date: string, minutes: number) => void;
  /** Open planning warnings by session: marked on the blocks until resolved (#9). */
  warnings?: Map<number, PlanningWarningT[]>;
};

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * A calendar drawn with CSS grid: one row per quarter hour, one column per day. Within a day,
 * sessions that overlap share the width (lanes).
 */
export function Calendar({ days, classDays, sessionsByDay, hours, timeZone, mode, today, onOpen, onCreateAt, warnings }: Props) {
  const t = useT();
  const rows = (hours.to - hours.from) / SLOT_MINUTES;
  const hourMarks: number[] = [];
  for (let m = hours.from; m < hours.to; m += 60) hourMarks.push(m);
  const weekend = (d: string) => [0, 6].includes(dayjs(d).day());
  // Empty weekend days take less room, so the working days stay readable on a laptop.
  const columns = days.map((d) => (mode === 'week' && weekend(d) && !(sessionsByDay.get(d)?.length ?? 0) ? 'minmax(48px, 0.4fr)' : 'minmax(0, 1fr)'));
  const style = { '--rows': rows, gridTemplateColumns: `56px ${columns.join(' ')}` } as CSSProperties;

  const clickEmpty = (day: string) => (ev: MouseEvent<HTMLDivElement>) => {
    if (!onCreateAt || ev.target !== ev.currentTarget) return;
    const rect = ev.currentTarget.getBoundingClientRect();
    const minutes = hours.from + Math.floor(((ev.clientY - rect.top) / rect.height) * (hours.to - hours.from));
    onCreateAt(day, Math.floor(minutes / 30) * 30);
  };

  return (
    <div className={`calendar calendar-${mode}`} style={style} data-testid={`calendar-${mode}`}>
      <div className="calendar-corner" />
      {days.map((d) => (
        <div key={d} className={`calendar-day-head ${d === today ? 'is-today' : ''} ${classDays.has(d) ? '' : 'is-outside'}`}>
          <span className="calendar-weekday">{dayjs(d).format('ddd')}</span>
          <span className="calendar-date">{dayjs(d).format(mode === 'week' ? 'M/D' : t('timetable.day_format'))}</span>
        </div>
      ))}
      <div className="calendar-axis">
        {hourMarks.map((m) => (
          <div key={m} className="calendar-hour-label" style={{ gridRow: `${(m - hours.from) / SLOT_MINUTES + 1} / span 4` }}>
            {hhmm(m)}
          </div>
        ))}
      </div>
      {days.map((d) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: clicking empty time is a shortcut; the "new session" button does the same
        // biome-ignore lint/a11y/useKeyWithClickEvents: see above
        <div
          key={d}
          className={`calendar-column ${classDays.has(d) ? '' : 'is-outside'} ${d === today ? 'is-today' : ''} ${onCreateAt && classDays.has(d) ? 'can-create' : ''}`}
          data-date={d}
          onClick={classDays.has(d) ? clickEmpty(d) : undefined}
        >
          {placeDay(sessionsByDay.get(d) ?? [], timeZone).map((p) => (
            <SessionBlock
              key={p.session.id}
              placed={p}
              hours={hours}
              timeZone={timeZone}
              mode={mode}
              onOpen={onOpen}
              kindLabel={t(kindKey(p.session.kind))}
              warnings={warnings?.get(p.session.id) ?? []}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

function SessionBlock({
  placed,
  hours,
  timeZone,
  mode,
  onOpen,
  kindLabel,
  warnings,
}: {
  placed: Placed;
  hours: { from: number; to: number };
  timeZone: string;
  mode: 'week' | 'day';
  onOpen: (s: SessionT) => void;
  kindLabel: string;
  warnings: PlanningWarningT[];
}) {
  const pt = usePlT();
  const { session: s, start, end, lane, lanes } = placed;
  const c = KIND_COLORS[s.kind];
  const rowStart = Math.max(0, Math.floor((start - hours.from) / SLOT_MINUTES)) + 1;
  const rowEnd = Math.max(rowStart + 1, Math.ceil((end - hours.from) / SLOT_MINUTES) + 1);
  const narrow = lanes > 1 && (mode === 'week' || lanes > 3);
  const short = rowEnd - rowStart <= 2;
  const time = `${timeIn(s.startsAt, timeZone)}–${timeIn(s.endsAt, timeZone)}`;
  const place = s.site?.shortName ?? s.site?.name ?? s.venue;
  // In a narrow lane the group says more than a long title cut short.
  const sep = useT()('fmt.list_sep');
  const label = narrow && s.groups.length ? s.groups.map((g) => g.name).join(sep) : s.title;
  return (
    <button
      type="button"
      className={`session-block kind-${s.kind} ${narrow ? 'is-narrow' : ''} ${short ? 'is-short' : ''} ${warnings.length ? 'has-warning' : ''}`}
      data-kind={s.kind}
      data-session-id={s.id}
      data-warnings={warnings.length || undefined}
      title={`${time} ${kindLabel}｜${s.title}${place ? `｜${place}` : ''}${warnings.length ? `｜${pt('pl.marker', { n: warnings.length })}` : ''}`}
      aria-label={`${kindLabel} ${s.title} ${time}${warnings.length ? ` ${pt('pl.marker', { n: warnings.length })}` : ''}`}
      style={{
        gridRow: `${rowStart} / ${rowEnd}`,
        width: `calc(${100 / lanes}% - 3px)`,
        marginLeft: `calc(${(100 * lane) / lanes}% + 1px)`,
        background: c.bg,
        borderLeftColor: c.border,
        color: c.text,
      }}
      onClick={() => onOpen(s)}
    >
      {warnings.length > 0 && <WarningMarker warnings={warnings} tz={timeZone} sessionId={s.id} compact={narrow} />}
      <span className="session-block-time">{short && mode === 'week' ? timeIn(s.startsAt, timeZone) : time}</span>
      <span className="session-block-title">{label}</span>
      {mode === 'day' && !narrow && (
        <span className="session-block-meta">
          {[kindLabel, place, s.lecturers.map((l) => l.name).join(sep), s.groups.map((g) => g.name).join(sep)].filter(Boolean).join(' · ')}
        </span>
      )}
      {mode === 'week' && !narrow && !short && (place || s.lecturers.length > 0) && (
        <span className="session-block-meta">{[place, s.lecturers.map((l) => l.name).join(sep)].filter(Boolean).join(' · ')}</span>
      )}
    </button>
  );
}
