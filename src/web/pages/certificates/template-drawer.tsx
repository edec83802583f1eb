import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Grid, Input, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type CertificateTemplates, type Eligibility, renderCertificateText } from '../../../contracts';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { dateIn } from '../../lib/time';
import { certificateApi, certificateKeys, useCertificateSettings } from './api';
import { useCertT } from './messages';

// The institution's certificate wording, with a preview that follows the typing: the text as it
// will print for a trainee of this class (one who attended fewer hours than the class's, when
// there is one, so both figures show), the Tibetan line of bilingual classes, and a specimen PDF.

// What the PDF keeps on one line (dates, a number with its unit, the name) stays on one line here too.
const GLUED = String.raw`(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日|\d+(?:\.\d+)?\s*(?:年|月|日|学时)`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function Glued({ text, names }: { text: string; names: string[] }) {
  const pattern = new RegExp(`(${[...names.filter(Boolean).map(escapeRegExp), GLUED].join('|')})`, 'g');
  return (
    <>
      {text.split(pattern).map((part, i) =>
        i % 2 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed text, in order
          <span key={i} className="nowrap">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

type Values = { bodyTemplate: string; hoursFullTemplate: string; hoursPartialTemplate: string; tibetanLine?: string | null };
const templatesOf = (v: Values): CertificateTemplates => ({
  bodyTemplate: v.bodyTemplate ?? '',
  hoursFullTemplate: v.hoursFullTemplate ?? '',
  hoursPartialTemplate: v.hoursPartialTemplate ?? '',
  tibetanLine: v.tibetanLine?.trim() ? v.tibetanLine : null,
});

export function TemplateDrawer({
  open,
  onClose,
  cls,
  data,
  canManage,
}: {
  open: boolean;
  onClose: () => void;
  cls: { id: number; title: string; startsOn: string; endsOn: string };
  data: Eligibility;
  canManage: boolean;
}) {
  const t = useCertT();
  const common = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const screens = Grid.useBreakpoint();
  const settings = useCertificateSettings(cls.id, open);
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Values | undefined;
  const canEdit = settings.data?.canEdit ?? false;
  const enrolled = data.rows.filter((r) => r.enrolmentStatus === 'enrolled');
  const [sampleId, setSampleId] = useState<number | null>(null);
  const sample = enrolled.find((r) => r.enrolmentId === sampleId) ??
    enrolled.find((r) => r.attendedHours < r.totalHours) ??
    enrolled[0] ?? { name: t('tpl.sample'), nameBo: null, totalHours: 40, attendedHours: 36, enrolmentId: 0 };

  useEffect(() => {
    if (open && settings.data) form.setFieldsValue({ ...settings.data, tibetanLine: settings.data.tibetanLine ?? '' });
  }, [open, settings.data, form]);

  const templates = values?.bodyTemplate !== undefined ? templatesOf(values) : settings.data;
  const text = useMemo(
    () =>
      templates
        ? renderCertificateText(templates, { ...sample, classTitle: cls.title, startsOn: cls.startsOn, endsOn: cls.endsOn }, { bilingual: data.bilingual })
        : null,
    [templates, sample, cls, data.bilingual],
  );

  const save = useMutation({
    mutationFn: (v: Values) => certificateApi.updateSettings(cls.id, templatesOf(v)),
    onSuccess: () => {
      message.success(t('tpl.saved'));
      qc.invalidateQueries({ queryKey: certificateKeys.settings(cls.id) });
      qc.invalidateQueries({ queryKey: certificateKeys.eligibility(cls.id) });
      onClose();
    },
    onError: (e) => problem(e, form, fieldsIn('bodyTemplate', 'hoursFullTemplate', 'hoursPartialTemplate', 'tibetanLine')),
  });
  const bilingual = useMutation({
    mutationFn: (on: boolean) => certificateApi.setBilingual(cls.id, on),
    onSuccess: () => qc.invalidateQueries({ queryKey: certificateKeys.eligibility(cls.id) }),
    onError: (e) => problem(e),
  });
  const specimen = useMutation({
    mutationFn: () => certificateApi.specimen(cls.id, values ? { ...templatesOf(values), bilingual: data.bilingual } : {}),
    onError: (e) => problem(e, form, fieldsIn('bodyTemplate', 'hoursFullTemplate', 'hoursPartialTemplate', 'tibetanLine')),
  });

  const preview = text && (
    <section className="certificate-preview" data-testid="certificate-preview" aria-label={t('tpl.preview')}>
      <h3>结 业 证 书</h3>
      <p className="certificate-preview-body">
        <Glued text={text.body} names={sample.nameBo ? [`${sample.name}（${sample.nameBo}）`] : [sample.name]} />
      </p>
      <p className="certificate-preview-body">特发此证。</p>
      {text.tibetan && (
        <p lang="bo" className="certificate-preview-bo">
          {text.tibetan}
        </p>
      )}
    </section>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('tpl.title')}
      size={screens.sm ? 760 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button icon={<FilePdfOutlined />} loading={specimen.isPending} onClick={() => specimen.mutate()}>
            {t('tpl.specimen')}
          </Button>
          {canEdit && (
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="template-save">
              {common('action.save')}
            </Button>
          )}
        </Space>
      }
    >
      <Alert type="info" showIcon message={canEdit || !settings.data ? t('tpl.scope') : t('tpl.readonly')} style={{ marginBottom: 12 }} />
      <Typography.Title level={5}>{t('tpl.preview')}</Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('tpl.preview_for')}</span>
        <Select
          style={{ minWidth: 200 }}
          value={sample.enrolmentId || undefined}
          onChange={setSampleId}
          options={enrolled.map((r) => ({ value: r.enrolmentId, label: `${r.name}（${r.attendedHours}/${r.totalHours}）` }))}
          data-testid="preview-trainee"
        />
      </Space>
      {preview}
      {canManage && (
        <Space style={{ margin: '12px 0' }} align="start">
          <Switch
            checked={data.bilingual}
            disabled={!data.bilingualAvailable && !data.bilingual}
            loading={bilingual.isPending}
            onChange={(on) => bilingual.mutate(on)}
            aria-label={t('tpl.bilingual')}
          />
          <span>
            {t('tpl.bilingual')}
            {!data.bilingualAvailable && <Typography.Text type="secondary"> · {t('tpl.bilingual_help')}</Typography.Text>}
          </span>
        </Space>
      )}
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => save.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item name="bodyTemplate" label={t('tpl.body')} extra={t('tpl.body_help')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={400} />
        </Form.Item>
        <Form.Item name="hoursFullTemplate" label={t('tpl.hours_full')} extra={t('tpl.hours_full_help')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="hoursPartialTemplate" label={t('tpl.hours_partial')} extra={t('tpl.hours_partial_help')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="tibetanLine" label={t('tpl.tibetan')} extra={t('tpl.tibetan_help')}>
          <Input.TextArea rows={2} maxLength={400} lang="bo" className="tibetan-input" />
        </Form.Item>
      </Form>
      {settings.data?.updatedAt && (
        <Typography.Text type="secondary">
          {t('tpl.updated', { who: settings.data.updatedBy ?? '', at: dateIn(settings.data.updatedAt, data.timeZone) })}
        </Typography.Text>
      )}
    </Drawer>
  );
}
