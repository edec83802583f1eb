import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import { Enrolment, HandbookSettings } from '../../../contracts';
import { api } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { downloadFile } from '../roster-io/transfer';
import { useHandbookT } from './messages';

type Texts = { welcome?: string; rules?: string; phones?: Record<string, string> };

/** The class's 学员手册 tab: download it (A5 or the print booklet, class or one trainee's edition) and edit its texts. */
export default function HandbookTab({ cls }: { cls: ClassDetailT; powers?: ClassPowers }) {
  const t = useHandbookT();
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<Texts>();
  const [enrolmentId, setEnrolmentId] = useState<number | undefined>();
  const key = ['handbook-settings', cls.id];
  const q = useQuery({ queryKey: key, queryFn: () => api('GET', `/api/v1/classes/${cls.id}/handbook/settings`, { schema: HandbookSettings }) });
  const roster = useQuery({
    queryKey: ['handbook-roster', cls.id],
    queryFn: () => api('GET', `/api/v1/classes/${cls.id}/enrolments`, { schema: z.array(Enrolment) }),
  });
  const mayWrite = cls.abilities.includes('handbook.write');
  const mayInstitution = cls.abilities.includes('institution.manage');
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const download = (layout: 'a5' | 'booklet') =>
    downloadFile(`/api/v1/classes/${cls.id}/handbook.pdf?layout=${layout}${enrolmentId ? `&enrolmentId=${enrolmentId}` : ''}`, `handbook-${layout}.pdf`).catch(
      problem,
    );
  const save = async () => {
    const v = form.getFieldsValue();
    try {
      await api('PUT', `/api/v1/classes/${cls.id}/handbook/settings`, {
        body: { welcome: v.welcome ?? '', rules: v.rules ?? '', staffPhones: s.staff.map((m) => ({ userId: m.userId, phone: v.phones?.[m.userId] ?? '' })) },
        schema: HandbookSettings,
      });
      message.success(t('hb.saved'));
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      problem(e, form, fieldsIn('welcome', 'rules'));
    }
  };
  const saveInstitution = async () => {
    try {
      await api('PUT', `/api/v1/institutions/${cls.institutionId}/handbook-rules`, { body: { rules: form.getFieldValue('rules') || null } });
      message.success(t('hb.institution_saved'));
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      problem(e, form, fieldsIn('rules'));
    }
  };
  const trainees = (roster.data ?? []).filter((r) => r.status === 'enrolled');
  return (
    <div style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">{t('hb.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 240 }}
          placeholder={t('hb.personal')}
          aria-label={t('hb.personal_pick')}
          value={enrolmentId}
          onChange={setEnrolmentId}
          options={trainees.map((r) => ({ value: r.id, label: r.person.nameBo ? `${r.person.name} ${r.person.nameBo}` : r.person.name }))}
        />
        <Button type="primary" icon={<DownloadOutlined />} onClick={() => download('a5')}>
          {t('hb.download_a5')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => download('booklet')}>
          {t('hb.download_booklet')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('hb.print_help')}
      </Typography.Paragraph>
      <Card title={t('hb.texts')} size="small">
        <Form
          form={form}
          layout="vertical"
          disabled={!mayWrite}
          initialValues={{
            welcome: s.welcome ?? '',
            rules: s.rules ?? '',
            phones: Object.fromEntries(s.staff.map((m) => [m.userId, m.phone ?? ''])),
          }}
        >
          <Form.Item name="welcome" label={t('hb.welcome')} extra={t('hb.welcome_help')}>
            <Input.TextArea rows={4} placeholder={s.defaultWelcome} />
          </Form.Item>
          <Form.Item name="rules" label={t('hb.rules')} extra={t('hb.rules_help')}>
            <Input.TextArea rows={8} placeholder={s.inheritedRules} />
          </Form.Item>
          <Typography.Text strong>{t('hb.phones')}</Typography.Text>
          {s.staff.map((m) => (
            <Form.Item key={m.userId} name={['phones', String(m.userId)]} label={m.displayName} style={{ marginBottom: 8 }}>
              <Input style={{ maxWidth: 240 }} />
            </Form.Item>
          ))}
          <Space>
            <Button type="primary" onClick={save}>
              {t('hb.save')}
            </Button>
            {mayInstitution && <Button onClick={saveInstitution}>{t('hb.institution_rules')}</Button>}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
