import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { InvitationEntry, IssuedInvitation } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import { downloadFile } from '../roster-io/transfer';
import { attendanceApi, svgSrc } from './api';
import { type AtKey, useAtT } from './messages';

const COLOR: Record<string, string> = { none: 'default', active: 'green', expired: 'orange', revoked: 'red' };

/** Personal invitations: the class sheet to print, one code at a time, revocation. */
export function InvitationsView({ cls }: { cls: ClassDetailT }) {
  const t = useAtT();
  const { message, modal } = App.useApp();
  const problem = useProblem();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['invitations', cls.id], queryFn: () => attendanceApi.invitations(cls.id) });
  const [onlyMissing, setOnlyMissing] = useState(true);
  const [shown, setShown] = useState<IssuedInvitation | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['invitations', cls.id] });
  const issue = useMutation({
    mutationFn: (enrolmentId: number) => attendanceApi.issue(enrolmentId),
    onSuccess: (inv) => {
      setShown(inv);
      refresh();
    },
    onError: (e) => problem(e),
  });
  const renew = useMutation({
    mutationFn: (e: InvitationEntry) => attendanceApi.renew(e.enrolmentId).then((r) => ({ e, r })),
    onSuccess: ({ e, r }) => {
      message.success(t('inv.renewed', { name: e.name, at: dateIn(r.expiresAt, cls.timeZone) }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const revoke = useMutation({
    mutationFn: (e: InvitationEntry) => attendanceApi.revoke(e.enrolmentId).then(() => e),
    onSuccess: (e) => {
      message.success(t('inv.revoked', { name: e.name }));
      refresh();
    },
    onError: (e) => problem(e),
  });
  const printSheet = async () => {
    const go = async () => {
      try {
        const name = await downloadFile(`/api/v1/classes/${cls.id}/invitations/sheet`, `invitations-${cls.id}.pdf`, { body: { onlyWithout: onlyMissing } });
        message.success(t('inv.sheet_done', { name }));
        refresh();
      } catch (e) {
        problem(e);
      }
    };
    const anyActive = (q.data ?? []).some((e) => e.status === 'active');
    if (!onlyMissing && anyActive) modal.confirm({ content: t('inv.sheet_confirm'), onOk: go });
    else await go();
  };
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const tz = cls.timeZone;
  return (
    <div className="ai">
      <Alert type="info" showIcon message={t('inv.title')} description={t('inv.hint')} className="am-alert" />
      <Space wrap className="am-toolbar">
        <Button type="primary" icon={<PrinterOutlined />} onClick={printSheet}>
          {t('inv.sheet')}
        </Button>
        <Checkbox checked={onlyMissing} onChange={(e) => setOnlyMissing(e.target.checked)}>
          {t('inv.sheet_missing')}
        </Checkbox>
      </Space>
      <Table<InvitationEntry>
        rowKey="enrolmentId"
        size="small"
        pagination={false}
        dataSource={q.data}
        columns={[
          {
            title: t('at.col.name'),
            render: (_, e) => (
              <span>
                {e.name} {e.nameBo && <span className="am-bo">{e.nameBo}</span>}
              </span>
            ),
          },
          { title: t('at.col.group'), dataIndex: 'groupName' },
          { title: t('at.col.status'), render: (_, e) => <Tag color={COLOR[e.status]}>{t(`inv.status.${e.status}` as AtKey)}</Tag> },
          {
            title: '',
            render: (_, e) => (
              <Typography.Text type="secondary">
                {e.issuedAt && t('inv.issued', { at: `${dateIn(e.issuedAt, tz)} ${timeIn(e.issuedAt, tz)}` })}
                {e.expiresAt && e.status !== 'revoked' && ` · ${t('inv.expires', { at: dateIn(e.expiresAt, tz) })}`}
                {e.lastUsedAt && ` · ${t('inv.used', { n: e.useCount, at: `${dateIn(e.lastUsedAt, tz)} ${timeIn(e.lastUsedAt, tz)}` })}`}
              </Typography.Text>
            ),
          },
          {
            title: t('at.col.actions'),
            render: (_, e) => (
              <Space>
                <Button size="small" loading={issue.isPending && issue.variables === e.enrolmentId} onClick={() => issue.mutate(e.enrolmentId)}>
                  {e.status === 'none' ? t('inv.issue') : t('inv.reissue')}
                </Button>
                {(e.status === 'active' || e.status === 'expired') && (
                  <Button size="small" loading={renew.isPending && renew.variables?.enrolmentId === e.enrolmentId} onClick={() => renew.mutate(e)}>
                    {t('inv.renew')}
                  </Button>
                )}
                {(e.status === 'active' || e.status === 'expired') && (
                  <Popconfirm title={t('inv.revoke_confirm', { name: e.name })} onConfirm={() => revoke.mutate(e)}>
                    <Button size="small" danger>
                      {t('inv.revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {shown && (
        <Modal open title={shown.name} footer={null} onCancel={() => setShown(null)}>
          <div className="ai-issued">
            <img src={svgSrc(shown.svg)} alt={shown.url} className="ai-qr" />
            <Typography.Paragraph copyable={{ text: shown.url, tooltips: [t('inv.copy'), t('inv.copied')] }} className="ai-url">
              {shown.url}
            </Typography.Paragraph>
            <Alert type="warning" showIcon message={t('inv.shown_once')} />
          </div>
        </Modal>
      )}
    </div>
  );
}
