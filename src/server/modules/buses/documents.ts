import type { SessionTransport, Vehicle } from '../../../contracts';
import { createPdf, drawTable, type TableColumn, writeMixed } from '../../documents/pdf';
import { writeXlsx } from '../../documents/xlsx';
import { wallClockOf } from '../../lib/wall-clock';
import type { VehicleLeg } from './tables';

// The passenger manifest (乘车名单) of a site visit's buses, one page or sheet per bus: for the
// class teacher's clipboard and for the bus company. Names as written (Chinese and Tibetan), the
// group, the unit; no ID numbers and no trainee phones.
const LEG_ZH: Record<VehicleLeg, string> = { outbound: '去程', return: '返程' };

const when = (instant: string | null, tz: string) => {
  if (!instant) return '—';
  const w = wallClockOf(instant, tz);
  return `${w.date} ${w.time.slice(0, 5)}`;
};
const vehicleLine = (v: Vehicle) => [v.company, v.driverName && `司机 ${v.driverName}`, v.driverPhone && `电话 ${v.driverPhone}`].filter(Boolean).join('　');
const rowsOf = (v: Vehicle) =>
  v.passengers.map((p, i) => ({
    no: i + 1,
    name: p.name,
    nameBo: p.nameBo ?? '',
    group: p.kind === 'staff' ? '工作人员' : `${p.groupName ?? ''}${p.groupLeader ? '（组长）' : ''}`,
    workUnit: p.workUnit ?? '',
    boarded: p.boardedAt ? '✓' : '',
  }));

export function manifestPdf(t: SessionTransport, leg: VehicleLeg): Promise<Buffer> {
  const title = `${t.session.title} ${LEG_ZH[leg]}乘车名单`;
  const { doc, toBuffer } = createPdf({ title, runningHeader: t.session.title, pageNumbers: true, pageNumberFormat: (p, n) => `第 ${p} 页 / 共 ${n} 页` });
  const columns: TableColumn[] = [
    { key: 'no', header: '序号', width: 30, align: 'center' },
    { key: 'name', header: '姓名', width: 70 },
    { key: 'nameBo', header: '藏文名', width: 95 },
    { key: 'group', header: '组别', width: 75 },
    { key: 'workUnit', header: '工作单位', width: 170 },
    { key: 'boarded', header: '上车', width: 40, align: 'center' },
  ];
  const vehicles = t.vehicles.filter((v) => v.leg === leg);
  vehicles.forEach((v, n) => {
    if (n > 0) doc.addPage();
    writeMixed(doc, `${LEG_ZH[leg]}乘车名单 · ${v.label}`, { fontSize: 16, bold: true, align: 'center', paragraphGap: 4 });
    writeMixed(doc, t.session.title, { fontSize: 11, align: 'center', paragraphGap: 2 });
    const x = doc.page.margins.left;
    for (const line of [
      `车牌 ${v.plate}　座位 ${v.seats}　乘车 ${v.passengers.length} 人`,
      `发车 ${when(v.departsAt ?? (leg === 'outbound' ? t.session.startsAt : t.session.endsAt), t.timeZone)}　${t.session.site ?? ''}`,
      vehicleLine(v),
    ].filter(Boolean))
      writeMixed(doc, line, { fontSize: 10, paragraphGap: 1, x });
    doc.y += 6;
    drawTable(doc, { columns, rows: rowsOf(v), zebraFill: '#f5f5f5', fontSize: 9.5, rowHeight: 18 });
  });
  if (!vehicles.length) writeMixed(doc, `${title}：尚无车辆`, { fontSize: 12 });
  return toBuffer();
}

export function manifestXlsx(t: SessionTransport, leg: VehicleLeg): Promise<Buffer> {
  const vehicles = t.vehicles.filter((v) => v.leg === leg);
  if (!vehicles.length)
    return writeXlsx([{ name: '乘车名单', title: `${t.session.title} ${LEG_ZH[leg]}：尚无车辆`, columns: [{ header: '姓名', key: 'name' }], rows: [] }]);
  return writeXlsx(
    vehicles.map((v) => ({
      name: `${v.label} ${v.plate}`,
      title: `${t.session.title} ${LEG_ZH[leg]} · ${v.label} ${v.plate}（${v.seats} 座）${vehicleLine(v) ? `　${vehicleLine(v)}` : ''}`,
      columns: [
        { header: '序号', key: 'no' },
        { header: '姓名', key: 'name' },
        { header: '藏文名', key: 'nameBo' },
        { header: '组别', key: 'group' },
        { header: '工作单位', key: 'workUnit', maxWidth: 40 },
        { header: '上车', key: 'boarded' },
      ],
      rows: rowsOf(v),
    })),
  );
}
