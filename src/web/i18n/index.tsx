import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setRequestLanguage } from '../api/client';
import { dayjs } from '../lib/time';
import { en } from './en';
import { type MessageKey, zhCN } from './zh-CN';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';
export type Params = Record<string, string | number | null | undefined>;
export type T = (key: MessageKey, params?: Params) => string;

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'cohort.locale';

/** Fills {name} placeholders; a missing parameter becomes an empty string. */
const fill = (template: string, params: Params) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));

export function format(locale: Locale, key: MessageKey, params: Params = {}): string {
  return fill(DICTIONARIES[locale][key] ?? zhCN[key] ?? key, params);
}

/**
 * Translates with a screen's own message table (kept beside its pages), by the rules of `useT`:
 * the current language, Chinese where an English entry is missing. Pass module-level tables.
 */
export function usePageMessages<K extends string>(zh: Record<K, string>, english: Partial<Record<K, string>>): (key: K, params?: Params) => string {
  const { locale } = useI18n();
  return useCallback((key: K, params: Params = {}) => fill((locale === 'en' ? english[key] : undefined) ?? zh[key], params), [locale, zh, english]);
}

/** The language chosen before signing in (or last used on this browser); Chinese by default. */
export function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  setRequestLanguage(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

type I18n = { locale: Locale; setLocale: (l: Locale) => void; t: T };
const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const initial = storedLocale();
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((l: Locale) => {
    applyLocale(l);
    setState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key, params) => format(locale, key, params) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** The translate function for the current language. */
export const useT = (): T => useI18n().t;
