import { useQueryClient } from '@tanstack/react-query';
import { Segmented } from 'antd';
import { endpoints } from '../api/endpoints';
import { keys, useMe } from '../api/queries';
import { type Locale, useI18n } from '../i18n';
import { useProblem } from '../lib/problems';

/** 中文 / EN. Signed in, the choice is saved on the account; before that, on this browser. */
export function LocaleSwitch() {
  const { locale, setLocale, t } = useI18n();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const problem = useProblem();
  const change = async (next: Locale) => {
    setLocale(next);
    if (!me) return;
    try {
      await endpoints.setLocale(next);
      qc.setQueryData(keys.me, { ...me, locale: next });
    } catch (e) {
      problem(e);
    }
  };
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('locale.switch')}
      value={locale}
      onChange={change}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
