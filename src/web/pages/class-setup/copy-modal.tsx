import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Grid, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CopyClassBody, suggestCopyTitle } from '../../../contracts';
import { keys } from '../../api/queries';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { type Dayjs, dayjs, daysBetween } from '../../lib/time';
import { useContractCheck } from '../../lib/validation';
import { setupApi } from './api';
import { useSetupT } from './messages';

type Source = { id: number; title: string; programmeId: number; startsOn: string; endsOn: string };
type Values = { startsOn?: Dayjs; title: string };

/**
 * Copies a past class as the start of next year's: the new start date (a year on, same weekday, by
 * default) and the title with the year replaced; the server moves the timetable and says what came.
 */
export function CopyClassModal({ source, onClose }: { source: Source | null; onClose: () => void }) {
  const t = useT();
  const st = useSetupT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const problem = useProblem();
  const check = useContractCheck();
  const screens = Grid.useBreakpoint();
  const [busy, setBusy] = useState(false);
  const startsOn = Form.useWatch('startsOn', form);
  const length = source ? daysBetween(source.startsOn, source.endsOn).length : 0;

  const suggested = useRef('');
  const suggest = (date: Dayjs) => (source ? suggestCopyTitle(source.title, dayjs(source.startsOn).year(), date.year()) : '');

  useEffect(() => {
    if (!source) return;
    // 52 weeks on: the same weekday next year, which is how colleges plan a yearly class.
    const next = dayjs(source.startsOn).add(364, 'day');
    suggested.current = suggestCopyTitle(source.title, dayjs(source.startsOn).year(), next.year());
    form.setFieldsValue({ startsOn: next, title: suggested.current });
  }, [source, form]);

  // The title follows the year of the new date until the user writes their own.
  const onValuesChange = (changed: Partial<Values>) => {
    if (!changed.startsOn || form.getFieldValue('title') !== suggested.current) return;
    suggested.current = suggest(changed.startsOn);
    form.setFieldsValue({ title: suggested.current });
  };

  const submit = async (v: Values) => {
    if (!source) return;
    const body = check(CopyClassBody, { startsOn: v.startsOn?.format('YYYY-MM-DD'), title: v.title }, form);
    if (!body.ok) return;
    setBusy(true);
    try {
      const copy = await setupApi.copyClass(source.id, body.data);
      await Promise.all([qc.invalidateQueries({ queryKey: keys.classes }), qc.invalidateQueries({ queryKey: keys.programme(source.programmeId) })]);
      message.success(st('copy.done', { title: copy.title, sessions: copy.counts.sessions, groups: copy.counts.groups }));
      onClose();
      navigate(`/classes/${copy.id}/timetable`);
    } catch (e) {
      problem(e, form, fieldsIn('startsOn', 'title'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!source}
      onCancel={onClose}
      title={source ? st('copy.title', { title: source.title }) : ''}
      width={screens.sm ? 620 : '100%'}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="copy-submit">
            {st('copy.submit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{st('copy.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} onValuesChange={onValuesChange}>
        <Form.Item
          name="startsOn"
          label={st('copy.starts_on')}
          required
          extra={startsOn ? st('copy.ends_on_is', { date: startsOn.add(length - 1, 'day').format('YYYY-MM-DD'), n: length }) : undefined}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label={st('copy.new_title')} required>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
