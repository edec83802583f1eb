import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Typography } from 'antd';
import type { IssuedT } from './api';
import { when } from './format';
import { useAcT } from './messages';

/** The one-time password or invitation link of a new (or reset) account, shown once. */
export function CredentialModal({ issued, reset, onClose }: { issued: IssuedT | null; reset?: boolean; onClose: () => void }) {
  const t = useAcT();
  const { message } = App.useApp();
  if (!issued) return null;
  const secret = issued.oneTimePassword ?? issued.invitationUrl ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success(t('ac.cred.copied'));
    } catch {
      // No clipboard (plain http on a LAN address): the text stays selectable on screen.
    }
  };
  const name = issued.account.displayName;
  return (
    <Modal
      open
      title={t(reset ? 'ac.cred.title_reset' : 'ac.cred.title_created', { name })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('ac.cred.done')}
        </Button>
      }
      className="credential-modal"
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('ac.acc.username')}>
          <Typography.Text className="credential-username">{issued.account.username}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={issued.oneTimePassword ? t('ac.cred.otp') : t('ac.cred.link')}>
          <div className="credential-secret">
            <Typography.Text code className={issued.oneTimePassword ? 'credential-otp' : 'credential-link'} data-testid="issued-secret">
              {secret}
            </Typography.Text>
            <Button size="small" icon={<CopyOutlined />} onClick={copy}>
              {t('ac.cred.copy')}
            </Button>
          </div>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" className="credential-hint">
        {issued.oneTimePassword ? t('ac.cred.otp_hint') : t('ac.cred.link_hint', { time: when(issued.expiresAt) })}
      </Typography.Paragraph>
      <Alert type="warning" showIcon title={t('ac.cred.once')} />
    </Modal>
  );
}
