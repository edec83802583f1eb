import { App, Checkbox, Form, Input, Modal, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { MEAL_TIMES, type MealKind, type MealPlan } from '../../../contracts';
import { fieldsIn, useProblem } from '../../lib/problems';
import { residenceApi } from './api';
import { deleteFooter } from './delete-footer';
import { type ResKey, useResT } from './messages';

type Values = { servedAt: Dayjs; place?: string; banquet?: boolean; notes?: string };

/** One meal of one day: when, where, a banquet or not; or taken off the plan. */
export function MealDialog({
  classId,
  editing,
  write,
  onClose,
  onSaved,
}: {
  classId: number;
  editing: { day: string; meal: MealKind; plan: MealPlan | null } | null;
  write: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!editing) return;
    const p = editing.plan;
    form.setFieldsValue({
      servedAt: dayjs(`2000-01-01T${p?.servedAt ?? MEAL_TIMES[editing.meal]}`),
      place: p?.place ?? '',
      banquet: p?.banquet ?? false,
      notes: p?.notes ?? '',
    });
  }, [editing, form]);
  if (!editing) return null;
  const save = async (v: Values) => {
    try {
      await residenceApi.saveMeal(classId, {
        day: editing.day,
        meal: editing.meal,
        servedAt: v.servedAt.format('HH:mm'),
        place: v.place?.trim() || null,
        banquet: !!v.banquet,
        notes: v.notes?.trim() || null,
      });
      message.success(t('rm.saved'));
      onSaved();
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('servedAt', 'place', 'notes'));
    }
  };
  const plan = editing.plan;
  return (
    <Modal
      open
      title={t('ml.edit', { day: editing.day, meal: t(`ml.meal.${editing.meal}` as ResKey) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !write }}
      destroyOnHidden
      footer={deleteFooter({
        show: Boolean(write && plan),
        confirm: t('ml.delete'),
        label: t('ml.delete'),
        remove: () => residenceApi.deleteMeal(classId, plan!.id),
        done: () => {
          onSaved();
          onClose();
        },
        problem,
      })}
    >
      <Form form={form} layout="vertical" onFinish={save} disabled={!write}>
        <Space size="middle">
          <Form.Item name="servedAt" label={t('ml.served_at')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} />
          </Form.Item>
          <Form.Item name="place" label={t('ml.place')}>
            <Input style={{ width: 200 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="banquet" valuePropName="checked" label=" ">
            <Checkbox>{t('ml.banquet')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('ml.notes_meal')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
