import { CopyOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Drawer, Grid, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { endpoints, type PlanningWarningT, type SessionT } from '../../../api/endpoints';
import { useTimetableRefresh } from '../../../api/queries';
import { KindTag } from '../../../components/labels';
import { type MessageKey, useT } from '../../../i18n';
import { useProblem } from '../../../lib/problems';
import { type Dayjs, dayjs, inZone, timeIn } from '../../../lib/time';
import { usePlT } from './messages';
import { WarningList } from './warnings';

/** Everything about one session, and (for those who may) edit and delete. */
export function SessionDrawer({
  session,
  timeZone,
  classId,
  canWrite,
  onClose,
  onEdit,
  warnings = [],
  classDates,
  groupNames,
  onDuplicated,
}: {
  session: SessionT | null;
  timeZone: string;
  classId: number;
  canWrite: boolean;
  onClose: () => void;
  onEdit: (s: SessionT) => void;
  /** Open planning warnings that name this session (#9). */
  warnings?: PlanningWarningT[];
  /** The class's first and last day, for copies. */
  classDates: { from: string; to: string };
  groupNames: Map<number, string>;
  onDuplicated: (s: SessionT) => void;
}) {
  const pt = usePlT();
  const [copyTo, setCopyTo] = useState<Dayjs | null | undefined>(undefined);
  const t = useT();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const problem = useProblem();
  const refresh = useTimetableRefresh(classId);
  const [busy, setBusy] = useState(false);
  const s = session;

  const remove = async () => {
    if (!s) return;
    setBusy(true);
    try {
      await endpoints.deleteSession(s.id);
      await refresh();
      message.success(t('timetable.deleted', { title: s.title }));
      onClose();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };

  const duplicate = async () => {
    if (!s || !copyTo) return;
    setBusy(true);
    try {
      const copy = await endpoints.duplicateSession(s.id, copyTo.format('YYYY-MM-DD'));
      await refresh();
      message.success(pt('pl.dup.done', { date: copyTo.format(t('timetable.day_format')) }));
      setCopyTo(undefined);
      onDuplicated(copy);
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={!!s}
      onClose={onClose}
      size={screens.sm ? 560 : '100%'}
      title={s?.title}
      className="session-drawer"
      extra={
        s &&
        canWrite && (
          <Space>
            <Popconfirm
              title={t('timetable.confirm_delete', { title: s.title })}
              okText={t('action.delete')}
              cancelText={t('action.cancel')}
              onConfirm={remove}
            >
              <Button danger icon={<DeleteOutlined />} loading={busy}>
                {t('action.delete')}
              </Button>
            </Popconfirm>
            <Button icon={<CopyOutlined />} onClick={() => setCopyTo(null)} aria-label={pt('pl.dup.action')} data-testid="session-duplicate">
              {screens.sm ? pt('pl.dup.action') : null}
            </Button>
            <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(s)}>
              {t('action.edit')}
            </Button>
          </Space>
        )
      }
    >
      {s && (
        <>
          <WarningList warnings={warnings} tz={timeZone} from={{ id: s.id }} title={pt('pl.marker', { n: warnings.length })} />
          <Modal
            open={copyTo !== undefined}
            title={pt('pl.dup.title', { title: s.title })}
            onCancel={() => setCopyTo(undefined)}
            onOk={duplicate}
            okText={pt('pl.dup.go')}
            cancelText={t('action.cancel')}
            okButtonProps={{ disabled: !copyTo, loading: busy }}
            destroyOnHidden
          >
            <Typography.Paragraph type="secondary">{pt('pl.dup.hint')}</Typography.Paragraph>
            <DatePicker
              value={copyTo}
              onChange={setCopyTo}
              style={{ width: '100%' }}
              id="duplicate-date"
              placeholder={pt('pl.dup.date')}
              disabledDate={(d) => d.isBefore(dayjs(classDates.from), 'day') || d.isAfter(dayjs(classDates.to), 'day')}
              defaultPickerValue={inZone(s.startsAt, timeZone)}
              data-testid="duplicate-date"
            />
          </Modal>
          <Descriptions column={1} size="small" bordered className="session-details">
            <Descriptions.Item label={t('session.kind')}>
              <KindTag kind={s.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={t('session.time')}>
              {inZone(s.startsAt, timeZone).format(t('timetable.long_date_format'))} {timeIn(s.startsAt, timeZone)}–{timeIn(s.endsAt, timeZone)}
            </Descriptions.Item>
            <Descriptions.Item label={t('session.hours')}>{t('session.hours_value', { n: s.hours })}</Descriptions.Item>
            {s.site && (
              <Descriptions.Item label={t('session.site')}>
                <div>
                  <strong>{s.site.name}</strong>
                  {s.site.shortName && s.site.shortName !== s.site.name && (
                    <Typography.Text type="secondary">{t('fmt.paren', { text: s.site.shortName })}</Typography.Text>
                  )}
                </div>
                {s.site.address && <div>{s.site.address}</div>}
                {s.site.host && <Typography.Text type="secondary">{t('site.host_is', { host: s.site.host })}</Typography.Text>}
              </Descriptions.Item>
            )}
            {s.venue && <Descriptions.Item label={t('session.venue')}>{s.venue}</Descriptions.Item>}
            <Descriptions.Item label={t('session.lecturers')}>
              {s.lecturers.length ? s.lecturers.map((l) => (l.title ? l.name + t('fmt.paren', { text: l.title }) : l.name)).join(t('fmt.list_sep')) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('session.groups')}>
              {s.groups.length ? (
                <Space wrap size={4}>
                  {s.groups.map((g) => (
                    <Tag key={g.id}>{g.name}</Tag>
                  ))}
                </Space>
              ) : (
                t('session.whole_class')
              )}
            </Descriptions.Item>
          </Descriptions>
          {s.description && (
            <section className="drawer-section">
              <Typography.Title level={5}>{t('session.description')}</Typography.Title>
              <Typography.Paragraph className="prewrap">{s.description}</Typography.Paragraph>
            </section>
          )}
          {s.notes && (
            <section className="drawer-section">
              <Typography.Title level={5}>{t('session.notes')}</Typography.Title>
              <Typography.Paragraph className="prewrap">{s.notes}</Typography.Paragraph>
            </section>
          )}
          {s.agenda.length > 0 && (
            <section className="drawer-section">
              <Typography.Title level={5}>{t('session.agenda')}</Typography.Title>
              <List
                size="small"
                dataSource={s.agenda}
                renderItem={(a, n) => (
                  <List.Item>
                    <div>
                      <div>
                        <Typography.Text type="secondary">{n + 1}. </Typography.Text>
                        <Tag>{t(`agenda.${a.kind}` as MessageKey)}</Tag>
                        <strong>{a.title}</strong>
                        {a.speakerName && <span className="agenda-speaker"> · {a.speakerName}</span>}
                        {a.groupId && groupNames.get(a.groupId) && <Tag className="agenda-group">{groupNames.get(a.groupId)}</Tag>}
                      </div>
                      {a.speakerRole && <Typography.Text type="secondary">{a.speakerRole}</Typography.Text>}
                      {a.summary && <Typography.Paragraph className="agenda-summary">{a.summary}</Typography.Paragraph>}
                    </div>
                  </List.Item>
                )}
              />
            </section>
          )}
        </>
      )}
    </Drawer>
  );
}
