import { DownloadOutlined, FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Grid, Input, Modal, Progress, Radio, Row, Segmented, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { EligibilityRow } from '../../../contracts';
import { ApiError } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { certificateApi, certificateKeys, files, useEligibility, useJob } from './api';
import { useRowParts } from './cells';
import { IssueGate } from './gate';
import { useCertT } from './messages';
import { reviewLines } from './review';
import { RuleCard } from './rule-card';
import './certificates.css';

// The class's certificates: who completes and why not, manual exceptions, issuing (once the class
// has completed, or early with the training office's approval), the 需复核 flag of certificates a
// changed record contradicts with keep / reissue / revoke, and batch downloads built by a
// background job with a progress bar.

type Filter = 'all' | 'eligible' | 'not_eligible' | 'review';
type CertAction = 'revoke' | 'reissue' | 'keep';
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
  const [exceptionFor, setExceptionFor] = useState<EligibilityRow | null>(null);
  const [certAction, setCertAction] = useState<{ kind: CertAction; row: EligibilityRow } | null>(null);
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
    onError: async (e) => {
      problem(e);
      // One job per class at a time: show the progress of the one that is already running.
      if (e instanceof ApiError && e.code === 'certificate.job_running') {
        const running = (await certificateApi.jobs(cls.id).catch(() => [])).find((j) => j.status === 'queued' || j.status === 'running');
        if (running) {
          setJobId(running.id);
          // The same job may be shown already, as it was when it last finished: read it afresh.
          qc.invalidateQueries({ queryKey: certificateKeys.job(cls.id, running.id) });
        }
      }
    },
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
    mutationFn: async (v: { kind: CertAction; certificateId: number; reason: string }) =>
      v.kind === 'revoke'
        ? certificateApi.revoke(cls.id, v.certificateId, v.reason)
        : v.kind === 'keep'
          ? certificateApi.keep(cls.id, v.certificateId, v.reason)
          : (await certificateApi.reissue(cls.id, v.certificateId, v.reason)).certificate,
    onSuccess: (c, v) => {
      message.success(v.kind === 'revoke' ? t('cert.revoked_done') : v.kind === 'keep' ? t('review.kept_done') : t('cert.reissued_done', { serial: c.serial }));
      setCertAction(null);
      refresh();
    },
    onError: (e) => problem(e, certForm, fieldsIn('reason')),
  });

  const screens = Grid.useBreakpoint();
  const parts = useRowParts(
    cls.id,
    q.data,
    { canManage, canIssue },
    {
      onException: (r) => {
        exceptionForm.setFieldsValue({ decision: r.exception?.decision ?? (r.eligible ? 'not_eligible' : 'eligible'), reason: r.exception?.reason ?? '' });
        setExceptionFor(r);
      },
      onClearException: (r) =>
        modal.confirm({
          title: t('exception.clear'),
          content: t('exception.clear_confirm', { name: r.name }),
          onOk: () => clearException.mutateAsync(r.enrolmentId),
        }),
      onIssueAgain: (r) =>
        modal.confirm({
          title: t('cert.issue_again'),
          content: t('cert.issue_again_confirm', { name: r.name }),
          onOk: () => issue.mutateAsync([r.enrolmentId]),
        }),
      onCertificate: (kind, r) => {
        certForm.resetFields();
        setCertAction({ kind, row: r });
      },
    },
  );

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  // Once the last flag is cleared, the 需复核 filter falls back to everyone.
  const shown: Filter = filter === 'review' && !data.counts.review ? 'all' : filter;
  const rows = data.rows.filter((r) =>
    shown === 'all' ? true : shown === 'eligible' ? r.eligible : shown === 'review' ? Boolean(r.certificate?.review) : !r.eligible,
  );
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
      <IssueGate classId={cls.id} data={data} canManage={canManage} />
      {data.counts.review > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('review.banner', { count: data.counts.review })}
          data-testid="review-banner"
          action={
            <Button size="small" onClick={() => setFilter('review')}>
              {t('filter.review')}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <RuleCard cls={cls} data={data} canManage={canManage} />
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
        value={shown}
        onChange={setFilter}
        options={[
          { value: 'all', label: `${t('filter.all')} ${data.counts.total}` },
          { value: 'eligible', label: `${t('filter.eligible')} ${data.counts.eligible}` },
          { value: 'not_eligible', label: `${t('filter.not_eligible')} ${data.counts.total - data.counts.eligible}` },
          ...(data.counts.review ? [{ value: 'review' as const, label: `${t('filter.review')} ${data.counts.review}` }] : []),
        ]}
      />
      {screens.md ? (
        <Table<EligibilityRow>
          rowKey="enrolmentId"
          size="middle"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('empty') }}
          columns={[
            { title: t('col.name'), key: 'name', fixed: 'left', width: 150, render: (_, r) => parts.name(r) },
            { title: t('col.group'), dataIndex: 'groupName', width: 90 },
            { title: t('col.hours'), key: 'hours', width: 120, render: (_, r) => parts.hours(r) },
            { title: t('col.leave'), key: 'leave', width: 70, render: (_, r) => r.leaveHours },
            { title: t('col.result'), key: 'result', width: 140, render: (_, r) => parts.result(r) },
            { title: t('col.reasons'), key: 'reasons', render: (_, r) => parts.reasons(r) },
            { title: t('col.certificate'), key: 'certificate', width: 190, render: (_, r) => parts.certificate(r) },
            { title: t('col.actions'), key: 'actions', width: 170, render: (_, r) => parts.actions(r) },
          ]}
        />
      ) : (
        // On a phone, a card per trainee: everything of the row, nothing to scroll sideways for.
        <div className="certificate-cards">
          {rows.length === 0 && <Typography.Text type="secondary">{t('empty')}</Typography.Text>}
          {rows.map((r) => (
            <Card key={r.enrolmentId} size="small" className="certificate-card" data-testid="certificate-card">
              <div className="certificate-card-head">
                {parts.name(r)}
                {parts.result(r)}
              </div>
              <div className="certificate-card-line">
                {t('col.hours')}: {parts.hours(r)}
                {r.groupName ? ` · ${r.groupName}` : ''}
              </div>
              {parts.reasons(r)}
              {r.certificate && <div className="certificate-card-line">{parts.certificate(r)}</div>}
              <div className="certificate-card-line">{parts.actions(r)}</div>
            </Card>
          ))}
        </div>
      )}

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
          certAction
            ? t(certAction.kind === 'revoke' ? 'cert.revoke_title' : certAction.kind === 'keep' ? 'review.keep_title' : 'cert.reissue_title', {
                serial: certAction.row.certificate?.serial ?? '',
              })
            : ''
        }
        onCancel={() => setCertAction(null)}
        onOk={() => certForm.submit()}
        okButtonProps={{ danger: certAction?.kind === 'revoke' }}
        confirmLoading={changeCertificate.isPending}
        destroyOnHidden
      >
        {certAction?.kind === 'reissue' && <Alert type="info" showIcon message={t('cert.reissue_help')} style={{ marginBottom: 12 }} />}
        {certAction?.kind === 'keep' && certAction.row.certificate?.review && (
          <Alert
            type="warning"
            showIcon
            message={t('review.keep_help', { changes: reviewLines(certAction.row.certificate.review, t).join('；') })}
            style={{ marginBottom: 12 }}
          />
        )}
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
