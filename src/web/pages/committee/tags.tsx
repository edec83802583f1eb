import { Tag } from 'antd';
import { type BusKey, useBusT } from '../transport/messages';
import { useCommittee } from '.';

/** The committee role tags of a trainee, for the roster's lists. */
export function useCommitteeTags(classId: number) {
  const t = useBusT();
  const q = useCommittee(classId);
  return (enrolmentId: number) =>
    (q.data?.roles ?? [])
      .filter((r) => r.member?.enrolmentId === enrolmentId)
      .map((r) => (
        <Tag key={r.role} color="blue">
          {t(`cm.role.${r.role}` as BusKey)}
        </Tag>
      ));
}
