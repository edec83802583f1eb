import { Segmented } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { ClassDetailT } from '../../api/endpoints';
import type { ClassPowers } from '../class/powers';
import { InvitationsView } from './invitations';
import { LeaveView } from './leave';
import { MatrixView } from './matrix';
import { useAtT } from './messages';
import { OfflineReviewView } from './offline-review';
import { SessionView } from './session-list';
import './attendance.css';

/** What this user may do here (the server checks every request again). */
export function attendancePowers(cls: ClassDetailT) {
  const has = (a: string) => cls.abilities.includes(a);
  return {
    read: has('attendance.read'),
    record: has('attendance.record') && cls.status === 'running',
    decideLeave: has('leave.decide') && (cls.status === 'running' || cls.status === 'enrolling'),
    invitations: has('invitation.manage'),
  };
}
export type AttendancePowers = ReturnType<typeof attendancePowers>;

const VIEWS = ['matrix', 'session', 'leave', 'offline', 'invitations'] as const;
type View = (typeof VIEWS)[number];

/** The class's 考勤 tab: the matrix, one session's list (with the projector and marks), leave, offline check-ins (待确认), invitations. */
export default function AttendanceTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useAtT();
  const p = attendancePowers(cls);
  const [params, setParams] = useSearchParams();
  const shown = VIEWS.filter((v) => (v === 'invitations' ? p.invitations : p.read));
  const requested = params.get('view') as View | null;
  const view: View = requested && shown.includes(requested) ? requested : shown[0];
  const go = (v: View, extra: Record<string, string> = {}) => setParams({ view: v, ...extra }, { replace: false });
  return (
    <div className="attendance">
      <Segmented value={view} onChange={(v) => go(v as View)} options={shown.map((v) => ({ value: v, label: t(`at.view.${v}`) }))} />
      <div className="attendance-body">
        {view === 'matrix' && <MatrixView cls={cls} onSession={(sessionId) => go('session', { session: String(sessionId) })} />}
        {view === 'session' && (
          <SessionView cls={cls} powers={p} sessionId={Number(params.get('session')) || null} onSession={(id) => go('session', { session: String(id) })} />
        )}
        {view === 'leave' && <LeaveView cls={cls} powers={p} />}
        {view === 'offline' && <OfflineReviewView cls={cls} powers={p} />}
        {view === 'invitations' && <InvitationsView cls={cls} />}
      </div>
    </div>
  );
}
