import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { Eligibility } from '../../../contracts';
import { fieldsIn, useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { certificateApi, certificateKeys } from './api';
import { useCertT } from './messages';

/** An instant as the class's wall clock: 2020-10-26 11:30. */
export const wallClock = (iso: string, timeZone: string) => `${dateIn(iso, timeZone)} ${timeIn(iso, timeZone)}`;

// Whether certificates may be issued now, and why not: the class has not completed; or its last
// session is still to come; or it has ended and the training office may allow issuing early (for
// a closing ceremony before the class is marked completed) — with a reason, audited.

export function IssueGate({ classId, data, canManage }: { classId: number; data: Eligibility; canManage: boolean }) {
  const t = useCertT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const gate = data.issue;
  const when = gate.lastSessionEndsAt ? wallClock(gate.lastSessionEndsAt, data.timeZone) : '';
  const allow = useMutation({
    mutationFn: (reason: string) => certificateApi.allowEarlyIssue(classId, reason),
    onSuccess: () => {
      message.success(t('gate.override_done'));
      setOpen(false);
      qc.invalidateQueries({ queryKey: certificateKeys.eligibility(classId) });
    },
    onError: (e) => problem(e, form, fieldsIn('reason')),
  });

  if (gate.open && gate.earlyIssue && data.classStatus !== 'completed') {
    const e = gate.earlyIssue;
    return (
      <Alert
        data-testid="early-issue"
        type="success"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('gate.early', { who: e.grantedBy ?? '', at: wallClock(e.grantedAt, data.timeZone), reason: e.reason })}
      />
    );
  }
  if (gate.open) return null;
  const text =
    gate.blockedBy === 'sessions_pending'
      ? t('gate.sessions_pending', { when })
      : gate.blockedBy === 'override_required'
        ? t('gate.override_required', { when })
        : t('gate.class_status');
  return (
    <>
      <Alert
        data-testid="issue-gate"
        type={gate.blockedBy === 'override_required' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        message={text}
        action={
          gate.blockedBy === 'override_required' && canManage ? (
            <Button
              size="small"
              onClick={() => {
                form.resetFields();
                setOpen(true);
              }}
            >
              {t('gate.override_button')}
            </Button>
          ) : undefined
        }
      />
      <Modal
        open={open}
        title={t('gate.override_title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={allow.isPending}
        destroyOnHidden
      >
        <Alert type="info" showIcon message={t('gate.override_help')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(v: { reason: string }) => allow.mutate(v.reason)}>
          <Form.Item name="reason" label={t('gate.override_reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
