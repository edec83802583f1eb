import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Grid, Result, Space, Table, Typography } from 'antd';
import type { QuestionnaireSummary } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { inZone } from '../../lib/time';
import { useNonRespondents, useOutstanding } from './api';
import { useEvT } from './messages';

// Who has not answered yet, for the class teacher: a list to copy into the class's group chat or
// to print and hand round. Sending messages is not Cohort's job.

type Person = { enrolmentId: number; name: string; nameBo: string | null; groupName: string | null; phone: string | null };

const lineOf = (p: Person, extra = '') => [p.name, p.groupName, p.phone, extra].filter(Boolean).join('  ');

async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard access (plain http), select the text in a temporary field instead.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Opens a printable page with a heading, a sentence and a table, and prints it. */
function printList(title: string, sentence: string, head: string[], rows: string[][]) {
  const w = window.open('', '_blank', 'width=800,height=900');
  if (!w) return;
  w.document.title = title;
  w.document.body.innerHTML = `
    <style>
      body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Noto Serif Tibetan", sans-serif; margin: 24px; }
      h1 { font-size: 18px; } p { font-size: 14px; }
      table { border-collapse: collapse; width: 100%; font-size: 14px; }
      th, td { border: 1px solid #999; padding: 6px 8px; text-align: left; }
    </style>
    <h1>${escapeHtml(title)}</h1>
    <p>${escapeHtml(sentence)}</p>
    <table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  w.focus();
  w.print();
}

export function NonRespondentsDrawer({
  classId,
  timeZone,
  questionnaire,
  onClose,
}: {
  classId: number;
  timeZone: string;
  questionnaire: QuestionnaireSummary | null;
  onClose: () => void;
}) {
  const t = useEvT();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const q = useNonRespondents(classId, questionnaire?.id ?? null);
  const d = q.data;
  const title = questionnaire ? (questionnaire.session ? questionnaire.title : t('ev.class_questionnaire')) : '';
  const sentence = d ? t('ev.nr.reminder', { title, at: inZone(d.closesAt, timeZone).format('MM-DD HH:mm') }) : '';
  const copy = async () => {
    if (!d) return;
    const ok = await copyText([sentence, ...d.people.map((p) => lineOf(p))].join('\n'));
    if (ok) message.success(t('ev.nr.copied', { n: d.people.length }));
  };
  return (
    <Drawer
      open={questionnaire !== null}
      onClose={onClose}
      title={t('ev.nr.title', { title })}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      extra={
        d && d.people.length > 0 ? (
          <Space>
            <Button type="primary" icon={<CopyOutlined />} onClick={copy}>
              {t('ev.nr.copy')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              onClick={() =>
                printList(
                  t('ev.nr.title', { title }),
                  sentence,
                  [t('ev.col.name'), t('ev.col.group'), t('ev.col.phone')],
                  d.people.map((p) => [p.name + (p.nameBo ? ` ${p.nameBo}` : ''), p.groupName ?? '', p.phone ?? '']),
                )
              }
            >
              {t('ev.nr.print')}
            </Button>
          </Space>
        ) : null
      }
    >
      {q.error && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.isPending && <Loading />}
      {d && (
        <>
          <Typography.Paragraph>{t('ev.nr.count', { expected: d.expected, answered: d.answered, n: d.people.length })}</Typography.Paragraph>
          {d.people.length === 0 ? (
            <Result status="success" title={t('ev.nr.all_done')} />
          ) : (
            <Table<Person>
              size="small"
              rowKey="enrolmentId"
              pagination={false}
              dataSource={d.people}
              columns={[
                { title: t('ev.col.name'), key: 'name', render: (_, p) => <PersonName name={p.name} nameBo={p.nameBo} /> },
                { title: t('ev.col.group'), dataIndex: 'groupName', width: 100, render: (v) => v ?? '—' },
                { title: t('ev.col.phone'), dataIndex: 'phone', width: 130, render: (v) => (v ? <a href={`tel:${v}`}>{v}</a> : '—') },
              ]}
            />
          )}
        </>
      )}
    </Drawer>
  );
}

export function OutstandingDrawer({ classId, timeZone, open, onClose }: { classId: number; timeZone: string; open: boolean; onClose: () => void }) {
  const t = useEvT();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const q = useOutstanding(classId, open);
  const d = q.data;
  const pendingText = (p: NonNullable<typeof d>['people'][number]) =>
    p.pending.map((x) => `${x.title}（${inZone(x.closesAt, timeZone).format('MM-DD HH:mm')}）`).join('；');
  const sentence = t('ev.nr.outstanding_reminder');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('ev.nr.outstanding_title')}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      extra={
        d && d.people.length > 0 ? (
          <Space>
            <Button
              type="primary"
              icon={<CopyOutlined />}
              onClick={async () => {
                if (await copyText([sentence, ...d.people.map((p) => lineOf(p, pendingText(p)))].join('\n')))
                  message.success(t('ev.nr.copied', { n: d.people.length }));
              }}
            >
              {t('ev.nr.copy')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              onClick={() =>
                printList(
                  t('ev.nr.outstanding_title'),
                  sentence,
                  [t('ev.col.name'), t('ev.col.group'), t('ev.col.phone'), t('ev.nr.pending')],
                  d.people.map((p) => [p.name, p.groupName ?? '', p.phone ?? '', pendingText(p)]),
                )
              }
            >
              {t('ev.nr.print')}
            </Button>
          </Space>
        ) : null
      }
    >
      {q.error && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.isPending && <Loading />}
      {d && d.people.length === 0 && <Result status="success" title={t('ev.nr.outstanding_none')} />}
      {d && d.people.length > 0 && (
        <Table
          size="small"
          rowKey="enrolmentId"
          pagination={false}
          dataSource={d.people}
          columns={[
            { title: t('ev.col.name'), key: 'name', width: 140, render: (_, p) => <PersonName name={p.name} nameBo={p.nameBo} /> },
            { title: t('ev.col.group'), dataIndex: 'groupName', width: 90, render: (v) => v ?? '—' },
            { title: t('ev.col.phone'), dataIndex: 'phone', width: 130, render: (v) => (v ? <a href={`tel:${v}`}>{v}</a> : '—') },
            { title: t('ev.nr.pending'), key: 'pending', render: (_, p) => pendingText(p) },
          ]}
        />
      )}
    </Drawer>
  );
}
