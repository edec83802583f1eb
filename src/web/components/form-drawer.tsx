import { Button, Drawer, Form, type FormInstance, Grid, Space } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * The drawer every create/edit form of the workspace uses: full width on a phone, Cancel and
 * Save at the top (Save submits the form, and spins while `busy`), closed drawers unmounted.
 */
export function FormDrawer<V>({
  open,
  title,
  width,
  form,
  busy,
  onClose,
  onFinish,
  saveTestId,
  className,
  children,
}: {
  open: boolean;
  title: ReactNode;
  width: number;
  form: FormInstance<V>;
  busy: boolean;
  onClose: () => void;
  onFinish: (values: V) => void;
  saveTestId?: string;
  className?: string;
  children: ReactNode;
}) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.sm ? width : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid={saveTestId}>
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={onFinish} className={className}>
        {children}
      </Form>
    </Drawer>
  );
}
