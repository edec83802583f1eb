// Server messages of offline check-ins in the attendance matrix workbook (#15), merged into messages.ts.
export const offlineMarksMessages = {
  'attendance.xlsx.review': { 'zh-CN': '待确认', en: 'to review' },
  'attendance.xlsx.present_offline': { 'zh-CN': '出勤（离线）', en: 'present (offline)' },
  'attendance.xlsx.late_offline': { 'zh-CN': '迟到（离线）', en: 'late (offline)' },
  'attendance.xlsx.absent_offline_rejected': { 'zh-CN': '缺勤（离线签到未通过）', en: 'absent (offline check-in rejected)' },
  'attendance.xlsx.review_count': { 'zh-CN': '待确认人数', en: 'To review' },
  'attendance.xlsx.legend_offline': {
    'zh-CN':
      '说明：“（离线）”为学员在无网络时扫码、联网后同步的签到；“待确认”为同步较晚、等待班主任确认的离线签到，确认前不计出勤和学时，确认后计入；“缺勤（离线签到未通过）”为班主任未确认的离线签到。',
    en: 'Note: "(offline)" marks a check-in scanned with no network and synced later; "to review" is an offline check-in that synced late and waits for the class teacher: it counts as neither attended nor absent and earns no hours until accepted; "absent (offline check-in rejected)" is one the class teacher rejected.',
  },
};
