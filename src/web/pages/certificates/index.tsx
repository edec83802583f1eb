import { DownloadOutlined, EditOutlined, FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Progress,
  Radio,
  Row,
  Segmented,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { EligibilityRow } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { certificateApi, certificateKeys, files, useEligibility, useJob } from './api';
import { useCertT } from './messages';
import './certificates.css';

// The class's certificates: who completes and why not, manual exceptions, issuing, reissue and
// revocation, and batch downloads built by a background job with a progress bar.

type Filter = 'all' | 'eligible' | 'not_eligible';
const pct = (x: number) => Math.round(x * 1000) / 10;
const size = (b: number | null) => (b === null ? '' : b > 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${Math.round(b / 1024)} KB`);

export default function CertificatesTab({ cls }: { cls: ClassDetailT; powers?: ClassPowers }) {
  const t = useCertT();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const problem = useProblem();
  const q = useEligibility(cls.id);
  const [filter, setFilter] = useState<Filter>('all');
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useJob(cls.id, jobId);
  const [ruleOpen, setRuleOpen] = useState(false);
  const [exceptionFor, setExceptionFor] = useState<EligibilityRow | null>(null);
  const [certAction, setCertAction] = useState<{ kind: 'revoke' | 'reissue'; row: EligibilityRow } | null>(null);
  const [ruleForm] = Form.useForm();
  const [exceptionForm] = Form.useForm();
  const [certForm] = Form.useForm();

  const can = (a: string) => cls.abilities.includes(a);
  const canIssue = can('certificates.issue');
  const canManage = can('completion.manage');
  const refresh = () => qc.invalidateQueries({ queryKey: certificateKeys.eligibility(cls.id) });
  // A job that issued certificates changes the list once it has finished.
  const finishedIssue = job.data?.kind === 'issue' && job.data.status === 'done' ? job.data.id : null;
  useEffect(() => {
    if (finishedIssue !== null) qc.invalidateQueries({ queryKey: certificateKeys.eligibility(cls.id) });
  }, [finishedIssue, cls.id, qc]);

  const issue = useMutation({
    mutationFn: (enrolmentIds?: number[]) => certificateApi.issue(cls.id, enrolmentIds),
    onSuccess: (r) => {
      message.success(t('issue.done', { count: r.issued.length }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const startJob = useMutation({
    mutationFn: (body: { kind: 'issue' | 'bundle'; format: 'zip' | 'pdf' }) => certificateApi.startJob(cls.id, body),
    onSuccess: (j) => setJobId(j.id),
    onError: (e) => problem(e),
  });
  const saveRule = useMutation({
    mutationFn: (body: { serialPattern: string; issuerName: string; requireEvaluations: boolean; requireReflections: boolean }) =>
      certificateApi.updateRule(cls.id, body),
    onSuccess: () => {
      message.success(t('rule.saved'));
      setRuleOpen(false);
      refresh();
    },
    onError: (e) => problem(e, ruleForm, fieldsIn('serialPattern', 'issuerName')),
  });
  const saveException = useMutation({
    mutationFn: (v: { enrolmentId: number; decision: 'eligible' | 'not_eligible'; reason: string }) =>
      certificateApi.setException(cls.id, v.enrolmentId, { decision: v.decision, reason: v.reason }),
    onSuccess: () => {
      message.success(t('exception.saved'));
      setExceptionFor(null);
      refresh();
    },
    onError: (e) => problem(e, exceptionForm, fieldsIn('reason', 'decision')),
  });
  const clearException = useMutation({
    mutationFn: (enrolmentId: number) => certificateApi.clearException(cls.id, enrolmentId),
    onSuccess: refresh,
    onError: (e) => problem(e),
  });
  const changeCertificate = useMutation({
    mutationFn: async (v: { kind: 'revoke' | 'reissue'; certificateId: number; reason: string }) =>
      v.kind === 'revoke'
        ? certificateApi.revoke(cls.id, v.certificateId, v.reason)
        : (await certificateApi.reissue(cls.id, v.certificateId, v.reason)).certificate,
    onSuccess: (c, v) => {
      message.success(v.kind === 'revoke' ? t('cert.revoked_done') : t('cert.reissued_done', { serial: c.serial }));
      setCertAction(null);
      refresh();
    },
    onError: (e) => problem(e, certForm, fieldsIn('reason')),
  });

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const rule = data.rule;
  const rows = data.rows.filter((r) => (filter === 'all' ? true : filter === 'eligible' ? r.eligible : !r.eligible));
  const current = job.data;

  const jobBar = current && (
    <div className="certificate-job" data-testid="certificate-job">
      {current.status === 'queued' && <Typography.Text type="secondary">{t('job.queued')}</Typography.Text>}
      {(current.status === 'running' || current.status === 'queued') && (
        <Progress
          percent={current.total ? Math.round((current.done / current.total) * 100) : 0}
          format={() => t('job.running', { done: current.done, total: current.total })}
        />
      )}
      {current.status === 'done' && (
        <Space>
          <Progress percent={100} size="small" style={{ width: 160 }} />
          <span>{t('job.done', { size: size(current.sizeBytes) })}</span>
          <Button type="primary" icon={<DownloadOutlined />} href={files.job(cls.id, current.id)}>
            {t('job.download')}
          </Button>
        </Space>
      )}
      {current.status === 'failed' && <Alert type="error" showIcon message={t('job.failed', { error: current.error ?? '' })} />}
    </div>
  );

  return (
    <div className="certificates-tab">
      {!data.attendanceAvailable && <Alert type="warning" showIcon message={t('attendance.missing')} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('rule.title')}
            extra={
              canManage && (
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
              )
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
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Row gutter={16}>
              <Col span={6}>
                <Statistic title={t('summary.total')} value={data.counts.total} />
              </Col>
              <Col span={6}>
                <Statistic title={t('summary.eligible')} value={data.counts.eligible} />
              </Col>
              <Col span={6}>
                <Statistic title={t('summary.issued')} value={data.counts.issued} />
              </Col>
              <Col span={6}>
                <Statistic title={t('summary.to_issue')} value={data.counts.toIssue} />
              </Col>
            </Row>
            <Space wrap style={{ marginTop: 16 }}>
              {canIssue && (
                <Tooltip title={data.canIssue ? undefined : t('issue.not_open')}>
                  <Button
                    type="primary"
                    icon={<SafetyCertificateOutlined />}
                    disabled={!data.canIssue || data.counts.toIssue === 0}
                    loading={issue.isPending}
                    onClick={() =>
                      modal.confirm({
                        title: t('issue.button', { count: data.counts.toIssue }),
                        content: t('issue.confirm', { count: data.counts.toIssue }),
                        onOk: () => issue.mutateAsync(undefined),
                      })
                    }
                  >
                    {t('issue.button', { count: data.counts.toIssue })}
                  </Button>
                </Tooltip>
              )}
              {canIssue && data.canIssue && data.counts.toIssue > 0 && (
                <Button onClick={() => startJob.mutate({ kind: 'issue', format: 'zip' })} loading={startJob.isPending}>
                  {t('issue.job')}
                </Button>
              )}
              {canIssue && (
                <Button icon={<DownloadOutlined />} disabled={data.counts.issued === 0} onClick={() => startJob.mutate({ kind: 'bundle', format: 'zip' })}>
                  {t('download.zip')}
                </Button>
              )}
              {canIssue && (
                <Button icon={<FilePdfOutlined />} disabled={data.counts.issued === 0} onClick={() => startJob.mutate({ kind: 'bundle', format: 'pdf' })}>
                  {t('download.pdf')}
                </Button>
              )}
            </Space>
            {jobBar}
          </Card>
        </Col>
      </Row>

      <Segmented<Filter>
        style={{ margin: '16px 0' }}
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'all', label: `${t('filter.all')} ${data.counts.total}` },
          { value: 'eligible', label: `${t('filter.eligible')} ${data.counts.eligible}` },
          { value: 'not_eligible', label: `${t('filter.not_eligible')} ${data.counts.total - data.counts.eligible}` },
        ]}
      />
      <Table<EligibilityRow>
        rowKey="enrolmentId"
        size="middle"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('empty') }}
        columns={[
          {
            title: t('col.name'),
            key: 'name',
            fixed: 'left',
            width: 150,
            render: (_, r) => (
              <span className="person-name">
                {r.name}
                {r.nameBo && (
                  <span lang="bo" className="name-bo">
                    {r.nameBo}
                  </span>
                )}
              </span>
            ),
          },
          { title: t('col.group'), dataIndex: 'groupName', width: 90 },
          {
            title: t('col.hours'),
            key: 'hours',
            width: 120,
            render: (_, r) => (
              <span>
                {r.attendedHours}/{r.totalHours}
                {r.attendanceShare !== null && <Typography.Text type="secondary"> ({pct(r.attendanceShare)}%)</Typography.Text>}
              </span>
            ),
          },
          { title: t('col.leave'), key: 'leave', width: 70, render: (_, r) => r.leaveHours },
          {
            title: t('col.result'),
            key: 'result',
            width: 140,
            render: (_, r) => (
              <Space orientation="vertical" size={2}>
                {r.enrolmentStatus === 'withdrawn' ? (
                  <Tag>{t('result.withdrawn')}</Tag>
                ) : (
                  <Tag color={r.eligible ? 'green' : 'red'}>{r.eligible ? t('result.eligible') : t('result.not_eligible')}</Tag>
                )}
                {r.exception && (
                  <Tooltip title={t('exception.by', { who: r.exception.decidedBy ?? '', at: r.exception.decidedAt.slice(0, 10) })}>
                    <Tag color="gold">{r.exception.decision === 'eligible' ? t('exception.tag_eligible') : t('exception.tag_not_eligible')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('col.reasons'),
            key: 'reasons',
            render: (_, r) =>
              r.reasons.length ? (
                <ul className="reason-list">
                  {r.reasons.map((x) => (
                    <li key={x.code}>{x.message}</li>
                  ))}
                </ul>
              ) : null,
          },
          {
            title: t('col.certificate'),
            key: 'certificate',
            width: 190,
            render: (_, r) =>
              r.certificate ? (
                <Space orientation="vertical" size={2}>
                  <span>
                    <Typography.Text code>{r.certificate.serial}</Typography.Text>{' '}
                    <Tag color={r.certificate.status === 'valid' ? 'green' : 'default'}>{t(`cert.${r.certificate.status}`)}</Tag>
                  </span>
                  <Space size={8}>
                    <a href={files.pdf(cls.id, r.certificate.id)}>{t('cert.pdf')}</a>
                    <a href={files.credential(cls.id, r.certificate.id)}>{t('cert.credential')}</a>
                  </Space>
                </Space>
              ) : (
                t('cert.none')
              ),
          },
          {
            title: t('col.actions'),
            key: 'actions',
            width: 170,
            render: (_, r) => (
              <Space wrap size={4}>
                {canManage && r.enrolmentStatus !== 'withdrawn' && (
                  <Button
                    size="small"
                    onClick={() => {
                      exceptionForm.setFieldsValue({
                        decision: r.exception?.decision ?? (r.eligible ? 'not_eligible' : 'eligible'),
                        reason: r.exception?.reason ?? '',
                      });
                      setExceptionFor(r);
                    }}
                  >
                    {t('exception.set')}
                  </Button>
                )}
                {canManage && r.exception && (
                  <Button
                    size="small"
                    onClick={() =>
                      modal.confirm({
                        title: t('exception.clear'),
                        content: t('exception.clear_confirm', { name: r.name }),
                        onOk: () => clearException.mutateAsync(r.enrolmentId),
                      })
                    }
                  >
                    {t('exception.clear')}
                  </Button>
                )}
                {canIssue && data.canIssue && r.certificate?.status === 'revoked' && r.eligible && (
                  <Button
                    size="small"
                    onClick={() =>
                      modal.confirm({
                        title: t('cert.issue_again'),
                        content: t('cert.issue_again_confirm', { name: r.name }),
                        onOk: () => issue.mutateAsync([r.enrolmentId]),
                      })
                    }
                  >
                    {t('cert.issue_again')}
                  </Button>
                )}
                {canIssue && r.certificate?.status === 'valid' && (
                  <>
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        certForm.resetFields();
                        setCertAction({ kind: 'revoke', row: r });
                      }}
                    >
                      {t('cert.revoke')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => {
                        certForm.resetFields();
                        setCertAction({ kind: 'reissue', row: r });
                      }}
                    >
                      {t('cert.reissue')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />

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

      <Modal
        open={exceptionFor !== null}
        title={exceptionFor ? t('exception.title', { name: exceptionFor.name }) : ''}
        onCancel={() => setExceptionFor(null)}
        onOk={() => exceptionForm.submit()}
        confirmLoading={saveException.isPending}
        destroyOnHidden
      >
        <Form form={exceptionForm} layout="vertical" onFinish={(v) => exceptionFor && saveException.mutate({ ...v, enrolmentId: exceptionFor.enrolmentId })}>
          <Form.Item name="decision" label={t('exception.decision')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="eligible">{t('exception.make_eligible')}</Radio>
              <Radio value="not_eligible">{t('exception.make_not_eligible')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="reason" label={t('exception.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={certAction !== null}
        title={
          certAction ? t(certAction.kind === 'revoke' ? 'cert.revoke_title' : 'cert.reissue_title', { serial: certAction.row.certificate?.serial ?? '' }) : ''
        }
        onCancel={() => setCertAction(null)}
        onOk={() => certForm.submit()}
        okButtonProps={{ danger: certAction?.kind === 'revoke' }}
        confirmLoading={changeCertificate.isPending}
        destroyOnHidden
      >
        {certAction?.kind === 'reissue' && <Alert type="info" showIcon message={t('cert.reissue_help')} style={{ marginBottom: 12 }} />}
        <Form
          form={certForm}
          layout="vertical"
          onFinish={(v: { reason: string }) =>
            certAction?.row.certificate && changeCertificate.mutate({ kind: certAction.kind, certificateId: certAction.row.certificate.id, reason: v.reason })
          }
        >
          <Form.Item name="reason" label={t('cert.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
