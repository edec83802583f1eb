import { Space, Tag, Typography } from 'antd';
import type { AccountT } from './api';
import type { AcT } from './messages';

/** What an account's state is, at a glance (and why it cannot sign in, if it cannot). */
export function AccountStatus({ a, t }: { a: AccountT; t: AcT }) {
  const tags: Array<[string, string]> = [];
  if (a.disabled) tags.push(['default', t('ac.acc.status.disabled')]);
  if (a.lockedUntil) tags.push(['red', t('ac.acc.status.locked')]);
  if (!a.hasPassword) tags.push(a.invitationExpiresAt ? ['blue', t('ac.acc.status.invited')] : ['orange', t('ac.acc.status.invitation_expired')]);
  else if (a.mustChangePassword) tags.push(['gold', t('ac.acc.status.must_change')]);
  if (!tags.length) tags.push(['green', t('ac.acc.status.active')]);
  return (
    <Space size={[4, 4]} wrap>
      {a.isAdmin && <Tag color="purple">{t('ac.acc.status.admin')}</Tag>}
      {tags.map(([color, label]) => (
        <Tag key={label} color={color}>
          {label}
        </Tag>
      ))}
    </Space>
  );
}

export function GrantTags({ a, t }: { a: AccountT; t: AcT }) {
  if (!a.grants.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {a.grants.map((g) => (
        <Tag key={g.id} className="grant-tag">
          {t('ac.role.of', { role: t(`ac.role.${g.role}`), scope: g.scopeName })}
        </Tag>
      ))}
    </Space>
  );
}
