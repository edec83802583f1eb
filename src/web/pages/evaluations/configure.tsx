import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Grid, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type EvaluationSettings, type QuestionnaireSummary, UpdateEvaluationSettingsBody, UpdateQuestionnaireBody } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { type Dayjs, dayjs, inZone } from '../../lib/time';
import { useContractCheck } from '../../lib/validation';
import { evaluationApi, useEvaluationRefresh, useTemplates } from './api';
import { useEvT } from './messages';

type ConfigValues = { enabled: boolean; templateId?: number; anonymous: boolean; opensAt?: Dayjs | null; closesAt?: Dayjs | null };

/** The wall-clock time in the picker, read in the class's zone → an ISO instant with offset. */
const toInstant = (d: Dayjs | null | undefined, timeZone: string) =>
  d ? dayjs.tz(d.format('YYYY-MM-DD HH:mm'), timeZone).format('YYYY-MM-DDTHH:mm:ssZ') : null;
const toPicker = (iso: string, timeZone: string) => dayjs(inZone(iso, timeZone).format('YYYY-MM-DD HH:mm'));

/** One questionnaire: whether it runs, which template, anonymity, and its times when not automatic. */
export function ConfigureDrawer({
  classId,
  institutionId,
  timeZone,
  settings,
  questionnaire,
  onClose,
}: {
  classId: number;
  institutionId: number;
  timeZone: string;
  settings: EvaluationSettings;
  questionnaire: QuestionnaireSummary | null;
  onClose: () => void;
}) {
  const t = useEvT();
  const tt = useT();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfigValues>();
  const templates = useTemplates(institutionId);
  const refresh = useEvaluationRefresh(classId);
  const problem = useProblem();
  const check = useContractCheck();
  const [busy, setBusy] = useState(false);
  const enabled = Form.useWatch('enabled', form);
  const q = questionnaire;

  useEffect(() => {
    if (!q) return;
    form.resetFields();
    form.setFieldsValue({
      enabled: q.enabled,
      templateId: q.templateId ?? undefined,
      anonymous: q.anonymous,
      opensAt: q.customTimes ? toPicker(q.opensAt, timeZone) : null,
      closesAt: q.customTimes ? toPicker(q.closesAt, timeZone) : null,
    });
  }, [q, form, timeZone]);

  const submit = async (v: ConfigValues) => {
    if (!q) return;
    const raw = {
      ...(v.enabled !== q.enabled ? { enabled: v.enabled } : {}),
      ...(v.templateId && v.templateId !== q.templateId ? { templateId: v.templateId } : {}),
      ...(v.anonymous !== q.anonymous ? { anonymous: v.anonymous } : {}),
      opensAt: toInstant(v.opensAt, timeZone),
      closesAt: toInstant(v.closesAt, timeZone),
    };
    const body = check(UpdateQuestionnaireBody, raw, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      await evaluationApi.updateQuestionnaire(classId, q.id, body.data);
      await refresh();
      message.success(t('ev.cfg.saved'));
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('enabled', 'templateId', 'anonymous', 'opensAt', 'closesAt'));
    } finally {
      setBusy(false);
    }
  };

  const kindTarget = q?.session?.kind ?? 'class';
  const options = (templates.data ?? []).map((x) => ({
    value: x.id,
    label: x.defaultFor === kindTarget ? `${x.name}（${t(`target.${kindTarget}`)}）` : x.name,
  }));
  return (
    <Drawer
      open={q !== null}
      onClose={onClose}
      title={t('ev.cfg.title', { title: q ? (q.session ? q.title : t('ev.class_questionnaire')) : '' })}
      size={screens.sm ? 520 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{tt('action.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {tt('action.save')}
          </Button>
        </Space>
      }
    >
      {q?.locked && <Typography.Paragraph type="warning">{t('ev.locked')}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="enabled" label={t('ev.cfg.enabled')} valuePropName="checked">
          <Switch disabled={q?.locked} />
        </Form.Item>
        <Form.Item name="templateId" label={t('ev.cfg.template')} rules={[{ required: !!enabled, message: t('ev.cfg.template') }]}>
          <Select options={options} disabled={q?.locked || !enabled} loading={templates.isPending} />
        </Form.Item>
        <Form.Item name="anonymous" label={t('ev.cfg.anonymous')} valuePropName="checked" extra={t('ev.cfg.anonymous_hint')}>
          <Switch disabled={q?.locked || !enabled} />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          {t('ev.cfg.times_hint', { minutes: settings.openBeforeEndMinutes, hours: settings.closeAfterHours })}
        </Typography.Paragraph>
        <Space wrap>
          <Form.Item name="opensAt" label={t('ev.cfg.opens')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabled={!enabled}
              placeholder={q ? inZone(q.opensAt, timeZone).format('YYYY-MM-DD HH:mm') : ''}
            />
          </Form.Item>
          <Form.Item name="closesAt" label={t('ev.cfg.closes')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabled={!enabled}
              placeholder={q ? inZone(q.closesAt, timeZone).format('YYYY-MM-DD HH:mm') : ''}
            />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}

/** The class's evaluation settings: how long questionnaires stay open, and the group threshold. */
export function SettingsDrawer({ classId, settings, open, onClose }: { classId: number; settings: EvaluationSettings; open: boolean; onClose: () => void }) {
  const t = useEvT();
  const tt = useT();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [form] = Form.useForm<EvaluationSettings>();
  const refresh = useEvaluationRefresh(classId);
  const problem = useProblem();
  const check = useContractCheck();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue(settings);
  }, [open, settings, form]);
  const submit = async (v: EvaluationSettings) => {
    const body = check(UpdateEvaluationSettingsBody, v, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      await evaluationApi.updateSettings(classId, body.data);
      await refresh();
      message.success(t('ev.cfg.saved'));
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('closeAfterHours', 'openBeforeEndMinutes', 'minGroupSize'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('ev.settings')}
      size={screens.sm ? 460 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{tt('action.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {tt('action.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="closeAfterHours" label={t('ev.settings.close_after')} rules={[{ required: true }]}>
          <InputNumber min={1} max={720} precision={0} />
        </Form.Item>
        <Form.Item name="openBeforeEndMinutes" label={t('ev.settings.open_before')} rules={[{ required: true }]}>
          <InputNumber min={0} max={240} precision={0} />
        </Form.Item>
        <Form.Item name="minGroupSize" label={t('ev.settings.min_group')} extra={t('ev.settings.min_group_hint')} rules={[{ required: true }]}>
          <InputNumber min={2} max={50} precision={0} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The questionnaire's QR code and link, for the last slide of the lecture. */
export function QrModal({ classId, questionnaire, onClose }: { classId: number; questionnaire: QuestionnaireSummary | null; onClose: () => void }) {
  const t = useEvT();
  const { message } = App.useApp();
  const link = useQuery({
    queryKey: ['evaluations', classId, 'link', questionnaire?.id ?? 0],
    queryFn: () => evaluationApi.link(classId, questionnaire!.id),
    enabled: questionnaire !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const title = questionnaire ? (questionnaire.session ? questionnaire.title : t('ev.class_questionnaire')) : '';
  const src = link.data ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.data.svg)}` : undefined;
  return (
    <Modal open={questionnaire !== null} onCancel={onClose} footer={null} title={t('ev.qr.title', { title })} destroyOnHidden>
      {link.error && <ErrorState error={link.error} />}
      {link.isPending && <Loading />}
      {link.data && (
        <div className="ev-qr">
          <img src={src} alt={link.data.url} width={260} height={260} />
          <Typography.Paragraph copyable={false} className="ev-qr-url mono">
            {link.data.url}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('ev.qr.hint')}</Typography.Paragraph>
          <Space>
            <Button
              icon={<CopyOutlined />}
              onClick={async () => {
                await navigator.clipboard?.writeText(link.data.url);
                message.success(t('ev.qr.copied'));
              }}
            >
              {t('ev.qr.copy')}
            </Button>
            <Button icon={<DownloadOutlined />} href={src} download={`${title}.svg`}>
              SVG
            </Button>
          </Space>
        </div>
      )}
    </Modal>
  );
}
