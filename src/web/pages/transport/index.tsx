import { CarOutlined, DeleteOutlined, FileExcelOutlined, FilePdfOutlined, ScanOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Popconfirm, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import type { SessionTransport, VehicleBody } from '../../../contracts';
import { AssignResult, ClassTransport, SessionTransport as SessionTransportSchema } from '../../../contracts';
import { api } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { downloadFile } from '../roster-io/transfer';
import { useBusT } from './messages';

type Leg = 'outbound' | 'return';
const busApi = {
  classTransport: (classId: number) => api('GET', `/api/v1/classes/${classId}/transport`, { schema: ClassTransport }),
  session: (sessionId: number) => api('GET', `/api/v1/sessions/${sessionId}/transport`, { schema: SessionTransportSchema }),
  add: (sessionId: number, body: z.input<typeof VehicleBody>) =>
    api('POST', `/api/v1/sessions/${sessionId}/vehicles`, { body, schema: SessionTransportSchema }),
  remove: (sessionId: number, vehicleId: number) => api('DELETE', `/api/v1/sessions/${sessionId}/vehicles/${vehicleId}`, { schema: SessionTransportSchema }),
  seat: (sessionId: number, leg: Leg) => api('POST', `/api/v1/sessions/${sessionId}/seating`, { body: { leg }, schema: AssignResult }),
  returnTrip: (sessionId: number) => api('POST', `/api/v1/sessions/${sessionId}/return-trip`, { schema: SessionTransportSchema }),
  move: (sessionId: number, body: { leg: Leg; enrolmentId?: number; staffUserId?: number; vehicleId: number | null }) =>
    api('PUT', `/api/v1/sessions/${sessionId}/passengers`, { body, schema: SessionTransportSchema }),
};

const fmtTime = (iso: string, tz: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/** 车辆: the buses of each site visit, the manifests by group, boarding and the return trip. */
export default function TransportTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useBusT();
  const list = useQuery({ queryKey: ['transport', cls.id], queryFn: () => busApi.classTransport(cls.id) });
  const [sessionId, setSessionId] = useState<number | null>(null);
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const sessions = list.data.sessions;
  if (!sessions.length) return <Empty description={t('bus.none_visits')} />;
  const current = sessionId ?? sessions[0].id;
  const write = cls.abilities.includes('vehicle.write') && cls.status !== 'completed' && cls.status !== 'archived';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Text strong>{t('bus.visit')}</Typography.Text>
        <Select
          style={{ minWidth: 360 }}
          value={current}
          onChange={setSessionId}
          aria-label={t('bus.visit')}
          options={sessions.map((s) => ({
            value: s.id,
            label: `${fmtTime(s.startsAt, list.data.timeZone)} ${s.title} · ${t('bus.count', { n: s.vehicles.length })}`,
          }))}
        />
      </Space>
      <SessionBuses key={current} classId={cls.id} sessionId={current} write={write} staff={list.data.staff} />
    </Space>
  );
}

