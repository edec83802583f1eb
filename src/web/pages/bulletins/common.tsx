import { Tag } from 'antd';
import type { BulletinSummary } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import type { BuT } from './messages';

/** May this user compose bulletins here? (Only decides what to show; the server checks again.) */
export const canWriteBulletins = (cls: ClassDetailT) => cls.abilities.includes('bulletin.write') && cls.status !== 'archived';

export function StatusOf({ status, t }: { status: BulletinSummary['status']; t: BuT }) {
  return <Tag color={status === 'published' ? 'green' : 'gold'}>{t(`bu.status.${status}`)}</Tag>;
}
