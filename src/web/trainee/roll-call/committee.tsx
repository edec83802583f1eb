import type { Committee } from '../../../contracts/committee';
import { call } from '../api';
import { useLoad, useTrainee } from '../data';
import { colon, useT } from '../i18n';
import { Link } from '../router';
import { useRollCallT } from './words';

/** On /t/me: the class committee and the group leaders; for a group leader, the way to roll call. */
export default function CommitteeCard() {
  const w = useRollCallT();
  const { lang } = useT();
  const { enrolment } = useTrainee();
  const id = enrolment?.enrolmentId;
  const q = useLoad(() => (id ? call<Committee>('GET', `/api/v1/me/enrolments/${id}/committee`) : Promise.resolve(null)), [id]);
  if (!q.data) return null;
  const roles = q.data.roles.filter((r) => r.member);
  return (
    <section className="t-card" aria-label={w('committee')}>
      {enrolment?.role === 'group_leader' && (
        <Link to="/t/roll-call" className="t-button t-block">
          {w('rollCall')}
        </Link>
      )}
      <h2 className="t-small">{w('committee')}</h2>
      {roles.map((r) => (
        <div key={r.role} className="t-small">
          {w(`role.${r.role}`)}
          {colon(lang)}
          {r.member!.name}
        </div>
      ))}
      <div className="t-small">
        {w('leaders')}
        {colon(lang)}
        {q.data.groupLeaders.map((g) => `${g.groupName} ${g.leader?.name ?? '—'}`).join(lang === 'zh-CN' ? '；' : '; ')}
      </div>
    </section>
  );
}
