import { CheckCircleOutlined } from '@ant-design/icons';
import { Card, Grid, Result, Segmented, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { PlanningWarningKind } from '../../../contracts/planning';
import type { ClassDetailT, PlanningWarningT } from '../../api/endpoints';
import { usePlanningWarnings } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { inZone, timeIn } from '../../lib/time';
import type { ClassPowers } from './powers';
import { usePlT } from './timetable/messages';
import { useWarningText, WARNING_COLORS, WarningTag } from './timetable/warnings';
import './timetable/planning.css';

const KINDS: PlanningWarningKind[] = ['trainees', 'lecturer', 'venue', 'site', 'travel', 'lunch'];

/**
 * 日程检查 (#9): every open planning warning of the class's timetable, each with links to the
 * sessions it names. Warnings are computed from the timetable, so moving a session clears them.
 */
export default function PlanningCheckTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const pt = usePlT();
  const screens = Grid.useBreakpoint();
  const q = usePlanningWarnings(cls.id);
  const text = useWarningText(cls.timeZone);
  const [kind, setKind] = useState<PlanningWarningKind | 'all'>('all');
  const all = q.data?.warnings ?? [];
  const counts = useMemo(() => new Map(KINDS.map((k) => [k, all.filter((w) => w.kind === k).length])), [all]);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const shown = kind === 'all' ? all : all.filter((w) => w.kind === kind);
  const tz = cls.timeZone;

  const sessionLink = (r: PlanningWarningT['session']) => {
    const label = (
      <>
        <span className="mono">
          {inZone(r.startsAt, tz).format(t('timetable.day_format'))} {timeIn(r.startsAt, tz)}–{timeIn(r.endsAt, tz)}
        </span>{' '}
        {r.title}
        {r.groups.length > 0 && !r.groups.every((g) => r.title.includes(g.name)) && (
          <Typography.Text type="secondary">{t('fmt.paren', { text: r.groups.map((g) => g.name).join(t('fmt.list_sep')) })}</Typography.Text>
        )}
      </>
    );
    if (r.otherClassTitle || r.id === null)
      return (
        <span>
          {r.otherClassTitle ? `${r.otherClassTitle}：` : ''}
          {label}
        </span>
      );
    return (
      <Link to={`/classes/${cls.id}/timetable?session=${r.id}`} data-testid={`check-link-${r.id}`}>
        {label}
      </Link>
    );
  };

  return (
    <div className="planning-check" data-testid="planning-check">
      <Typography.Paragraph type="secondary">{pt('pl.check.intro')}</Typography.Paragraph>
      {all.length === 0 ? (
        <Result status="success" icon={<CheckCircleOutlined />} title={pt('pl.check.none')} className="compact-result" />
      ) : (
        <>
          <div className="check-summary">
            <Segmented
              value={kind}
              onChange={(v) => setKind(v as PlanningWarningKind | 'all')}
              options={[
                { value: 'all', label: `${pt('pl.check.all')} ${all.length}` },
                ...KINDS.filter((k) => (counts.get(k) ?? 0) > 0).map((k) => ({
                  value: k,
                  label: <span style={{ color: WARNING_COLORS[k] === 'gold' ? '#a16207' : undefined }}>{`${pt(`pl.kind.${k}`)} ${counts.get(k)}`}</span>,
                })),
              ]}
            />
          </div>
          {screens.md ? (
            <Table<PlanningWarningT>
              className="check-table"
              size="small"
              pagination={false}
              rowKey={(w) => `${w.kind}:${w.session.id}:${w.other?.id ?? ''}:${w.lecturer?.id ?? ''}`}
              dataSource={shown}
              columns={[
                { title: pt('pl.check.problem'), key: 'kind', width: 120, render: (_, w) => <WarningTag kind={w.kind} /> },
                { title: pt('pl.check.session'), key: 'session', width: '34%', render: (_, w) => sessionLink(w.session) },
                { title: pt('pl.check.detail'), key: 'text', render: (_, w) => <span>{text(w, { id: w.session.id })}</span> },
              ]}
            />
          ) : (
            shown.map((w) => (
              <Card key={`${w.kind}:${w.session.id}:${w.other?.id ?? ''}:${w.lecturer?.id ?? ''}`} size="small" className="check-card">
                <div>
                  <WarningTag kind={w.kind} /> {sessionLink(w.session)}
                </div>
                <Typography.Paragraph style={{ margin: '6px 0 0' }}>{text(w, { id: w.session.id })}</Typography.Paragraph>
                {w.other && !w.other.otherClassTitle && <div className="check-other">{sessionLink(w.other)}</div>}
              </Card>
            ))
          )}
          <Typography.Text type="secondary">{pt('pl.check.count', { n: all.length })}</Typography.Text>
        </>
      )}
    </div>
  );
}
