import { DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { type ClassFollowup, type PlanItem, StaffPlanItemBody } from '../../../contracts';
import { useProblem } from '../../lib/problems';
import { useContractCheck } from '../../lib/validation';
import { followupApi } from './api';
import type { FollowupT } from './messages';

type Values = { text: string; dueOn: Dayjs | null; measure: string; staffComment: string };

/** The class teacher edits a trainee's plan item (until the follow-up opens) and comments on it; the server audits both. */
export function PlanItemDialog({
  classId,
  target,
  frozen,
  t,
  onClose,
  onSaved,
}: {
  classId: number;
  target: { enrolmentId: number; name: string; item: PlanItem } | null;
  frozen: boolean;
  t: FollowupT;
  onClose: () => void;
  onSaved: (v: ClassFollowup) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const check = useContractCheck();
  const problem = useProblem();
  useEffect(() => {
    if (!target) return;
    const i = target.item;
    form.setFieldsValue({ text: i.text, dueOn: i.dueOn ? dayjs(i.dueOn) : null, measure: i.measure ?? '', staffComment: i.staffComment ?? '' });
  }, [target, form]);
  const save = async () => {
    if (!target) return;
    const v = form.getFieldsValue();
    const body = check(
      StaffPlanItemBody,
      { text: v.text ?? '', dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null, measure: v.measure || null, staffComment: v.staffComment || null },
      form,
      (f) => [f],
    );
    if (!body.ok) return;
    setBusy(true);
    try {
      onSaved(await followupApi.planItem(classId, target.enrolmentId, target.item.id, body.data));
      onClose();
    } catch (e) {
      problem(e, form, (f) => [f]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!target}
      title={t('item_title', { name: target?.name ?? '' })}
      onOk={save}
      okText={t('save')}
      okButtonProps={{ loading: busy }}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" className="plan-item-form">
        {frozen && <Typography.Paragraph type="secondary">{t('item_frozen')}</Typography.Paragraph>}
        <Form.Item name="text" label={t('item_text')} required>
          <Input.TextArea rows={2} maxLength={300} disabled={frozen} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('item_due')}>
          <DatePicker disabled={frozen} />
        </Form.Item>
        <Form.Item name="measure" label={t('item_measure')}>
          <Input maxLength={200} disabled={frozen} />
        </Form.Item>
        <Form.Item name="staffComment" label={t('item_comment')} extra={t('item_comment_hint')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
