import { FilePdfOutlined, PhoneOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, InputNumber, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { Direction, PickupPlan, TravelEntry, TravelLeg } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dayjs, todayIn } from '../../lib/time';
import type { ClassPowers } from '../class/powers';
import { downloadFile } from '../roster-io/transfer';
import { travelApi } from './api';
import { LegForm } from './leg-form';
import { useTravelT } from './messages';
import { type LegRow, PlanCards, PlanForm, when } from './plans';

/**
 * 接送站: every trainee's travel in and out, who has not entered it by the deadline, the pickup
 * plans grouped by place and arrival window (with the vehicle and the staff member meeting them),
 * and the printable pickup list with phones.
 */
export default function TravelTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useTravelT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [direction, setDirection] = useState<Direction>('arrival');
  const [windowMinutes, setWindowMinutes] = useState(90);
  const [editing, setEditing] = useState<{ entry: TravelEntry; direction: Direction } | null>(null);
  const [planning, setPlanning] = useState<PickupPlan | 'new' | null>(null);
  const [deadline, setDeadline] = useState<string | null | undefined>(undefined);
  const q = useQuery({ queryKey: ['travel', cls.id], queryFn: () => travelApi.overview(cls.id) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const tz = cls.timeZone;
  const write = cls.abilities.includes('travel.write') && cls.status !== 'completed' && cls.status !== 'archived';
  const refresh = () => qc.invalidateQueries({ queryKey: ['travel', cls.id] });
  const run = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      await refresh();
      if (done) message.success(done);
    } catch (e) {
      problem(e);
    }
  };
  const legs: LegRow[] = data.entries.flatMap((entry) =>
    [entry.arrival, entry.departure].filter((l): l is TravelLeg => l !== null).map((leg) => ({ entry, leg })),
  );
  const mine = legs.filter((l) => l.leg.direction === direction);
  const plans = data.plans.filter((p) => p.direction === direction);
  const unplanned = mine.filter((l) => l.leg.pickupPlanId === null);
  const places = [...new Set([...legs.map((l) => l.leg.place), ...data.plans.map((p) => p.place)])];
  const deadlineOn = deadline === undefined ? data.deadlineOn : deadline;
  const late = data.deadlineOn !== null && todayIn(tz) > data.deadlineOn;

  const download = async () => {
    try {
      const name = await downloadFile(`/api/v1/classes/${cls.id}/travel/pickup-list.pdf`, `pickup-${cls.id}.pdf`);
      message.success(t('tr.downloaded', { name }));
    } catch (e) {
      problem(e);
    }
  };
  const legCell = (entry: TravelEntry, d: Direction) => {
    const leg = entry[d];
    const open = () => setEditing({ entry, direction: d });
    return (
      <Space size={4} wrap>
        {leg ? (
          <span data-testid={`leg-${entry.enrolmentId}-${d}`}>
            {leg.number ?? t(`tr.mode.${leg.mode}`)} · {leg.place} · {when(leg.at, tz)}
            {leg.companions && <Typography.Text type="secondary"> · {leg.companions}</Typography.Text>}{' '}
            {leg.confirmedAt ? <Tag color="green">{t('tr.confirmed')}</Tag> : <Tag>{t('tr.unconfirmed')}</Tag>}
            {leg.pickupPlanId !== null && <Tag color="blue">{t('tr.planned')}</Tag>}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('tr.none')}</Typography.Text>
        )}
        {write && (
          <Button
            size="small"
            type="link"
            onClick={open}
            aria-label={`${leg ? t('tr.edit') : t('tr.enter')} ${entry.name} ${t(d === 'arrival' ? 'tr.arrival_short' : 'tr.departure_short')}`}
          >
            {leg ? t('tr.edit') : t('tr.enter')}
          </Button>
        )}
      </Space>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Text strong>{t('tr.deadline')}</Typography.Text>
        <DatePicker
          aria-label={t('tr.deadline')}
          id="travel-deadline"
          value={deadlineOn ? dayjs(deadlineOn) : null}
          disabled={!write}
          placeholder={t('tr.deadline_none')}
          onChange={(d) => setDeadline(d ? d.format('YYYY-MM-DD') : null)}
        />
        {write && deadlineOn !== data.deadlineOn && (
          <Button onClick={() => run(() => travelApi.deadline(cls.id, deadlineOn ?? null), t('tr.deadline_saved'))}>{t('tr.deadline_save')}</Button>
        )}
        <Button icon={<FilePdfOutlined />} onClick={download} disabled={!legs.length}>
          {t('tr.pdf')}
        </Button>
      </Space>
      {data.missing.length ? (
        <Alert
          type={late ? 'error' : 'warning'}
          showIcon
          data-testid="travel-missing"
          message={
            late
              ? t('tr.missing_after', { date: data.deadlineOn!, n: data.missing.length })
              : data.deadlineOn
                ? `${t('tr.missing_before', { date: data.deadlineOn })}（${data.missing.length}）`
                : t('tr.missing', { n: data.missing.length })
          }
          description={
            <Space wrap>
              {data.missing.map((m) => (
                <Tag key={m.enrolmentId}>
                  {m.name} {m.phone && <PhoneOutlined />} {m.phone}
                </Tag>
              ))}
            </Space>
          }
        />
      ) : (
        data.entries.length > 0 && <Alert type="success" showIcon message={t('tr.all_entered')} />
      )}

      <Card
        size="small"
        title={
          <Space wrap>
            {t('tr.plans')}
            <Segmented<Direction>
              value={direction}
              onChange={setDirection}
              options={[
                { value: 'arrival', label: t('tr.arrival') },
                { value: 'departure', label: t('tr.departure') },
              ]}
            />
          </Space>
        }
        extra={
          write && (
            <Space wrap>
              <Tooltip title={t('tr.auto_window', { n: windowMinutes })}>
                <InputNumber
                  min={15}
                  max={480}
                  step={15}
                  value={windowMinutes}
                  onChange={(v) => setWindowMinutes(v ?? 90)}
                  addonAfter={t('tr.window_minutes')}
                  aria-label={t('tr.window_minutes')}
                  style={{ width: 190 }}
                />
              </Tooltip>
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                disabled={!unplanned.length}
                onClick={() =>
                  run(async () => {
                    const { created } = await travelApi.auto(cls.id, direction, windowMinutes);
                    message.success(created ? t('tr.auto_done', { n: created }) : t('tr.auto_none'));
                  })
                }
              >
                {t('tr.auto')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setPlanning('new')}>
                {t('tr.plan_new')}
              </Button>
            </Space>
          )
        }
      >
        <PlanCards plans={plans} legs={mine} timeZone={tz} write={write} onEdit={setPlanning} onDelete={(p) => run(() => travelApi.deletePlan(cls.id, p.id))} />
        {unplanned.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            message={t('tr.unplanned', { n: unplanned.length })}
            description={unplanned.map((l) => `${l.entry.name}（${l.leg.number ?? ''} ${when(l.leg.at, tz)} ${l.leg.place}）`).join('、')}
          />
        )}
      </Card>

      <Table<TravelEntry>
        size="small"
        rowKey="enrolmentId"
        title={() => <Typography.Text strong>{t('tr.trainees')}</Typography.Text>}
        dataSource={data.entries}
        pagination={false}
        columns={[
          { title: t('tr.name'), key: 'name', render: (_, e) => <PersonName name={e.name} nameBo={e.nameBo} />, width: 150 },
          { title: t('tr.group'), dataIndex: 'groupName', width: 80 },
          { title: t('tr.phone'), dataIndex: 'phone', width: 120 },
          { title: t('tr.arrival_short'), key: 'arrival', render: (_, e) => legCell(e, 'arrival') },
          { title: t('tr.departure_short'), key: 'departure', render: (_, e) => legCell(e, 'departure') },
        ]}
      />

      {editing && (
        <LegForm
          classId={cls.id}
          timeZone={tz}
          entry={editing.entry}
          direction={editing.direction}
          places={places}
          onClose={() => setEditing(null)}
          onSaved={async (text) => {
            setEditing(null);
            await refresh();
            message.success(text);
          }}
        />
      )}
      {planning && (
        <PlanForm
          classId={cls.id}
          timeZone={tz}
          direction={direction}
          plan={planning === 'new' ? null : planning}
          legs={legs}
          places={places}
          staffNames={cls.staff.map((s) => s.displayName)}
          onClose={() => setPlanning(null)}
          onSaved={async () => {
            setPlanning(null);
            await refresh();
            message.success(t('tr.plan_saved'));
          }}
        />
      )}
    </Space>
  );
}