function SessionBuses({
  classId,
  sessionId,
  write,
  staff,
}: {
  classId: number;
  sessionId: number;
  write: boolean;
  staff: Array<{ userId: number; displayName: string }>;
}) {
  const t = useBusT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [leg, setLeg] = useState<Leg>('outbound');
  const [split, setSplit] = useState<string[]>([]);
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: ['session-transport', sessionId], queryFn: () => busApi.session(sessionId), refetchInterval: 15_000 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const run = async (work: () => Promise<SessionTransport>) => {
    try {
      const next = await work();
      qc.setQueryData(['session-transport', sessionId], next);
      await qc.invalidateQueries({ queryKey: ['transport', classId] });
      return next;
    } catch (e) {
      problem(e);
      return null;
    }
  };
  const vehicles = data.vehicles.filter((v) => v.leg === leg);
  const unassigned = data.unassigned[leg];
  const download = async (format: 'pdf' | 'xlsx') => {
    try {
      const name = await downloadFile(`/api/v1/sessions/${sessionId}/manifest/${format}?leg=${leg}`, `manifest-${sessionId}.${format}`);
      message.success(t('bus.downloaded', { name }));
    } catch (e) {
      problem(e);
    }
  };
  const moveOptions = [...vehicles.map((v) => ({ value: v.id, label: `${v.label} ${v.plate}` })), { value: 0, label: t('bus.off') }];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Segmented<Leg>
          value={leg}
          onChange={setLeg}
          options={[
            { value: 'outbound', label: t('bus.leg.outbound') },
            { value: 'return', label: t('bus.leg.return') },
          ]}
        />
        {write && (
          <Button
            type="primary"
            icon={<TeamOutlined />}
            disabled={!vehicles.length}
            onClick={async () => {
              try {
                const next = await busApi.seat(sessionId, leg);
                setSplit(next.splitGroups);
                qc.setQueryData(['session-transport', sessionId], next);
                await qc.invalidateQueries({ queryKey: ['transport', classId] });
                message.success(
                  t('bus.seated', {
                    n: next.vehicles.filter((v) => v.leg === leg).reduce((s, v) => s + v.passengers.filter((p) => p.kind === 'trainee').length, 0),
                  }),
                );
              } catch (e) {
                problem(e);
              }
            }}
          >
            {t('bus.seat')}
          </Button>
        )}
        {write && leg === 'return' && !vehicles.length && <Button onClick={() => run(() => busApi.returnTrip(sessionId))}>{t('bus.return_trip')}</Button>}
        <Button icon={<FilePdfOutlined />} disabled={!vehicles.length} onClick={() => download('pdf')}>
          {t('bus.pdf')}
        </Button>
        <Button icon={<FileExcelOutlined />} disabled={!vehicles.length} onClick={() => download('xlsx')}>
          {t('bus.xlsx')}
        </Button>
        {write && vehicles.length > 0 && (
          <Button icon={<ScanOutlined />} href={`/t/scanner/${classId}?mode=boarding`} target="_blank">
            {t('bus.scanner')}
          </Button>
        )}
      </Space>
      {split.length > 0 && <Alert type="warning" showIcon message={t('bus.split', { groups: split.join('、') })} />}
      {write && (
        <Card size="small" title={t('bus.add')}>
          <Form
            form={form}
            layout="inline"
            onFinish={async (v) => {
              const next = await run(() => busApi.add(sessionId, { ...v, leg }));
              if (next) form.resetFields();
            }}
          >
            <Form.Item name="label" rules={[{ required: true, message: t('bus.label') }]}>
              <Input placeholder={t('bus.label')} aria-label={t('bus.label')} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="plate" rules={[{ required: true, message: t('bus.plate') }]}>
              <Input placeholder={t('bus.plate')} aria-label={t('bus.plate')} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="seats" rules={[{ required: true, message: t('bus.seats') }]}>
              <InputNumber min={1} max={100} placeholder={t('bus.seats')} aria-label={t('bus.seats')} />
            </Form.Item>
            <Form.Item name="company">
              <Input placeholder={t('bus.company')} aria-label={t('bus.company')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="driverName">
              <Input placeholder={t('bus.driver')} aria-label={t('bus.driver')} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="driverPhone">
              <Input placeholder={t('bus.driver_phone')} aria-label={t('bus.driver_phone')} style={{ width: 130 }} />
            </Form.Item>
            <Button htmlType="submit" icon={<CarOutlined />}>
              {t('bus.add')}
            </Button>
          </Form>
        </Card>
      )}
      {unassigned.length > 0 && (
        <Alert
          type="info"
          message={t('bus.unassigned', { n: unassigned.length })}
          description={
            <Space wrap>
              {unassigned.map((p) => (
                <Tag key={p.enrolmentId}>
                  {p.name} {p.groupName ? `· ${p.groupName}` : ''}
                </Tag>
              ))}
            </Space>
          }
        />
      )}
      <div className="bus-grid" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(400px, 1fr))', gap: 12 }}>
        {vehicles.map((v) => {
          const missing = v.passengers.filter((p) => !p.boardedAt);
          const departs = v.departsAt ?? (leg === 'outbound' ? data.session.startsAt : data.session.endsAt);
          const late = Date.now() >= Date.parse(departs);
          return (
            <Card
              key={v.id}
              size="small"
              data-testid={`bus-${v.label}`}
              title={
                <Space>
                  <CarOutlined />
                  {v.label} <Typography.Text type="secondary">{v.plate}</Typography.Text>
                </Space>
              }
              extra={
                <Space>
                  <Typography.Text type="secondary">{t('bus.passengers', { n: v.passengers.length, seats: v.seats, b: v.boardedCount })}</Typography.Text>
                  {write && (
                    <Popconfirm title={t('bus.delete_confirm', { label: v.label })} onConfirm={() => run(() => busApi.remove(sessionId, v.id))}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('bus.delete')} />
                    </Popconfirm>
                  )}
                </Space>
              }
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {[v.company, v.driverName, v.driverPhone].filter(Boolean).join(' · ')} · {t('bus.departs')} {fmtTime(departs, data.timeZone)}
              </Typography.Paragraph>
              {v.passengers.length > 0 &&
                (missing.length ? (
                  <Alert
                    type={late ? 'error' : 'warning'}
                    style={{ marginBottom: 8 }}
                    message={late ? t('bus.missing_late', { n: missing.length }) : t('bus.missing', { n: missing.length })}
                    description={missing.map((p) => p.name).join('、')}
                  />
                ) : (
                  <Alert type="success" style={{ marginBottom: 8 }} message={t('bus.all_boarded')} />
                ))}
              {v.passengers.map((p) => (
                <div key={p.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '2px 0' }}>
                  <span>
                    <PersonName name={p.name} nameBo={p.nameBo} />{' '}
                    <Typography.Text type="secondary">{p.kind === 'staff' ? t('bus.staff') : p.groupName}</Typography.Text>
                    {p.groupLeader && <Tag color="gold">{t('bus.leader')}</Tag>}
                    {p.boardedAt && <Tag color="green">✓ {fmtTime(p.boardedAt, data.timeZone)}</Tag>}
                  </span>
                  {write && (
                    <Select
                      size="small"
                      style={{ width: 130 }}
                      aria-label={`${t('bus.move')} ${p.name}`}
                      value={v.id}
                      options={moveOptions}
                      onChange={(to) =>
                        run(() =>
                          busApi.move(sessionId, {
                            leg,
                            ...(p.kind === 'staff' ? { staffUserId: p.staffUserId! } : { enrolmentId: p.enrolmentId! }),
                            vehicleId: to === 0 ? null : to,
                          }),
                        )
                      }
                    />
                  )}
                </div>
              ))}
              {write && (
                <Select
                  size="small"
                  style={{ width: '100%', marginTop: 8 }}
                  placeholder={t('bus.staff_on')}
                  aria-label={`${t('bus.staff_on')} ${v.label}`}
                  value={null}
                  options={staff.filter((s) => !v.passengers.some((p) => p.staffUserId === s.userId)).map((s) => ({ value: s.userId, label: s.displayName }))}
                  onChange={(userId: number) => run(() => busApi.move(sessionId, { leg, staffUserId: userId, vehicleId: v.id }))}
                />
              )}
            </Card>
          );
        })}
      </div>
    </Space>
  );
}
