import { CopyOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ClassFollowupRow, FollowupSchedule } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { followupApi, followupKeys, useClassFollowup } from './api';
import { type FollowupT, useFollowupT } from './messages';
import { PlanItemDialog } from './plan-item-dialog';
import { FollowupReportView } from './report';

const PROGRESS_COLOR = { done: 'success', partly: 'warning', not_yet: 'error' } as const;

export const scheduleLine = (t: FollowupT, s: FollowupSchedule) =>
  s.state === 'open' ? t('state_open', { date: s.closesAt?.slice(0, 10) ?? '' }) : t(`state_${s.state}`);

/** The class's 行动计划与回访 tab: plans, supervisors, the follow-up's date, the links; and the report for those who may read it. */
export default function FollowupTab({ cls }: { cls: ClassDetailT; powers?: ClassPowers }) {
  const t = useFollowupT();
  const manage = cls.abilities.includes('followup.manage');
  const report = cls.abilities.includes('followup.report');
  return (
    <div>
      {manage && <ClassPlans classId={cls.id} t={t} />}
      {report && <FollowupReportView path={`/api/v1/classes/${cls.id}/followup/report`} name={cls.shortTitle ?? cls.title} />}
    </div>
  );
}

function ClassPlans({ classId, t }: { classId: number; t: FollowupT }) {
  const q = useClassFollowup(classId);
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [months, setMonths] = useState<number | null>(null);
  const [windowDays, setWindowDays] = useState<number | null>(null);
  const [naming, setNaming] = useState<ClassFollowupRow | null>(null);
  const [editing, setEditing] = useState<{ enrolmentId: number; name: string; item: ClassFollowupRow['items'][number] } | null>(null);
  const [form] = Form.useForm<{ name: string; contact: string }>();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const s = data.schedule;
  const put = (v: typeof data) => qc.setQueryData(followupKeys.cls(classId), v);
  const saveSettings = async () => {
    try {
      put(await followupApi.settings(classId, { months: months ?? s.months, windowDays: windowDays ?? s.windowDays }));
      message.success(t('saved'));
    } catch (e) {
      problem(e);
    }
  };
  const copy = async (text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    message.success(t('copied'));
  };
  const links = data.rows.filter((r) => r.supervisorLink);
  const allLinks = links.map((r) => `${r.name}（${r.supervisor?.name}，${r.supervisor?.contact}）：${r.supervisorLink}`).join('\n');
  const saveSupervisor = async () => {
    if (!naming) return;
    try {
      put(await followupApi.supervisor(classId, naming.enrolmentId, await form.validateFields()));
      setNaming(null);
      message.success(t('saved'));
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      problem(e);
    }
  };
  return (
    <section style={{ marginBottom: 24 }}>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('months')}</span>
        <InputNumber min={1} max={24} value={months ?? s.months} onChange={setMonths} disabled={s.state !== 'scheduled'} aria-label={t('months')} />
        <span>{t('window')}</span>
        <InputNumber
          min={7}
          max={180}
          value={windowDays ?? s.windowDays}
          onChange={setWindowDays}
          disabled={s.state !== 'scheduled'}
          aria-label={t('window')}
        />
        <Button onClick={saveSettings} disabled={s.state !== 'scheduled'}>
          {t('save')}
        </Button>
        <Tag color={s.state === 'open' ? 'processing' : s.state === 'closed' ? 'default' : 'blue'} data-testid="followup-schedule">
          {t('due', { date: s.dueOn })} · {scheduleLine(t, s)}
        </Tag>
      </Space>
      {links.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          message={
            <Space>
              <span>
                {t('col.link')}：{links.length}
              </span>
              <Button size="small" icon={<CopyOutlined />} onClick={() => copy(allLinks)}>
                {t('copy_all')}
              </Button>
            </Space>
          }
        />
      )}
      <Table<ClassFollowupRow>
        rowKey="enrolmentId"
        size="small"
        pagination={false}
        dataSource={data.rows}
        scroll={{ x: 900 }}
        columns={[
          { title: t('col.name'), key: 'name', width: 110, render: (_, r) => (r.nameBo ? `${r.name} ${r.nameBo}` : r.name) },
          { title: t('col.unit'), dataIndex: 'workUnit', width: 160 },
          {
            title: t('col.plan'),
            key: 'plan',
            render: (_, r) =>
              r.items.length ? (
                <ol style={{ margin: 0, paddingLeft: 18 }}>
                  {r.items.map((i) => (
                    <li key={i.id}>
                      {i.text}
                      {i.dueOn && <Typography.Text type="secondary">（{i.dueOn}）</Typography.Text>}{' '}
                      {i.progress && <Tag color={PROGRESS_COLOR[i.progress]}>{t(`progress_${i.progress}`)}</Tag>}
                      <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setEditing({ enrolmentId: r.enrolmentId, name: r.name, item: i })}>
                        {t('item_edit')}
                      </Button>
                      {i.staffComment && (
                        <div className="plan-comment" data-testid={`plan-comment-${i.id}`}>
                          <Typography.Text type="secondary">
                            {t('item_comment_label')}
                            {i.staffComment}
                          </Typography.Text>
                        </div>
                      )}
                    </li>
                  ))}
                </ol>
              ) : (
                <Typography.Text type="secondary">{t('none')}</Typography.Text>
              ),
          },
          {
            title: t('col.supervisor'),
            key: 'supervisor',
            width: 170,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.supervisor ? `${r.supervisor.name} · ${r.supervisor.contact}` : <Typography.Text type="secondary">{t('not_named')}</Typography.Text>}
                {s.state !== 'closed' && (
                  <Button
                    size="small"
                    type="link"
                    style={{ padding: 0 }}
                    onClick={() => {
                      form.setFieldsValue({ name: r.supervisor?.name ?? '', contact: r.supervisor?.contact ?? '' });
                      setNaming(r);
                    }}
                  >
                    {t('set_supervisor')}
                  </Button>
                )}
              </Space>
            ),
          },
          {
            title: t('col.trainee'),
            key: 'ta',
            width: 90,
            render: (_, r) => <Tag color={r.traineeAnsweredAt ? 'success' : 'default'}>{t(r.traineeAnsweredAt ? 'answered' : 'waiting')}</Tag>,
          },
          {
            title: t('col.super_answer'),
            key: 'sa',
            width: 90,
            render: (_, r) =>
              r.supervisor ? <Tag color={r.supervisorAnsweredAt ? 'success' : 'default'}>{t(r.supervisorAnsweredAt ? 'answered' : 'waiting')}</Tag> : '—',
          },
          {
            title: t('col.link'),
            key: 'link',
            width: 110,
            render: (_, r) =>
              r.supervisorLink ? (
                <Button size="small" icon={<CopyOutlined />} onClick={() => copy(r.supervisorLink!)} data-link={r.supervisorLink}>
                  {t('copy')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <PlanItemDialog
        classId={classId}
        target={editing}
        frozen={s.state !== 'scheduled'}
        t={t}
        onClose={() => setEditing(null)}
        onSaved={(v) => {
          put(v);
          message.success(t('saved'));
        }}
      />
      <Modal open={!!naming} title={`${t('set_supervisor')} · ${naming?.name ?? ''}`} onOk={saveSupervisor} onCancel={() => setNaming(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('supervisor_name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="contact" label={t('supervisor_contact')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
