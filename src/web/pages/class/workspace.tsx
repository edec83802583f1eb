import { CalendarOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Breadcrumb, Space, Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useClass } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { StatusTag } from '../../components/labels';
import { Loading } from '../../components/loading';
import { type MessageKey, useT } from '../../i18n';
import { classPowers } from './powers';

// Each tab is its own chunk; the overview is what most visits need.
const OverviewTab = lazy(() => import('./overview'));
const RosterTab = lazy(() => import('./roster'));
const GroupsTab = lazy(() => import('./groups'));
const TimetableTab = lazy(() => import('./timetable'));
const PlanningCheckTab = lazy(() => import('./planning-check'));
const SitesTab = lazy(() => import('./sites'));
const LecturersTab = lazy(() => import('./lecturers'));
const ImportTab = lazy(() => import('../roster-io/import-page'));
const CertificatesTab = lazy(() => import('../certificates'));
const EvaluationsTab = lazy(() => import('../evaluations'));
const PhotosTab = lazy(() => import('../photos'));
const BulletinsTab = lazy(() => import('../bulletins'));
const AttendanceTab = lazy(() => import('../attendance'));
// The class's audit trail (classes engineer).
const AuditTab = lazy(() => import('../audit/class-audit'));
// Buses for site visits and the class committee (#18).
const TransportTab = lazy(() => import('../transport'));
const CommitteeTab = lazy(() => import('../committee'));
// Rooms and meals of the residential class (#18).
const RoomsTab = lazy(() => import('../residence/rooms'));
const MealsTab = lazy(() => import('../residence/meals'));
// Arrivals and departures (接送站, #18).
const TravelTab = lazy(() => import('../travel'));
// After the class (#19): reflections (心得体会) and 结业鉴定.
const ReflectionsTab = lazy(() => import('../after-class/reflections'));
const AppraisalsTab = lazy(() => import('../after-class/appraisals'));
// Action plans and the follow-up months later (#19).
const FollowupTab = lazy(() => import('../followup'));
const HandbookTab = lazy(() => import('../handbook'));

const TABS = [
  'overview',
  'roster',
  'groups',
  'committee',
  'import',
  'timetable',
  'check',
  'attendance',
  'travel',
  'buses',
  'rooms',
  'meals',
  'sites',
  'lecturers',
  'evaluations',
  'photos',
  'bulletins',
  'certificates',
  'reflections',
  'appraisals',
  'followup',
  'handbook',
  'audit',
] as const;
type TabKey = (typeof TABS)[number];

export default function ClassWorkspace() {
  const t = useT();
  const params = useParams();
  const navigate = useNavigate();
  const classId = Number(params.classId);
  const q = useClass(classId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const cls = q.data;
  const powers = classPowers(cls);

  const visible: Record<TabKey, boolean> = {
    overview: true,
    roster: powers.readRoster,
    groups: powers.readRoster,
    committee: powers.readRoster,
    buses: cls.abilities.includes('vehicle.read'),
    rooms: cls.abilities.includes('rooms.read'),
    meals: cls.abilities.includes('meals.read'),
    travel: cls.abilities.includes('travel.read'),
    import: powers.writeRoster,
    timetable: powers.readTimetable,
    check: powers.readTimetable,
    sites: powers.readTimetable,
    lecturers: powers.readInstitution,
    evaluations: cls.abilities.includes('evaluation.read_own'),
    photos: cls.abilities.includes('photo.read'),
    bulletins: cls.abilities.includes('bulletin.read'),
    certificates: cls.abilities.includes('certificates.read'),
    attendance: cls.abilities.includes('attendance.read') || cls.abilities.includes('invitation.manage'),
    audit: cls.abilities.includes('audit.read'),
    reflections: cls.abilities.includes('reflection.review'),
    appraisals: cls.abilities.includes('appraisal.write'),
    followup: cls.abilities.includes('followup.manage') || cls.abilities.includes('followup.report'),
    handbook: cls.abilities.includes('handbook.read'),
  };
  const requested = (params.tab ?? 'overview') as TabKey;
  const tab: TabKey = TABS.includes(requested) && visible[requested] ? requested : 'overview';
  const body = (key: TabKey) => {
    switch (key) {
      case 'overview':
        return <OverviewTab cls={cls} powers={powers} />;
      case 'roster':
        return <RosterTab cls={cls} powers={powers} />;
      case 'groups':
        return <GroupsTab cls={cls} powers={powers} />;
      case 'committee':
        return <CommitteeTab cls={cls} powers={powers} />;
      case 'travel':
        return <TravelTab cls={cls} powers={powers} />;
      case 'buses':
        return <TransportTab cls={cls} powers={powers} />;
      case 'rooms':
        return <RoomsTab cls={cls} powers={powers} />;
      case 'meals':
        return <MealsTab cls={cls} powers={powers} />;
      case 'import':
        return <ImportTab cls={cls} powers={powers} />;
      case 'timetable':
        return <TimetableTab cls={cls} powers={powers} />;
      case 'check':
        return <PlanningCheckTab cls={cls} powers={powers} />;
      case 'sites':
        return <SitesTab cls={cls} powers={powers} />;
      case 'lecturers':
        return <LecturersTab cls={cls} powers={powers} />;
      case 'evaluations':
        return <EvaluationsTab cls={cls} powers={powers} />;
      case 'photos':
        return <PhotosTab cls={cls} powers={powers} />;
      case 'bulletins':
        return <BulletinsTab cls={cls} powers={powers} />;
      case 'certificates':
        return <CertificatesTab cls={cls} powers={powers} />;
      case 'attendance':
        return <AttendanceTab cls={cls} powers={powers} />;
      case 'audit':
        return <AuditTab cls={cls} powers={powers} />;
      case 'reflections':
        return <ReflectionsTab cls={cls} powers={powers} />;
      case 'appraisals':
        return <AppraisalsTab cls={cls} powers={powers} />;
      case 'followup':
        return <FollowupTab cls={cls} powers={powers} />;
      case 'handbook':
        return <HandbookTab cls={cls} powers={powers} />;
    }
  };

  return (
    <div className="page class-page">
      <Breadcrumb
        className="no-print"
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: powers.readProgramme ? <Link to={`/programmes/${cls.programmeId}`}>{cls.programmeName}</Link> : cls.programmeName },
          { title: cls.shortTitle ?? cls.title },
        ]}
      />
      <div className="class-heading">
        <Typography.Title level={3} className="page-title">
          {cls.title}
        </Typography.Title>
        <Space wrap size={[12, 4]} className="class-meta">
          <StatusTag status={cls.status} />
          <span>
            <CalendarOutlined /> {cls.startsOn} – {cls.endsOn}
          </span>
          {cls.place && (
            <span>
              <EnvironmentOutlined /> {cls.place}
            </span>
          )}
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/classes/${classId}${key === 'overview' ? '' : `/${key}`}`)}
        destroyOnHidden
        items={TABS.filter((k) => visible[k]).map((k) => ({
          key: k,
          label: t(`tab.${k}` as MessageKey),
          children: <Suspense fallback={<Loading />}>{body(k)}</Suspense>,
        }))}
      />
    </div>
  );
}
