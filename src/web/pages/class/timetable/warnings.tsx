import { WarningOutlined } from '@ant-design/icons';
import { Alert, List, Tag, Tooltip } from 'antd';
import { type ReactNode, useCallback, useMemo } from 'react';
import { LUNCH_MIN_MINUTES, type PlanningWarningKind } from '../../../../contracts/planning';
import type { PlanningWarningT } from '../../../api/endpoints';
import { usePlanningWarnings } from '../../../api/queries';
import { useT } from '../../../i18n';
import { inZone, timeIn } from '../../../lib/time';
import { type PlT, usePlT } from './messages';
import './planning.css';

type Ref = PlanningWarningT['session'];

export const WARNING_COLORS: Record<PlanningWarningKind, string> = {
  trainees: 'red',
  lecturer: 'volcano',
  venue: 'orange',
  site: 'orange',
  travel: 'gold',
  lunch: 'gold',
};

type Words = { tz: string; pt: PlT; dayFormat: string };

const when = (r: Ref, { tz, pt, dayFormat }: Words) =>
  pt('pl.when', { date: inZone(r.startsAt, tz).format(dayFormat), from: timeIn(r.startsAt, tz), to: timeIn(r.endsAt, tz) });

/** "“知识产权保护与运用”（10月15日 14:00–17:00）", with the other class named when it is another's. */
export function sessionPhrase(r: Ref, words: Words) {
  const title = r.title || words.pt('pl.this_session');
  return r.otherClassTitle
    ? words.pt('pl.other_class', { class: r.otherClassTitle, title, when: when(r, words) })
    : words.pt('pl.other', { title, when: when(r, words) });
}

/**
 * One warning as a sentence naming the other session. `from` is the session the reader is looking
 * at (the form's candidate, or a session on the timetable): the sentence is about the other one.
 */
export function warningText(w: PlanningWarningT, words: Words, from?: From) {
  const { pt, tz } = words;
  const isFrom = (r: Ref | null) => !!r && !!from && ((from.candidate != null && r.candidate === from.candidate) || (from.id != null && r.id === from.id));
  const counterpart = w.other && isFrom(w.other) ? w.session : (w.other ?? w.session);
  const other = sessionPhrase(counterpart, words);
  switch (w.kind) {
    case 'trainees':
      return pt('pl.w.trainees', { who: w.groups.length ? w.groups.map((g) => g.name).join('、') : pt('pl.whole_class'), other });
    case 'lecturer':
      return pt('pl.w.lecturer', { lecturer: w.lecturer?.name ?? '', other });
    case 'venue':
    case 'site':
      return pt(w.kind === 'venue' ? 'pl.w.venue' : 'pl.w.site', { place: w.place ?? '', other });
    case 'travel':
      return pt('pl.w.travel', {
        first: isFrom(w.other) ? pt('pl.this_session') : sessionPhrase(w.other!, words),
        second: isFrom(w.session) ? pt('pl.this_session') : sessionPhrase(w.session, words),
        gap: w.gapMinutes,
        travel: w.travelMinutes,
      });
    case 'lunch': {
      const params = {
        date: inZone(w.session.startsAt, tz).format(words.dayFormat),
        starts: w.lunch?.starts,
        ends: w.lunch?.ends,
        free: w.lunch?.freeMinutes,
        need: LUNCH_MIN_MINUTES,
      };
      return w.other ? pt('pl.w.lunch_with', { ...params, other }) : pt('pl.w.lunch', params);
    }
  }
}

type From = { id?: number | null; candidate?: number | null };

/** warningText in the user's language, for a class's time zone. */
export function useWarningText(tz: string) {
  const t = useT();
  const pt = usePlT();
  const dayFormat = t('timetable.day_format');
  return useCallback((w: PlanningWarningT, from?: From) => warningText(w, { tz, pt, dayFormat }, from), [tz, pt, dayFormat]);
}

/** The ids of this class's sessions each warning touches (both sides of a clash). */
export function warningsBySession(warnings: PlanningWarningT[], classId: number) {
  const map = new Map<number, PlanningWarningT[]>();
  for (const w of warnings) for (const r of [w.session, w.other]) if (r && r.id !== null && r.classId === classId) map.set(r.id, [...(map.get(r.id) ?? []), w]);
  return map;
}

/** The class's open warnings by session, for the markers on the calendar and the list. */
export function useWarningIndex(classId: number, enabled = true) {
  const q = usePlanningWarnings(classId, enabled);
  const warnings = q.data?.warnings;
  return useMemo(() => warningsBySession(warnings ?? [], classId), [warnings, classId]);
}

export function WarningTag({ kind }: { kind: PlanningWarningKind }) {
  const pt = usePlT();
  return (
    <Tag color={WARNING_COLORS[kind]} className="warning-tag">
      {pt(`pl.kind.${kind}`)}
    </Tag>
  );
}

/** A marker for a session with open warnings: an icon with the count, the sentences on hover. */
export function WarningMarker({
  warnings,
  tz,
  sessionId,
  compact = false,
}: {
  warnings: PlanningWarningT[];
  tz: string;
  sessionId: number;
  compact?: boolean;
}) {
  const pt = usePlT();
  const text = useWarningText(tz);
  if (!warnings.length) return null;
  return (
    <Tooltip
      title={
        <ul className="warning-tooltip">
          {warnings.map((w) => (
            <li key={`${w.kind}:${w.session.id}:${w.other?.id}`}>{text(w, { id: sessionId })}</li>
          ))}
        </ul>
      }
    >
      <span className="warning-marker" role="img" aria-label={pt('pl.marker', { n: warnings.length })} data-testid="warning-marker">
        <WarningOutlined />
        {!compact && warnings.length > 1 && <span className="warning-marker-count">{warnings.length}</span>}
      </span>
    </Tooltip>
  );
}

/** The warnings of one session or form, as a list under a heading (on the form, in the drawer). */
export function WarningList({
  warnings,
  tz,
  from,
  title,
  extra,
  className,
}: {
  warnings: PlanningWarningT[];
  tz: string;
  from?: From;
  title: ReactNode;
  extra?: ReactNode;
  className?: string;
}) {
  const text = useWarningText(tz);
  if (!warnings.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className={`planning-warnings ${className ?? ''}`}
      title={title}
      data-testid="planning-warnings"
      description={
        <>
          <List
            size="small"
            split={false}
            dataSource={warnings}
            renderItem={(w) => (
              <List.Item className="planning-warning" data-kind={w.kind}>
                <span>
                  <WarningTag kind={w.kind} />
                  {text(w, from)}
                </span>
              </List.Item>
            )}
          />
          {extra}
        </>
      }
    />
  );
}
