import type { SessionT } from '../../../api/endpoints';
import { dateIn, minutesIn } from '../../../lib/time';

export const SLOT_MINUTES = 15;

export type Placed = { session: SessionT; start: number; end: number; lane: number; lanes: number };

/**
 * Places a day's sessions side by side where they overlap (per-group discussions run at the same
 * time): each cluster of overlapping sessions gets as many lanes as it needs at once.
 */
export function placeDay(sessions: SessionT[], timeZone: string): Placed[] {
  const items = sessions
    .map((s) => ({ session: s, start: minutesIn(s.startsAt, timeZone), end: endMinutes(s, timeZone) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    out.push(...cluster);
    cluster = [];
  };
  for (const it of items) {
    if (cluster.length && it.start >= clusterEnd) close();
    const laneEnds: number[] = [];
    for (const p of cluster) laneEnds[p.lane] = Math.max(laneEnds[p.lane] ?? -1, p.end);
    let lane = laneEnds.findIndex((e) => e <= it.start);
    if (lane === -1) lane = laneEnds.length;
    cluster.push({ ...it, lane, lanes: 1 });
    clusterEnd = Math.max(clusterEnd, it.end);
  }
  if (cluster.length) close();
  return out;
}

/** Minutes since midnight at the end; a session running past midnight ends at 24:00 on this grid. */
function endMinutes(s: SessionT, timeZone: string) {
  const sameDay = dateIn(s.endsAt, timeZone) === dateIn(s.startsAt, timeZone);
  return sameDay ? minutesIn(s.endsAt, timeZone) : 24 * 60;
}

/** The hours the grid shows: 08:00–18:00, widened to fit every session. */
export function gridHours(sessions: SessionT[], timeZone: string): { from: number; to: number } {
  let from = 8 * 60;
  let to = 18 * 60;
  for (const s of sessions) {
    from = Math.min(from, minutesIn(s.startsAt, timeZone));
    to = Math.max(to, endMinutes(s, timeZone));
  }
  return { from: Math.floor(from / 60) * 60, to: Math.min(24 * 60, Math.ceil(to / 60) * 60) };
}

export function byDay(sessions: SessionT[], timeZone: string): Map<string, SessionT[]> {
  const m = new Map<string, SessionT[]>();
  for (const s of sessions) {
    const d = dateIn(s.startsAt, timeZone);
    m.set(d, [...(m.get(d) ?? []), s]);
  }
  return m;
}
