import { Form, Input, Typography } from 'antd';
import { passwordProblem } from '../../../contracts';
import { translate } from '../../../contracts/messages';
import { useI18n } from '../../i18n';
import { useAcT } from './messages';

/**
 * New password twice, checked as the user types with the same rule the server enforces (the
 * server checks again and answers on the same fields).
 */
export function NewPasswordFields({ account, autoFocus }: { account: { username: string; displayName?: string }; autoFocus?: boolean }) {
  const t = useAcT();
  const { locale } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary" className="password-rule">
        {t('ac.me.rule')}
      </Typography.Paragraph>
      <Form.Item
        name="newPassword"
        label={t('ac.me.new')}
        rules={[
          {
            validator: async (_r, value: string | undefined) => {
              const problem = passwordProblem(value ?? '', account);
              if (problem) throw new Error(translate(problem, locale));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="newPasswordRepeat"
        label={t('ac.me.repeat')}
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_r, value: string | undefined) => {
              if ((value ?? '') !== (getFieldValue('newPassword') ?? '')) throw new Error(translate('password.mismatch', locale));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
