import { Tag } from 'antd';
import type { ClassStatus, SessionKind } from '../../contracts';
import { type MessageKey, useT } from '../i18n';

const STATUS_COLOR: Record<ClassStatus, string> = {
  planning: 'default',
  enrolling: 'blue',
  running: 'green',
  completed: 'gold',
  archived: 'default',
};

export const statusKey = (s: ClassStatus) => `status.${s}` as MessageKey;
export const kindKey = (k: SessionKind) => `kind.${k}` as MessageKey;

export function StatusTag({ status }: { status: ClassStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} className="status-tag" data-status={status}>
      {t(statusKey(status))}
    </Tag>
  );
}

/** Session kinds have one colour each, the same in the calendar, the drawer and the print. */
export const KIND_COLORS: Record<SessionKind, { bg: string; border: string; text: string }> = {
  lecture: { bg: '#e6f0ff', border: '#2f6fd6', text: '#123a7a' },
  site_visit: { bg: '#e3f5e1', border: '#2e8b3a', text: '#184d20' },
  discussion: { bg: '#fff1dc', border: '#d4861b', text: '#6b3f05' },
  opening: { bg: '#fde6e6', border: '#c8343b', text: '#6e1216' },
  ceremony: { bg: '#fde6e6', border: '#c8343b', text: '#6e1216' },
  other: { bg: '#eef0f3', border: '#7a8594', text: '#333b47' },
};

export function KindTag({ kind }: { kind: SessionKind }) {
  const t = useT();
  const c = KIND_COLORS[kind];
  return (
    <Tag style={{ background: c.bg, borderColor: c.border, color: c.text }} className="kind-tag">
      {t(kindKey(kind))}
    </Tag>
  );
}

/** A name as written, with the Tibetan-script name beside it when there is one. */
export function PersonName({ name, nameBo, strong = false, stacked = false }: { name: string; nameBo?: string | null; strong?: boolean; stacked?: boolean }) {
  return (
    <span className={`person-name ${stacked ? 'is-stacked' : ''}`}>
      {strong ? <strong>{name}</strong> : name}
      {nameBo && (
        <span className="name-bo" lang="bo">
          {nameBo}
        </span>
      )}
    </span>
  );
}
