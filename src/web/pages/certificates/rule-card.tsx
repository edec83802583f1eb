import { EditOutlined, FileTextOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { Eligibility } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { fieldsIn, useProblem } from '../../lib/problems';
import { certificateApi, certificateKeys } from './api';
import { useCertT } from './messages';
import { TemplateDrawer } from './template-drawer';

// The completion rule as the class applies it, the serial pattern and issuer, the organizer's
// editor for them, and the way to the certificate wording (its template and preview).

const pct = (x: number) => Math.round(x * 1000) / 10;

export function RuleCard({ cls, data, canManage }: { cls: ClassDetailT; data: Eligibility; canManage: boolean }) {
  const t = useCertT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const [ruleOpen, setRuleOpen] = useState(false);
  const [wordingOpen, setWordingOpen] = useState(false);
  const [ruleForm] = Form.useForm();
  const rule = data.rule;
  const saveRule = useMutation({
    mutationFn: (body: { serialPattern: string; issuerName: string; requireEvaluations: boolean; requireReflections: boolean }) =>
      certificateApi.updateRule(cls.id, body),
    onSuccess: () => {
      message.success(t('rule.saved'));
      setRuleOpen(false);
      qc.invalidateQueries({ queryKey: certificateKeys.eligibility(cls.id) });
    },
    onError: (e) => problem(e, ruleForm, fieldsIn('serialPattern', 'issuerName')),
  });

  return (
    <Card
      size="small"
      title={t('rule.title')}
      extra={
        <Space size={4} wrap>
          <Button size="small" icon={<FileTextOutlined />} onClick={() => setWordingOpen(true)} data-testid="open-template">
            {t('tpl.open')}
          </Button>
          {canManage && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => {
                ruleForm.setFieldsValue({
                  serialPattern: rule.serialPattern,
                  issuerName: rule.issuerName,
                  requireEvaluations: rule.requireEvaluations,
                  requireReflections: rule.requireReflections,
                });
                setRuleOpen(true);
              }}
            >
              {t('rule.edit')}
            </Button>
          )}
        </Space>
      }
    >
      <ul className="rule-list">
        <li>{t('rule.attendance', { value: pct(rule.minAttendanceRatio) })}</li>
        <li>{t('rule.leave', { value: pct(rule.leaveLimitRatio) })}</li>
        {rule.requireEvaluations && (
          <li>
            {t('rule.evaluations')}
            {!rule.evaluationsAvailable && t('rule.inert')}
          </li>
        )}
        {rule.requireReflections && (
          <li>
            {t('rule.reflections')}
            {!rule.reflectionsAvailable && t('rule.inert')}
          </li>
        )}
      </ul>
      <Typography.Text type="secondary">{t('rule.ratios_hint')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        {t('rule.serial')}: <Typography.Text code>{rule.serialPattern}</Typography.Text> · {t('rule.next_serial', { serial: rule.serialExample })}
      </div>
      <div>
        {t('rule.issuer')}: {rule.issuerName}
      </div>

      <Modal
        open={ruleOpen}
        title={t('rule.edit')}
        onCancel={() => setRuleOpen(false)}
        onOk={() => ruleForm.submit()}
        confirmLoading={saveRule.isPending}
        destroyOnHidden
      >
        <Form form={ruleForm} layout="vertical" onFinish={(v) => saveRule.mutate(v)}>
          <Form.Item name="serialPattern" label={t('rule.serial')} extra={t('rule.serial_help')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="issuerName" label={t('rule.issuer')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="requireEvaluations" label={t('rule.evaluations')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="requireReflections" label={t('rule.reflections')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <TemplateDrawer open={wordingOpen} onClose={() => setWordingOpen(false)} cls={cls} data={data} canManage={canManage} />
    </Card>
  );
}
