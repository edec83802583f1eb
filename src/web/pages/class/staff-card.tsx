import { CloseOutlined, UserAddOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Modal, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { InviteClassStaffBody } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { FormDrawer } from '../../components/form-drawer';
import { useT } from '../../i18n';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck } from '../../lib/validation';
import { accountApi, accountKeys, type IssuedT } from '../accounts/api';
import { AccountIdentityFields, CredentialChoice } from '../accounts/create-account';
import { CredentialModal } from '../accounts/credential-modal';
import { useAcT } from '../accounts/messages';

type StaffRole = 'project_lead' | 'class_teacher';

/**
 * The class's 项目负责人 and 班主任. Those who manage the class (教务, admin) add them from the
 * institution's staff, invite someone new by name (account and class staff in one step), or
 * remove them; the class-teacher role in this class comes and goes with it.
 */
export function StaffCard({ cls }: { cls: ClassDetailT }) {
  const t = useT();
  const at = useAcT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const problem = useProblem();
  const manage = cls.abilities.includes('class.manage');
  const [adding, setAdding] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [issued, setIssued] = useState<IssuedT | null>(null);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: keys.class(cls.id) }), qc.invalidateQueries({ queryKey: accountKeys.accounts })]);
  const remove = async (staffId: number, name: string) => {
    try {
      await accountApi.removeClassStaff(staffId);
      await refresh();
      message.success(at('ac.staff.removed', { name }));
    } catch (e) {
      problem(e);
    }
  };

  return (
    <Card
      title={t('overview.staff')}
      style={{ marginTop: 16 }}
      className="staff-card"
      extra={
        manage && (
          <Space size={4} wrap>
            <Button size="small" icon={<UsergroupAddOutlined />} onClick={() => setAdding(true)} data-testid="staff-add">
              {at('ac.staff.add')}
            </Button>
            <Button size="small" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="staff-invite">
              {at('ac.staff.invite')}
            </Button>
          </Space>
        )
      }
    >
      {cls.staff.length === 0 ? (
        <Typography.Text type="secondary">{t('overview.no_staff')}</Typography.Text>
      ) : (
        <Space wrap>
          {cls.staff.map((s) => (
            <Tag key={s.id} className="staff-tag" data-testid={`staff-${s.userId}`}>
              {s.displayName} · {t(`staff.${s.role}`)}
              {manage && (
                <Popconfirm title={at('ac.staff.remove_confirm', { name: s.displayName })} onConfirm={() => remove(s.id, s.displayName)}>
                  <Button type="text" size="small" icon={<CloseOutlined />} className="staff-remove" aria-label={`${t('action.delete')} ${s.displayName}`} />
                </Popconfirm>
              )}
            </Tag>
          ))}
        </Space>
      )}
      {manage && <AddStaffModal cls={cls} open={adding} onClose={() => setAdding(false)} onDone={refresh} />}
      {manage && (
        <InviteStaffDrawer
          cls={cls}
          open={inviting}
          onClose={() => setInviting(false)}
          onDone={async (r) => {
            setInviting(false);
            await refresh();
            setIssued(r);
          }}
        />
      )}
      <CredentialModal issued={issued} onClose={() => setIssued(null)} />
    </Card>
  );
}

function RoleChoice({ name = 'role' }: { name?: string }) {
  const t = useT();
  const at = useAcT();
  return (
    <Form.Item name={name} label={at('ac.staff.role')}>
      <Radio.Group>
        <Radio value="class_teacher">{t('staff.class_teacher')}</Radio>
        <Radio value="project_lead">{t('staff.project_lead')}</Radio>
      </Radio.Group>
    </Form.Item>
  );
}

function AddStaffModal({ cls, open, onClose, onDone }: { cls: ClassDetailT; open: boolean; onClose: () => void; onDone: () => Promise<unknown> }) {
  const at = useAcT();
  const { message } = App.useApp();
  const problem = useProblem();
  const [form] = Form.useForm<{ userId: number; role: StaffRole }>();
  const [busy, setBusy] = useState(false);
  const staff = useQuery({
    queryKey: accountKeys.list(`inst-${cls.institutionId}`, ''),
    queryFn: () => accountApi.institutionAccounts(cls.institutionId),
    enabled: open,
  });
  useEffect(() => {
    if (open) form.setFieldsValue({ role: 'class_teacher', userId: undefined });
  }, [open, form]);
  const onClass = new Set(cls.staff.map((s) => s.userId));
  const options = (staff.data ?? [])
    .filter((a) => !a.disabled)
    .map((a) => ({
      value: a.id,
      label: `${a.displayName}（${a.username}）`,
      disabled: onClass.has(a.id),
      title: onClass.has(a.id) ? at('ac.staff.on_class') : undefined,
    }));
  const submit = async (values: { userId: number; role: StaffRole }) => {
    if (!values.userId) return;
    setBusy(true);
    try {
      await accountApi.addClassStaff(cls.id, values);
      await onDone();
      message.success(at('ac.staff.added', { name: options.find((o) => o.value === values.userId)?.label ?? '' }));
      onClose();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={at('ac.staff.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'staff-add-ok' } as never}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="userId" label={at('ac.staff.person')} rules={[{ required: true, message: at('ac.staff.pick') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={at('ac.staff.pick')}
            options={options}
            loading={staff.isPending}
            aria-label={at('ac.staff.person')}
          />
        </Form.Item>
        <RoleChoice />
      </Form>
    </Modal>
  );
}

type InviteValues = { username: string; displayName: string; credential: 'one_time_password' | 'invitation_link'; role: StaffRole };

function InviteStaffDrawer({
  cls,
  open,
  onClose,
  onDone,
}: {
  cls: ClassDetailT;
  open: boolean;
  onClose: () => void;
  onDone: (issued: IssuedT) => Promise<void>;
}) {
  const at = useAcT();
  const problem = useProblem();
  const check = useContractCheck();
  const [form] = Form.useForm<InviteValues>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ role: 'class_teacher', credential: 'one_time_password' });
  }, [open, form]);
  const submit = async (values: InviteValues) => {
    const body = check(
      InviteClassStaffBody,
      { username: values.username ?? '', displayName: values.displayName ?? '', credential: values.credential, role: values.role },
      form,
    );
    if (!body.ok) return;
    setBusy(true);
    try {
      await onDone(await accountApi.inviteClassStaff(cls.id, body.data));
    } catch (e) {
      problem(e, form, fieldsIn('username', 'displayName', 'credential', 'role'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDrawer
      open={open}
      title={at('ac.staff.invite')}
      width={520}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      saveTestId="staff-invite-save"
    >
      <AccountIdentityFields t={at} />
      <RoleChoice />
      <CredentialChoice t={at} />
    </FormDrawer>
  );
}
