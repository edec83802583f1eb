import {
  CalendarOutlined,
  CopyOutlined,
  DownloadOutlined,
  DownOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  SyncOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Input, Modal, Popconfirm, Radio, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CalendarFeed, CLASS_EXPORTS, type ClassExportKey } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { useSessions } from '../../api/queries';
import { useI18n, useT } from '../../i18n';
import { useProblem } from '../../lib/problems';
import { dateIn, timeIn } from '../../lib/time';
import type { ClassPowers } from '../class/powers';
import { rosterIo } from './api';
import './roster-io.css';

const iconOf = (key: string) => (key.endsWith('.pdf') ? <FilePdfOutlined /> : <FileExcelOutlined />);

/** "导出" menu: the class documents of the given kinds the user may read, plus sign-in sheets. */
export function ExportMenu({ cls, keys, signIn = false }: { cls: ClassDetailT; keys: ClassExportKey[]; signIn?: boolean }) {
  const t = useT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const [signInOpen, setSignInOpen] = useState(false);
  const docs = CLASS_EXPORTS.filter((d) => keys.includes(d.key) && cls.abilities.includes(d.permission));
  const canSignIn = signIn && cls.abilities.includes('roster.read');
  if (!docs.length && !canSignIn) return null;

  const download = async (key: ClassExportKey) => {
    setBusy(true);
    try {
      message.success(t('export.downloaded', { name: await rosterIo.classDocument(cls.id, key) }));
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  const items = [
    ...docs.map((d) => ({ key: d.key, icon: iconOf(d.key), label: d.label[locale] })),
    ...(canSignIn ? [{ type: 'divider' as const }, { key: 'sign-in', icon: <FilePdfOutlined />, label: t('export.sign_in') }] : []),
  ];
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => (key === 'sign-in' ? setSignInOpen(true) : download(key as ClassExportKey)),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={busy} data-testid="export-menu">
          {t('export.menu')} <DownOutlined />
        </Button>
      </Dropdown>
      {signInOpen && <SignInSheetModal cls={cls} onClose={() => setSignInOpen(false)} />}
    </>
  );
}

/** Picks one session, or one day of the class, and downloads its 签到表 (one A4 page per session). */
function SignInSheetModal({ cls, onClose }: { cls: ClassDetailT; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const problem = useProblem();
  const sessions = useSessions(cls.id);
  const [mode, setMode] = useState<'session' | 'day'>('session');
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = [...(sessions.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const days = [...new Set(list.map((s) => dateIn(s.startsAt, cls.timeZone)))];
  const label = (s: (typeof list)[number]) =>
    `${dateIn(s.startsAt, cls.timeZone).slice(5)} ${timeIn(s.startsAt, cls.timeZone)} ${s.title}${s.groups.length ? `（${s.groups.map((g) => g.name).join('、')}）` : ''}`;
  const ready = mode === 'session' ? sessionId !== null : day !== null;

  const download = async () => {
    setBusy(true);
    try {
      const name = mode === 'session' ? await rosterIo.signInSheet(sessionId!) : await rosterIo.signInSheetsOfDay(cls.id, day!);
      message.success(t('export.downloaded', { name }));
      onClose();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('export.sign_in')}
      onCancel={onClose}
      onOk={download}
      okText={t('export.download')}
      okButtonProps={{ disabled: !ready, loading: busy }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('export.sign_in_hint')}</Typography.Paragraph>
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} className="sign-in-mode">
        <Radio value="session">{t('export.sign_in_one')}</Radio>
        <Radio value="day">{t('export.sign_in_day')}</Radio>
      </Radio.Group>
      {sessions.isPending ? (
        <Spin />
      ) : mode === 'session' ? (
        <Select
          showSearch
          optionFilterProp="label"
          className="full-width"
          placeholder={t('export.pick_session')}
          value={sessionId ?? undefined}
          onChange={setSessionId}
          options={list.map((s) => ({ value: s.id, label: label(s) }))}
          data-testid="sign-in-session"
        />
      ) : (
        <Select
          className="full-width"
          placeholder={t('export.pick_day')}
          value={day ?? undefined}
          onChange={setDay}
          options={days.map((d) => ({ value: d, label: d }))}
        />
      )}
    </Modal>
  );
}

/** "导入名单" (to the import tab) and the roster's export menu, for the roster tab's toolbar. */
export function RosterIoButtons({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <>
      {powers.writeRoster && (
        <Button icon={<UploadOutlined />} onClick={() => navigate(`/classes/${cls.id}/import`)} data-testid="open-import">
          {t('import.open')}
        </Button>
      )}
      <ExportMenu cls={cls} keys={['roster.xlsx', 'contacts.pdf', 'contacts.xlsx', 'groups.pdf', 'groups.xlsx']} signIn />
    </>
  );
}

/** The timetable tab's export menu and "订阅日历". */
export function TimetableIoButtons({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  return (
    <>
      <ExportMenu cls={cls} keys={['timetable.pdf', 'timetable.xlsx']} signIn />
      <CalendarFeedButton cls={cls} powers={powers} />
    </>
  );
}

/** Shows the class's calendar subscription URL (created on first use), to copy or open in a calendar app. */
export function CalendarFeedButton({ cls, powers }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useT();
  const { message } = App.useApp();
  const problem = useProblem();
  const [open, setOpen] = useState(false);
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [busy, setBusy] = useState(false);
  if (!powers.readTimetable) return null;

  const run = async (fn: () => Promise<CalendarFeed>) => {
    setBusy(true);
    try {
      setFeed(await fn());
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  const show = () => {
    setOpen(true);
    void run(() => rosterIo.classFeed(cls.id));
  };
  const copy = async () => {
    if (!feed?.url) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      message.success(t('calendar.copied'));
    } catch {
      // Without clipboard access (plain http on another host), select the text for the user to copy.
      (document.getElementById('calendar-feed-url') as HTMLInputElement | null)?.select();
      message.info(t('calendar.copy_manually'));
    }
  };
  return (
    <>
      <Button icon={<CalendarOutlined />} onClick={show} data-testid="calendar-feed">
        {t('calendar.subscribe')}
      </Button>
      <Modal open={open} title={t('calendar.title')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Typography.Paragraph>{t('calendar.explain')}</Typography.Paragraph>
        {busy && !feed ? (
          <Spin />
        ) : feed?.url ? (
          <Space direction="vertical" className="full-width">
            <Space.Compact className="full-width">
              <Input id="calendar-feed-url" readOnly value={feed.url} data-testid="calendar-feed-url" onFocus={(e) => e.target.select()} />
              <Button icon={<CopyOutlined />} onClick={copy}>
                {t('calendar.copy')}
              </Button>
            </Space.Compact>
            <Space wrap>
              <Typography.Link href={feed.webcalUrl ?? undefined}>{t('calendar.open_app')}</Typography.Link>
              {powers.writeTimetable && (
                <Popconfirm title={t('calendar.rotate_confirm')} onConfirm={() => run(() => rosterIo.rotateClassFeed(cls.id))} okButtonProps={{ danger: true }}>
                  <Button size="small" icon={<SyncOutlined />} loading={busy}>
                    {t('calendar.rotate')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
            <Alert type="info" showIcon title={t('calendar.private')} />
          </Space>
        ) : (
          <Button type="primary" loading={busy} onClick={() => run(() => rosterIo.createClassFeed(cls.id))} data-testid="calendar-feed-create">
            {t('calendar.create')}
          </Button>
        )}
      </Modal>
    </>
  );
}
