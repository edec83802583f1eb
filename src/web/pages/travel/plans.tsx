import { CarOutlined, DeleteOutlined, EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, DatePicker, Empty, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { Direction, PickupPlan, TravelEntry, TravelLeg } from '../../../contracts';
import { PersonName } from '../../components/labels';
import { fieldsIn, useProblem } from '../../lib/problems';
import { type Dayjs, dayjs, inZone, zonedInstant } from '../../lib/time';
import { travelApi } from './api';
import { useTravelT } from './messages';

export type LegRow = { entry: TravelEntry; leg: TravelLeg };
const hm = (iso: string, tz: string) => inZone(iso, tz).format('HH:mm');
export const when = (iso: string, tz: string) => inZone(iso, tz).format('MM-DD HH:mm');

/** The pickup plans of one direction: where, when, which vehicle, who meets them, and who. */
export function PlanCards({
  plans,
  legs,
  timeZone,
  write,
  onEdit,
  onDelete,
}: {
  plans: PickupPlan[];
  legs: LegRow[];
  timeZone: string;
  write: boolean;
  onEdit: (plan: PickupPlan) => void;
  onDelete: (plan: PickupPlan) => void;
}) {
  const t = useTravelT();
  if (!plans.length) return <Empty description={t('tr.plans_none')} />;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', gap: 12 }}>
      {plans.map((p) => {
        const aboard = legs.filter((l) => l.leg.pickupPlanId === p.id).sort((a, b) => a.leg.at.localeCompare(b.leg.at));
        const end = hm(p.windowEndsAt, timeZone);
        return (
          <Card
            key={p.id}
            size="small"
            data-testid={`plan-${p.id}`}
            title={
              <Space>
                <CarOutlined />
                {p.place}
                <Typography.Text type="secondary">
                  {when(p.windowStartsAt, timeZone)}
                  {end !== hm(p.windowStartsAt, timeZone) ? `–${end}` : ''}
                </Typography.Text>
              </Space>
            }
            extra={
              write && (
                <Space size={0}>
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={`${t('tr.plan_edit')} ${p.place}`} onClick={() => onEdit(p)} />
                  <Popconfirm title={t('tr.plan_delete_confirm')} onConfirm={() => onDelete(p)}>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('tr.plan_delete')} />
                  </Popconfirm>
                </Space>
              )
            }
          >
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              {t('tr.vehicle')}：{p.vehicle ?? <Typography.Text type="warning">{t('tr.tbd')}</Typography.Text>}
              <br />
              {t('tr.staff_name')}：
              {p.staffName ? (
                <>
                  {p.staffName} {p.staffPhone && <PhoneOutlined />} {p.staffPhone}
                </>
              ) : (
                <Typography.Text type="warning">{t('tr.tbd')}</Typography.Text>
              )}
              <Tag style={{ marginLeft: 8 }}>{t('tr.people', { n: aboard.length })}</Tag>
            </Typography.Paragraph>
            {aboard.map(({ entry, leg }) => (
              <div key={leg.id} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <span>
                  <PersonName name={entry.name} nameBo={entry.nameBo} /> <Typography.Text type="secondary">{entry.phone}</Typography.Text>
                </span>
                <Typography.Text type="secondary">
                  {leg.number} {hm(leg.at, timeZone)}
                </Typography.Text>
              </div>
            ))}
          </Card>
        );
      })}
    </div>
  );
}

type Values = { place: string; window: [Dayjs, Dayjs]; vehicle?: string; staffName?: string; staffPhone?: string; legIds: number[] };

/** A new plan, or an existing one edited: the vehicle, the staff member meeting them, who rides. */
export function PlanForm({
  classId,
  timeZone,
  direction,
  plan,
  legs,
  places,
  staffNames,
  onClose,
  onSaved,
}: {
  classId: number;
  timeZone: string;
  direction: Direction;
  plan: PickupPlan | null;
  legs: LegRow[];
  places: string[];
  staffNames: string[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTravelT();
  const problem = useProblem();
  const [form] = Form.useForm<Values>();
  const wall = (iso: string) => dayjs(inZone(iso, timeZone).format('YYYY-MM-DDTHH:mm'));
  const initial: Partial<Values> = plan
    ? {
        place: plan.place,
        window: [wall(plan.windowStartsAt), wall(plan.windowEndsAt)],
        vehicle: plan.vehicle ?? undefined,
        staffName: plan.staffName ?? undefined,
        staffPhone: plan.staffPhone ?? undefined,
        legIds: plan.legIds,
      }
    : { legIds: [] };
  // A leg already in another plan may be moved here; the list says where it is now.
  const options = legs
    .filter((l) => l.leg.direction === direction)
    .map((l) => ({
      value: l.leg.id,
      label: `${l.entry.name} · ${l.leg.number ?? t(`tr.mode.${l.leg.mode}`)} ${when(l.leg.at, timeZone)} ${l.leg.place}`,
    }));
  const instant = (d: Dayjs) => zonedInstant(d.format('YYYY-MM-DD'), d.format('HH:mm'), timeZone)!;
  const save = async (v: Values) => {
    const body = {
      direction,
      place: v.place.trim(),
      windowStartsAt: instant(v.window[0]),
      windowEndsAt: instant(v.window[1]),
      vehicle: v.vehicle?.trim() || undefined,
      staffName: v.staffName?.trim() || undefined,
      staffPhone: v.staffPhone?.trim() || undefined,
      legIds: v.legIds,
    };
    try {
      if (plan) await travelApi.updatePlan(classId, plan.id, body);
      else await travelApi.createPlan(classId, body);
      onSaved();
    } catch (e) {
      problem(e, form, fieldsIn('place', 'vehicle', 'staffName', 'staffPhone', 'legIds'));
    }
  };
  const required = (field: string) => [{ required: true, message: t('tr.required', { field }) }];
  return (
    <Modal
      open
      width={620}
      title={plan ? t('tr.plan_edit') : t('tr.plan_new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tr.save')}
      cancelText={t('tr.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" className="plan-form" initialValues={initial} onFinish={save}>
        <Form.Item name="place" label={t('tr.place')} rules={required(t('tr.place'))}>
          <AutoComplete options={places.map((p) => ({ value: p }))} maxLength={100} />
        </Form.Item>
        <Form.Item name="window" label={`${t('tr.window_from')} – ${t('tr.window_to')}`} rules={required(t('tr.window_from'))}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="vehicle" label={t('tr.vehicle')}>
          <Input maxLength={100} placeholder="学院考斯特 沪A·K2020" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="staffName" label={t('tr.staff_name')} style={{ width: '50%' }}>
            <AutoComplete options={staffNames.map((n) => ({ value: n }))} maxLength={50} />
          </Form.Item>
          <Form.Item name="staffPhone" label={t('tr.staff_phone')} style={{ width: '50%' }}>
            <Input maxLength={30} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="legIds" label={t('tr.legs')}>
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
