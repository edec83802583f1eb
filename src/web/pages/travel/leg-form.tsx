import { AutoComplete, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, TimePicker, Typography } from 'antd';
import type { Direction, TravelEntry, TravelLeg } from '../../../contracts';
import { fieldsIn, useProblem } from '../../lib/problems';
import { type Dayjs, dayjs, inZone, zonedInstant } from '../../lib/time';
import { travelApi } from './api';
import { useTravelT } from './messages';

export const MODES = ['flight', 'train', 'car', 'other'] as const;
type Values = { mode: TravelLeg['mode']; number?: string; place: string; date: Dayjs; time: Dayjs; companions?: string };

/**
 * One trainee's travel in or out, entered or corrected by the 班主任. Date and time are the
 * class's wall clock (a 班主任 on a laptop set to another zone still types Beijing time).
 */
export function LegForm({
  classId,
  timeZone,
  entry,
  direction,
  places,
  onClose,
  onSaved,
}: {
  classId: number;
  timeZone: string;
  entry: TravelEntry;
  direction: Direction;
  places: string[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const t = useTravelT();
  const problem = useProblem();
  const [form] = Form.useForm<Values>();
  const leg = entry[direction];
  const local = leg ? inZone(leg.at, timeZone) : null;
  const initial: Partial<Values> = leg
    ? {
        mode: leg.mode,
        number: leg.number ?? undefined,
        place: leg.place,
        // The pickers read the class's wall clock as if it were the browser's.
        date: dayjs(local!.format('YYYY-MM-DD')),
        time: dayjs(`2000-01-01T${local!.format('HH:mm')}`),
        companions: leg.companions ?? undefined,
      }
    : { mode: 'flight' };
  const required = (field: string) => [{ required: true, message: t('tr.required', { field }) }];
  const save = async (v: Values) => {
    try {
      await travelApi.saveLeg(classId, entry.enrolmentId, {
        direction,
        mode: v.mode,
        number: v.number?.trim() || undefined,
        place: v.place.trim(),
        at: zonedInstant(v.date.format('YYYY-MM-DD'), v.time.format('HH:mm'), timeZone)!,
        companions: v.companions?.trim() || undefined,
      });
      onSaved(t('tr.saved', { name: entry.name }));
    } catch (e) {
      problem(e, form, fieldsIn('mode', 'number', 'place', 'companions'));
    }
  };
  const remove = async () => {
    try {
      await travelApi.deleteLeg(classId, entry.enrolmentId, direction);
      onSaved(t('tr.deleted'));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <Modal
      open
      title={t('tr.leg_title', { name: entry.name, dir: t(direction === 'arrival' ? 'tr.arrival_short' : 'tr.departure_short') })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          {leg && (
            <Popconfirm title={t('tr.delete_leg_confirm')} onConfirm={remove}>
              <Button danger>{t('tr.delete_leg')}</Button>
            </Popconfirm>
          )}
          <Button onClick={onClose}>{t('tr.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()}>
            {t('tr.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" className="leg-form" initialValues={initial} onFinish={save}>
        <Form.Item name="mode" label={t('tr.mode')} rules={required(t('tr.mode'))}>
          <Select options={MODES.map((m) => ({ value: m, label: t(`tr.mode.${m}`) }))} />
        </Form.Item>
        <Form.Item name="number" label={t('tr.number')}>
          <Input maxLength={20} placeholder="FM9384" />
        </Form.Item>
        <Form.Item name="place" label={t('tr.place')} rules={required(t('tr.place'))}>
          <AutoComplete options={places.map((p) => ({ value: p }))} maxLength={100} placeholder="上海浦东国际机场" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="date" label={t('tr.date')} rules={required(t('tr.date'))} style={{ width: '55%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="time" label={t('tr.time')} rules={required(t('tr.time'))} style={{ width: '45%' }}>
            <TimePicker format="HH:mm" needConfirm={false} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('tr.time_hint', { tz: timeZone })}
        </Typography.Paragraph>
        <Form.Item name="companions" label={t('tr.companions')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
