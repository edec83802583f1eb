import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LocaleSwitch } from '../../components/locale-switch';

/** A page of one card beside the sign-in page's look: the forced password change, the set-password link. */
export function CardPage({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="login-page">
      <div className="login-locale">
        <LocaleSwitch />
      </div>
      <Card className="login-card password-card">
        {title && (
          <div className="login-brand">
            <span className="app-brand-mark">C</span>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
          </div>
        )}
        {children}
      </Card>
    </div>
  );
}
