import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Grid, Input, Modal, Popconfirm, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type ClassStatus, ClassStatus as ClassStatusSchema } from '../../../contracts';
import { ApiError } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { statusKey } from '../../components/labels';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { inZone } from '../../lib/time';
import { setupApi } from '../class-setup/api';
import { type SetupKey, useSetupT } from '../class-setup/messages';
import '../class-setup/setup.css';
import type { ClassPowers } from './powers';

type Flags = { confirmWarnings?: boolean; override?: boolean; reason?: string };
/** What the card is asking the user: confirm warnings, give a reason to override, or a reason to step back. */
type Ask = { kind: 'warnings'; message: string } | { kind: 'override'; message: string } | { kind: 'back' } | null;

const TOO_EARLY = ['class.too_early_running', 'class.too_early_completed'];

/**
 * The lifecycle card of the overview: where the class is, what each step opens and closes, the
 * next step (refused with the reason when it is too early; the organizer may then override with a
 * reason), the warnings of the timetable check to confirm before starting, and the organizer's
 * step back with a reason. The server decides every step; the card only asks what it needs.
 */
export function LifecycleCard({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const st = useSetupT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<Ask>(null);
  const [flags, setFlags] = useState<Flags>({});
  const statuses = ClassStatusSchema.options;
  const lc = cls.lifecycle;
  const organizer = cls.abilities.includes('class.manage');
  const label = (s: ClassStatus) => t(statusKey(s));

  const done = async (updated: ClassDetailT, text: string) => {
    qc.setQueryData(keys.class(cls.id), updated);
    await Promise.all([qc.invalidateQueries({ queryKey: keys.classes }), qc.invalidateQueries({ queryKey: ['audit'] })]);
    setAsk(null);
    setFlags({});
    message.success(text);
  };

  const step = async (more: Flags = {}) => {
    const to = powers.nextStatus;
    if (!to) return;
    const sent = { ...flags, ...more };
    setBusy(true);
    try {
      const updated = await setupApi.transition(cls.id, { to, ...sent });
      await done(updated, t('overview.status_changed', { status: label(updated.status) }));
    } catch (e) {
      setFlags(sent);
      const p = e instanceof ApiError ? e.problem : null;
      const warnings = p?.code === 'class.transition_requirements' ? p.errors?.find((x) => x.field === 'confirmWarnings') : undefined;
      // Only the warnings stand in the way (the server says so with a field error): ask for the confirmation.
      if (warnings) setAsk({ kind: 'warnings', message: warnings.message });
      else if (p && TOO_EARLY.includes(p.code) && organizer) {
        form.resetFields();
        setAsk({ kind: 'override', message: p.title });
      } else if (ask?.kind === 'override') problem(e, form, fieldsIn('reason'));
      else problem(e);
    } finally {
      setBusy(false);
    }
  };

  const stepBack = async (reason: string) => {
    if (!lc.previousStatus) return;
    setBusy(true);
    try {
      const updated = await setupApi.transition(cls.id, { to: lc.previousStatus, reason });
      await done(updated, st('lc.step_back_done', { status: label(updated.status) }));
    } catch (e) {
      problem(e, form, fieldsIn('reason'));
    } finally {
      setBusy(false);
    }
  };

  const next = cls.nextStatus;
  const tooEarlyNote =
    next && lc.nextTooEarly && (next === 'running' || next === 'completed')
      ? st(`lc.too_early.${next}` as SetupKey, {
          date: next === 'running' ? lc.firstSessionOn : lc.lastSessionEndsAt && inZone(lc.lastSessionEndsAt, cls.timeZone).format('YYYY-MM-DD HH:mm'),
        })
      : null;

  return (
    <Card title={t('overview.lifecycle')} className="lifecycle-card">
      <Steps
        size="small"
        current={statuses.indexOf(cls.status)}
        responsive={false}
        titlePlacement={screens.md ? 'horizontal' : 'vertical'}
        items={statuses.map((s) => ({ title: label(s) }))}
        className="lifecycle-steps"
      />
      <div className="lifecycle-explain">
        <Typography.Paragraph className="lifecycle-now" data-testid="lifecycle-now">
          {st('lc.current', { text: st(`lc.stage.${cls.status}` as SetupKey) })}
        </Typography.Paragraph>
        {next && (
          <Typography.Paragraph type="secondary" className="lifecycle-next">
            {st('lc.next', { text: st(`lc.stage.${next}` as SetupKey) })}
          </Typography.Paragraph>
        )}
        {tooEarlyNote && (
          <Alert type="warning" showIcon className="lifecycle-early" title={`${tooEarlyNote}${organizer ? '' : ` ${st('lc.ask_organizer')}`}`} />
        )}
      </div>
      <div className="lifecycle-action">
        <Space wrap>
          {powers.nextStatus ? (
            <Popconfirm
              title={t('overview.confirm_step', { status: label(powers.nextStatus) })}
              description={t(`overview.step_hint.${powers.nextStatus}`)}
              okText={t('action.confirm')}
              cancelText={t('action.cancel')}
              onConfirm={() => step({})}
            >
              <Button type="primary" loading={busy && !ask}>
                {t('overview.step_to', { status: label(powers.nextStatus) })}
              </Button>
            </Popconfirm>
          ) : (
            <Typography.Text type="secondary">{next ? t('overview.step_not_yours', { status: label(next) }) : t('overview.final_status')}</Typography.Text>
          )}
          {organizer && lc.previousStatus && (
            <Button
              onClick={() => {
                form.resetFields();
                setAsk({ kind: 'back' });
              }}
              data-testid="step-back"
            >
              {st('lc.step_back', { status: label(lc.previousStatus) })}
            </Button>
          )}
        </Space>
      </div>

      <Modal
        open={ask?.kind === 'warnings'}
        title={st('lc.warnings_title')}
        onCancel={() => setAsk(null)}
        footer={
          <Space wrap>
            <Button onClick={() => setAsk(null)}>{t('action.cancel')}</Button>
            <Link to={`/classes/${cls.id}/check`}>
              <Button>{st('lc.warnings_link')}</Button>
            </Link>
            <Button type="primary" danger loading={busy} onClick={() => step({ confirmWarnings: true })} data-testid="confirm-warnings">
              {st('lc.warnings_confirm')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph>{ask?.kind === 'warnings' ? st('lc.warnings_body', { message: ask.message }) : ''}</Typography.Paragraph>
      </Modal>

      <Modal
        open={ask?.kind === 'override' || ask?.kind === 'back'}
        title={
          ask?.kind === 'back' && lc.previousStatus
            ? st('lc.step_back_title', { status: label(lc.previousStatus) })
            : powers.nextStatus
              ? st('lc.override_title', { status: label(powers.nextStatus) })
              : ''
        }
        onCancel={() => setAsk(null)}
        destroyOnHidden
        footer={
          <Space>
            <Button onClick={() => setAsk(null)}>{t('action.cancel')}</Button>
            <Button type="primary" danger loading={busy} onClick={() => form.submit()} data-testid="reason-submit">
              {ask?.kind === 'back' ? st('lc.step_back_submit') : st('lc.override_submit')}
            </Button>
          </Space>
        }
      >
        {ask?.kind === 'override' && <Alert type="warning" showIcon title={ask.message} className="form-alert" />}
        {ask?.kind === 'back' && lc.previousStatus && (
          <Typography.Paragraph>
            {st(`lc.step_back_effect.${lc.previousStatus}` as SetupKey)} {st('lc.step_back_until', { until: lc.stepBackUntil })}
          </Typography.Paragraph>
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => (ask?.kind === 'back' ? stepBack(v.reason) : step({ override: true, reason: v.reason }))}
          preserve={false}
        >
          <Form.Item name="reason" label={st('lc.reason')} extra={st('lc.reason_audited')} required>
            <Input.TextArea rows={3} maxLength={500} placeholder={ask?.kind === 'back' ? st('lc.step_back_hint') : st('lc.reason_hint')} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
