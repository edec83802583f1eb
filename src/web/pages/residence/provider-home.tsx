import { CarOutlined, FileExcelOutlined, FilePdfOutlined, HomeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { ClassTransport, type ProviderClasses } from '../../../contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { downloadFile } from '../roster-io/transfer';
import { residenceApi, useRooming } from './api';
import { CountSheetCard } from './meals';
import { type ResKey, useResT } from './messages';

type ProviderClass = (typeof ProviderClasses)['_output'][number];

/** A hotel's or bus company's home: the classes it serves, each with only its own lists. */
export default function ProviderHome() {
  const t = useResT();
  const q = useQuery({ queryKey: ['provider-classes'], queryFn: residenceApi.providerClasses });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div className="page provider-home">
      <Typography.Title level={3}>{t('pv.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pv.hint')}</Typography.Paragraph>
      {!q.data.length && <Empty description={t('pv.none')} />}
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {q.data.map((c) => (
          <Card
            key={`${c.classId}-${c.role}`}
            data-testid={`provider-class-${c.classId}`}
            title={
              <Space wrap>
                {c.role === 'hotel' ? <HomeOutlined /> : <CarOutlined />}
                {c.title}
                <Typography.Text type="secondary">
                  {c.startsOn} – {c.endsOn}
                </Typography.Text>
                <Tag>{t(`pv.role.${c.role}` as ResKey)}</Tag>
              </Space>
            }
          >
            {c.role === 'hotel' ? <HotelLists c={c} /> : <Manifests c={c} />}
          </Card>
        ))}
      </Space>
    </div>
  );
}

function useDownload() {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  return async (path: string, fallback: string) => {
    try {
      message.success(t('rm.downloaded', { name: await downloadFile(path, fallback) }));
    } catch (e) {
      problem(e);
    }
  };
}

function HotelLists({ c }: { c: ProviderClass }) {
  const t = useResT();
  const q = useRooming(c.classId);
  const download = useDownload();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const rooms = new Map(q.data.rooms.map((r) => [r.id, r]));
  const rows = q.data.trainees
    .filter((x) => x.roomId !== null)
    .map((x) => ({ ...x, room: rooms.get(x.roomId!)! }))
    .sort((a, b) => `${a.room.building}${a.room.number}`.localeCompare(`${b.room.building}${b.room.number}`) || (a.bed ?? 0) - (b.bed ?? 0));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('pv.rooming')}
        extra={
          <Space>
            <Button icon={<FileExcelOutlined />} onClick={() => download(`/api/v1/classes/${c.classId}/rooming/export?format=xlsx`, 'rooming.xlsx')}>
              {t('rm.export_xlsx')}
            </Button>
            <Button icon={<FilePdfOutlined />} onClick={() => download(`/api/v1/classes/${c.classId}/rooming/export?format=pdf`, 'rooming.pdf')}>
              {t('rm.export_pdf')}
            </Button>
          </Space>
        }
      >
        <Table
          size="small"
          rowKey="enrolmentId"
          dataSource={rows}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          data-testid="provider-rooming"
          columns={[
            { title: t('rm.col.room'), key: 'room', render: (_, x) => `${x.room.hotel} ${x.room.building}${x.room.number}` },
            { title: t('rm.col.bed'), dataIndex: 'bed', width: 60 },
            { title: t('rm.col.name'), key: 'name', render: (_, x) => <PersonName name={x.name} nameBo={x.nameBo} /> },
            { title: t('rm.col.gender'), key: 'gender', width: 70, render: (_, x) => (x.gender ? t(`rm.gender.${x.gender}` as ResKey) : '') },
            { title: t('rm.col.group'), dataIndex: 'groupName', width: 90 },
            { title: t('rm.col.dates'), key: 'dates', width: 200, render: (_, x) => `${x.checkInOn ?? ''} – ${x.checkOutOn ?? ''}` },
            { title: t('rm.col.dietary'), dataIndex: 'dietary' },
          ]}
        />
      </Card>
      <CountSheetCard classId={c.classId} title={t('pv.meals')} />
    </Space>
  );
}

const fmt = (iso: string, tz: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

function Manifests({ c }: { c: ProviderClass }) {
  const t = useResT();
  const download = useDownload();
  const q = useQuery({
    queryKey: ['transport', c.classId],
    queryFn: () => api('GET', `/api/v1/classes/${c.classId}/transport`, { schema: ClassTransport }),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const sessions = q.data.sessions.filter((s) => s.vehicles.length);
  if (!sessions.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pv.no_visits')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={sessions}
      data-testid="provider-manifests"
      columns={[
        { title: t('ml.day'), key: 'at', width: 130, render: (_, s) => fmt(s.startsAt, q.data.timeZone) },
        { title: t('pv.manifests'), key: 'title', render: (_, s) => `${s.title}${s.site ? ` · ${s.site}` : ''}` },
        ...(['outbound', 'return'] as const).map((leg) => ({
          title: t(`pv.leg.${leg}` as ResKey),
          key: leg,
          render: (_: unknown, s: (typeof sessions)[number]) => {
            const vs = s.vehicles.filter((v) => v.leg === leg);
            if (!vs.length) return null;
            return (
              <Space wrap>
                <Typography.Text type="secondary">{vs.map((v) => `${v.label} ${v.plate}`).join('、')}</Typography.Text>
                <Button
                  size="small"
                  icon={<FilePdfOutlined />}
                  onClick={() => download(`/api/v1/sessions/${s.id}/manifest/pdf?leg=${leg}`, `manifest-${s.id}.pdf`)}
                >
                  PDF
                </Button>
                <Button
                  size="small"
                  icon={<FileExcelOutlined />}
                  onClick={() => download(`/api/v1/sessions/${s.id}/manifest/xlsx?leg=${leg}`, `manifest-${s.id}.xlsx`)}
                >
                  Excel
                </Button>
              </Space>
            );
          },
        })),
      ]}
    />
  );
}
