import { useQueryClient } from '@tanstack/react-query';
import { Checkbox, Form, Input, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { CreateAccountBody, CreateInstitutionAccountBody } from '../../../contracts';
import { FormDrawer } from '../../components/form-drawer';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { accountApi, accountKeys, type IssuedT } from './api';
import { type AcT, useAcT } from './messages';

type Values = { username: string; displayName: string; credential: 'one_time_password' | 'invitation_link'; isAdmin?: boolean; institutionId?: number | null };

/** Username, name and how the first password comes: a one-time password or an invitation link. */
export function CredentialChoice({ t }: { t: AcT }) {
  return (
    <Form.Item name="credential" label={t('ac.acc.credential')}>
      <Radio.Group>
        <Space orientation="vertical">
          <Radio value="one_time_password">{t('ac.acc.credential.one_time_password')}</Radio>
          <Radio value="invitation_link">{t('ac.acc.credential.invitation_link')}</Radio>
        </Space>
      </Radio.Group>
    </Form.Item>
  );
}

export function AccountIdentityFields({ t }: { t: AcT }) {
  const rule = useZodRule();
  return (
    <>
      <Form.Item name="displayName" label={t('ac.acc.name')} rules={[rule(CreateAccountBody.shape.displayName)]} required>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="username" label={t('ac.acc.username')} extra={t('ac.acc.username_hint')} rules={[rule(CreateAccountBody.shape.username)]} required>
        <Input maxLength={64} autoComplete="off" className="mono" />
      </Form.Item>
    </>
  );
}

export function CreateAccountDrawer({
  open,
  isAdmin,
  institutionOptions,
  defaultInstitutionId,
  onClose,
  onCreated,
}: {
  open: boolean;
  isAdmin: boolean;
  institutionOptions: Array<{ value: number; label: string }>;
  defaultInstitutionId?: number;
  onClose: () => void;
  onCreated: (issued: IssuedT) => void;
}) {
  const t = useAcT();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const problem = useProblem();
  const check = useContractCheck();
  const [busy, setBusy] = useState(false);
  const admin = Form.useWatch('isAdmin', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ credential: 'one_time_password', isAdmin: false, institutionId: defaultInstitutionId ?? null });
  }, [open, form, defaultInstitutionId]);

  const submit = async (values: Values) => {
    const raw = { username: values.username ?? '', displayName: values.displayName ?? '', credential: values.credential };
    setBusy(true);
    try {
      let issued: IssuedT;
      if (isAdmin) {
        const body = check(
          CreateAccountBody,
          { ...raw, isAdmin: !!values.isAdmin, institutionId: values.isAdmin ? null : (values.institutionId ?? null) },
          form,
        );
        if (!body.ok) return;
        issued = await accountApi.createAccount(body.data);
      } else {
        const body = check(CreateInstitutionAccountBody, raw, form);
        if (!body.ok) return;
        issued = await accountApi.createInstitutionAccount(values.institutionId!, body.data);
      }
      await qc.invalidateQueries({ queryKey: accountKeys.accounts });
      onCreated(issued);
    } catch (e) {
      problem(e, form, fieldsIn('username', 'displayName', 'credential', 'institutionId'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer open={open} title={t('ac.acc.create')} width={520} form={form} busy={busy} onClose={onClose} onFinish={submit} saveTestId="account-save">
      <AccountIdentityFields t={t} />
      {isAdmin && (
        <Form.Item name="isAdmin" valuePropName="checked" extra={t('ac.acc.admin_hint')}>
          <Checkbox>{t('ac.acc.is_admin')}</Checkbox>
        </Form.Item>
      )}
      {!admin && (
        <Form.Item name="institutionId" label={t('ac.acc.institution')}>
          <Select
            allowClear={isAdmin}
            disabled={!isAdmin && institutionOptions.length < 2}
            options={institutionOptions}
            placeholder={t('ac.acc.no_institution')}
          />
        </Form.Item>
      )}
      <CredentialChoice t={t} />
    </FormDrawer>
  );
}
