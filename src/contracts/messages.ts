// Messages for error and validation codes in the two UI languages, shared by the server (problem
// answers, documents) and the web app (the same texts for checks it makes before sending). Keys are
// the stable codes.
export type Lang = 'zh-CN' | 'en';

import { classWorkMessages } from './class-work-messages';
import { completionMessages } from './completion-messages';
import { followupMessages } from './followup-messages';
import { offlineMarksMessages } from './offline-marks-messages';
import { residenceMessages } from './residence-messages';
import { rosterIoMessages } from './roster-io-messages';

type Entry = { 'zh-CN': string; en: string };

export const messages: Record<string, Entry> = {
  ...residenceMessages,
  ...followupMessages,
  ...offlineMarksMessages,
  ...rosterIoMessages,
  ...classWorkMessages,
  ...completionMessages,
  internal: { 'zh-CN': '服务器内部错误，请稍后重试（请求编号 {requestId}）', en: 'Internal server error; please retry (request {requestId})' },
  not_found: { 'zh-CN': '未找到{entityLabel}', en: '{entityLabel} not found' },
  'route.not_found': { 'zh-CN': '接口不存在', en: 'No such endpoint' },
  'validation.failed': { 'zh-CN': '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid; see the marked fields' },
  'auth.required': { 'zh-CN': '请先登录', en: 'Please sign in' },
  'auth.forbidden': { 'zh-CN': '您没有权限执行此操作', en: 'You are not allowed to do this' },
  'auth.invalid_credentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'auth.rate_limited': { 'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试', en: 'Too many failed sign-ins; try again in {minutes} minutes' },
  'auth.csrf': { 'zh-CN': '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  'auth.disabled': { 'zh-CN': '该账号已停用', en: 'This account is disabled' },
  // accounts, grants and sign-in (#9, #11)
  'auth.locked': {
    'zh-CN': '该账号在此地址登录失败次数过多，已暂停登录，请 {minutes} 分钟后再试，或请管理员解锁',
    en: 'Too many failed sign-ins for this account from this address; try again in {minutes} minutes or ask an administrator to unlock it',
  },
  'auth.password_change_required': {
    'zh-CN': '请先修改初始密码，然后才能继续使用',
    en: 'Change your one-time password before going on',
  },
  'auth.wrong_current_password': { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'auth.no_password': { 'zh-CN': '此账号没有密码，不能在这里修改', en: 'This account has no password to change' },
  'password.too_long': { 'zh-CN': '密码最多 200 位', en: 'Passwords have at most 200 characters' },
  'password.contains_username': { 'zh-CN': '密码不能包含用户名', en: 'The password must not contain the username' },
  'password.contains_name': { 'zh-CN': '密码不能包含姓名', en: 'The password must not contain the name' },
  'password.only_digits': {
    'zh-CN': '密码不能只有数字（手机号、日期、证件号最容易被猜中）',
    en: 'The password must not be digits only (phone numbers, dates and ID numbers are guessed first)',
  },
  'password.too_simple': { 'zh-CN': '密码至少要有 5 个不同的字符', en: 'The password needs at least 5 different characters' },
  'password.common': {
    'zh-CN': '这是很常见的密码（或键盘上连续的按键），请换一个',
    en: 'This is a very common password (or a run of keys); choose another',
  },
  'password.mismatch': { 'zh-CN': '两次输入的新密码不一致', en: 'The two new passwords differ' },
  'password.same_as_current': { 'zh-CN': '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  'username.too_short': { 'zh-CN': '用户名至少 3 位', en: 'Usernames have at least 3 characters' },
  'username.too_long': { 'zh-CN': '用户名最多 64 位', en: 'Usernames have at most 64 characters' },
  'username.chars': {
    'zh-CN': '用户名只能包含字母、数字和 . _ @ -',
    en: 'Usernames hold letters, digits and . _ @ - only',
  },
  'invitation.account_invalid': {
    'zh-CN': '链接无效、已使用或已过期，请联系管理员或教务重新发送',
    en: 'This link is not valid, was used already or has expired; ask an administrator or the 教务 office for a new one',
  },
  'account.not_staff': { 'zh-CN': '这不是工作人员账号', en: 'This is not a staff account' },
  'account.self': { 'zh-CN': '不能停用自己的账号', en: 'You cannot disable your own account' },
  'account.admin_only': {
    'zh-CN': '只有系统管理员可以管理管理员账号或设置管理员',
    en: 'Only an administrator may manage administrator accounts or make one',
  },
  'account.institution_required': { 'zh-CN': '请选择账号所属机构', en: 'Choose the institution the account belongs to' },
  'grant.scope_mismatch': {
    'zh-CN': '{roleLabel}只能授予{scopeLabel}',
    en: 'The {roleLabel} role is granted on {scopeLabel}',
  },
  'grant.trainee': { 'zh-CN': '学员账号不能授予工作人员角色', en: 'A trainee account cannot hold staff roles' },
  'institution.duplicate_code': { 'zh-CN': '机构代码 {code} 已被使用', en: 'The institution code {code} is taken' },
  'institution.code_format': {
    'zh-CN': '机构代码为 2–20 位大写字母、数字或 -',
    en: 'Institution codes have 2–20 capital letters, digits or -',
  },
  'image.missing': { 'zh-CN': '请选择一个图片文件', en: 'Choose an image file' },
  'image.unsupported_type': { 'zh-CN': '只接受 PNG 或 JPEG 图片', en: 'Only PNG or JPEG images are accepted' },
  'image.too_large': { 'zh-CN': '图片不能超过 {mb} MB', en: 'Images may be at most {mb} MB' },
  'image.too_many_pixels': {
    'zh-CN': '图片像素过多（最多 {megapixels} 百万像素）',
    en: 'The image has too many pixels (at most {megapixels} megapixels)',
  },
  'image.unreadable': { 'zh-CN': '无法读取该图片，文件可能已损坏', en: 'The image cannot be read; the file may be damaged' },
  rate_limited: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  'payload.too_large': { 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  'payload.invalid_json': { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'payload.unsupported_media_type': { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  'class.invalid_transition': {
    'zh-CN': '培训班不能从“{fromLabel}”变为“{toLabel}”',
    en: 'A class cannot go from {fromLabel} to {toLabel}',
  },
  'class.transition_requirements': { 'zh-CN': '还不能进入“{toLabel}”：{reasonsList}', en: 'Cannot move to {toLabel} yet: {reasonsList}' },
  'class.locked': { 'zh-CN': '培训班状态为“{statusLabel}”，不能再修改{whatLabel}', en: 'The class is {statusLabel}; {whatLabel} can no longer change' },
  'class.dates_order': { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date is before the start date' },
  'enrolment.duplicate': { 'zh-CN': '{name} 已在本班名单中', en: '{name} is already enrolled in this class' },
  'enrolment.withdrawn': { 'zh-CN': '该学员已退出本班', en: 'This trainee has withdrawn from the class' },
  'group.other_class': { 'zh-CN': '该小组不属于本班', en: 'That group belongs to another class' },
  'group.not_empty': { 'zh-CN': '小组中还有 {count} 名学员，请先移出', en: 'The group still has {count} trainees; move them out first' },
  'group.duplicate_name': { 'zh-CN': '本班已有名为“{name}”的小组', en: 'This class already has a group named {name}' },
  'session.time_order': { 'zh-CN': '结束时间必须晚于开始时间', en: 'The end must be after the start' },
  'session.outside_class': { 'zh-CN': '时间不在培训班日期（{startsOn} 至 {endsOn}）之内', en: 'Outside the class dates ({startsOn} to {endsOn})' },
  'session.site_required': { 'zh-CN': '现场教学必须选择教学点', en: 'A site visit needs a site' },
  'session.agenda_only_ceremony': { 'zh-CN': '只有仪式类（开班式、结业式）日程可以设置议程', en: 'Only ceremonies have an agenda' },
  'person.duplicate_id_number': { 'zh-CN': '身份证号与已有人员 {name} 重复', en: 'The ID number belongs to {name} already' },
  'user.duplicate_username': { 'zh-CN': '用户名 {username} 已被使用', en: 'The username {username} is taken' },
  'staff.duplicate': { 'zh-CN': '该用户已是本班工作人员', en: 'This user is already on the class staff' },
  'lecturer.other_institution': { 'zh-CN': '该师资不属于本机构', en: 'That lecturer belongs to another institution' },
  'site.other_institution': { 'zh-CN': '该教学点不属于本机构', en: 'That site belongs to another institution' },
  // attendance, leave, invitations and hours (issue #5)
  'checkin.code_invalid': { 'zh-CN': '签到码无效，请重新扫描投影上的二维码', en: 'This check-in code is not valid; scan the projected code again' },
  'checkin.code_expired': {
    'zh-CN': '签到码已过期（每 20 秒更新），请扫描当前投影上的二维码',
    en: 'This check-in code has expired (it changes every 20 s); scan the code on the screen now',
  },
  'checkin.not_enrolled': { 'zh-CN': '您不是本班学员，不能签到', en: 'You are not a trainee of this class' },
  'checkin.class_not_running': { 'zh-CN': '培训班状态为“{statusLabel}”，现在不能签到', en: 'The class is {statusLabel}; check-in is closed' },
  // offline check-in (issue #15)
  'checkin.offline_scan_time': {
    'zh-CN': '扫描时间与签到码不符（签到码每 20 秒更新），未记为签到',
    en: 'The scan time does not match the check-in code (it changes every 20 s); not recorded',
  },
  'checkin.offline_too_late': {
    'zh-CN': '离线签到须在扫码后 {minutes} 分钟内同步，此次扫码于 {scannedAt}，未记为签到',
    en: 'An offline check-in must sync within {minutes} minutes of the scan; this one was scanned at {scannedAt} — not recorded',
  },
  'checkin.offline_other_person': {
    'zh-CN': '这条离线签到是另一位学员在本机扫描的，不能以您的名义提交',
    en: 'This offline check-in was scanned by another trainee on this phone; it cannot be sent in your name',
  },
  'attendance.offline_not_pending': { 'zh-CN': '这条离线签到不在待确认状态', en: 'This offline check-in is not waiting for review' },
  'checkin.session_not_open': { 'zh-CN': '本场签到时间为 {opensAt} 至 {closesAt}', en: 'Check-in for this session is open from {opensAt} to {closesAt}' },
  'checkin.not_expected': { 'zh-CN': '本场只面向{groups}，您不在其中', en: 'This session is for {groups} only' },
  'checkin.on_leave': {
    'zh-CN': '您本场已请假获批，如已到场请联系班主任',
    en: 'You are on approved leave for this session; ask the class teacher if you are here',
  },
  'attendance.session_other_class': { 'zh-CN': '该日程不属于本班', en: 'That session belongs to another class' },
  'attendance.not_expected': { 'zh-CN': '该学员不参加本场（分组日程）', en: 'This trainee is not in the groups of this session' },
  // buses for site visits, the class committee and roll call (#18)
  'vehicle.not_site_visit': { 'zh-CN': '“{title}”不是现场教学，不能安排车辆', en: '{title} is not a site visit; it has no buses' },
  'vehicle.class_locked': { 'zh-CN': '培训班状态为“{statusLabel}”，车辆安排不能再修改', en: 'The class is {statusLabel}; its buses can no longer change' },
  'vehicle.duplicate_plate': { 'zh-CN': '车牌 {plate} 已是本行程的“{label}”', en: 'Plate {plate} is already {label} on this trip' },
  'vehicle.seats_below_passengers': {
    'zh-CN': '座位数 {seats} 少于已安排的 {riding} 人',
    en: '{seats} seats is fewer than the {riding} people already on board',
  },
  'vehicle.none': { 'zh-CN': '请先添加车辆', en: 'Add a bus first' },
  'vehicle.boarding_started': { 'zh-CN': '已有人扫码上车，不能重新排座或删除车辆', en: 'Boarding has started; seats cannot be reassigned nor the bus removed' },
  'vehicle.not_enough_seats': { 'zh-CN': '座位不够：需要 {needed} 个，车上空座 {seats} 个', en: 'Not enough seats: {needed} needed, {seats} free' },
  'vehicle.return_exists': { 'zh-CN': '返程车辆已经安排', en: 'The return trip has its buses already' },
  'vehicle.passenger_required': { 'zh-CN': '请指定一名学员或工作人员', en: 'Name one trainee or staff member' },
  'vehicle.wrong_leg': { 'zh-CN': '这辆车不属于该行程', en: 'That bus is on the other leg' },
  'vehicle.full': { 'zh-CN': '“{label}”已满（{seats} 座）', en: '{label} is full ({seats} seats)' },
  'vehicle.already_seated': { 'zh-CN': '此人已在本行程的另一辆车上', en: 'This person is on another bus of this trip' },
  'boarding.boarded': { 'zh-CN': '{name} 已上 {label}', en: '{name} boarded {label}' },
  'boarding.already': { 'zh-CN': '{name} 已经上车', en: '{name} boarded already' },
  'boarding.wrong_bus': { 'zh-CN': '{name} 应乘 {label}', en: '{name} rides {label}' },
  'boarding.not_on_manifest': { 'zh-CN': '{name} 不在本次乘车名单上', en: "{name} is not on this trip's manifest" },
  'boarding.unknown_badge': { 'zh-CN': '无法识别的胸卡', en: 'Unknown badge' },
  'boarding.other_class': { 'zh-CN': '不是本班的车辆或学员', en: 'Not a bus or trainee of this class' },
  'committee.class_locked': { 'zh-CN': '培训班状态为“{statusLabel}”，班委不能再修改', en: 'The class is {statusLabel}; its committee can no longer change' },
  'roll_call.not_leader': { 'zh-CN': '只有组长可以点名', en: 'Only a group leader may take roll call' },
  'roll_call.ended': { 'zh-CN': '培训班已于 {endsOn} 结束，点名权限已收回', en: 'The class ended on {endsOn}; roll call is closed' },
  'roll_call.not_own_group': { 'zh-CN': '只能为本组学员点名', en: 'Roll call covers your own group only' },
  'attendance.class_locked': { 'zh-CN': '培训班状态为“{statusLabel}”，不能再修改考勤', en: 'The class is {statusLabel}; attendance can no longer change' },
  'attendance.reason_required': { 'zh-CN': '标记缺勤或请假时请填写原因', en: 'Give a reason when marking absence or leave' },
  'leave.overlap': { 'zh-CN': '所选日程已有请假申请：{titles}', en: 'There is already a leave request for: {titles}' },
  'leave.no_sessions': { 'zh-CN': '所选时间内没有您需要参加的日程', en: 'You have no sessions in that time' },
  'leave.span_or_sessions': { 'zh-CN': '请选择日程，或填写请假起止时间', en: 'Choose sessions or give a start and end time' },
  'leave.already_decided': { 'zh-CN': '该请假申请已处理（{statusLabel}）', en: 'This leave request has been decided already ({statusLabel})' },
  'leave.class_closed': { 'zh-CN': '培训班状态为“{statusLabel}”，不能请假', en: 'The class is {statusLabel}; leave cannot be requested' },
  'invitation.invalid': {
    'zh-CN': '邀请链接无效或已作废，请向班主任索取新的二维码',
    en: 'This invitation is not valid or was revoked; ask the class teacher for a new one',
  },
  'invitation.not_enrolled': { 'zh-CN': '该学员已退出本班，邀请不可用', en: 'This trainee has left the class; the invitation cannot be used' },
  'badge.unknown': { 'zh-CN': '未知的胸卡二维码', en: 'Unknown badge code' },
  'badge_scan.recorded': { 'zh-CN': '{name} 签到成功', en: '{name} checked in' },
  'badge_scan.duplicate': { 'zh-CN': '{name} 已签到（{method}），未重复记录', en: '{name} had already checked in ({method}); not counted twice' },
  'badge_scan.on_leave': {
    'zh-CN': '{name} 本场已请假获批，未记为到场，请在考勤表中处理',
    en: '{name} is on approved leave; not recorded — resolve it in the attendance list',
  },
  'badge_scan.not_open': { 'zh-CN': '扫码时本场签到未开放，未记录 {name}', en: 'Check-in was not open when {name} was scanned; not recorded' },
  'badge_scan.class_not_running': { 'zh-CN': '培训班不在进行中，未记录', en: 'The class is not running; not recorded' },
  'badge_scan.unknown_badge': { 'zh-CN': '未知胸卡，不是本班学员', en: 'Unknown badge: not a trainee of this class' },
  'badge_scan.not_expected': { 'zh-CN': '{name} 不参加本场（分组日程），未记录', en: '{name} is not in the groups of this session; not recorded' },
  'badge_scan.withdrawn': { 'zh-CN': '{name} 已退出本班，未记录', en: '{name} has left the class; not recorded' },
  'badge_scan.other_class': { 'zh-CN': '该日程不属于本班，未记录', en: 'That session belongs to another class; not recorded' },
  'badge_scan.id_reused': { 'zh-CN': '扫码编号重复，已忽略', en: 'Scan id used before for another scan; ignored' },
  'attendance.method.qr': { 'zh-CN': '扫投影码', en: 'projected code' },
  'attendance.method.badge': { 'zh-CN': '胸卡扫码', en: 'badge scan' },
  'attendance.method.manual': { 'zh-CN': '班主任标记', en: 'marked by class teacher' },
  'attendance.method.leave': { 'zh-CN': '请假审批', en: 'approved leave' },
  'attendance.method.record': { 'zh-CN': '历史记录', en: 'historical record' },
  'attendance.method.roll_call': { 'zh-CN': '组长点名', en: 'group leader roll call' },
  'attendance.xlsx.sheet': { 'zh-CN': '考勤表', en: 'Attendance' },
  'attendance.xlsx.name': { 'zh-CN': '姓名', en: 'Name' },
  'attendance.xlsx.group': { 'zh-CN': '小组', en: 'Group' },
  'attendance.xlsx.present': { 'zh-CN': '出勤', en: 'present' },
  'attendance.xlsx.late': { 'zh-CN': '迟到', en: 'late' },
  'attendance.xlsx.leave': { 'zh-CN': '请假', en: 'leave' },
  'attendance.xlsx.absent': { 'zh-CN': '缺勤', en: 'absent' },
  'attendance.xlsx.pending': { 'zh-CN': '未开始', en: 'not yet' },
  'attendance.xlsx.attended_hours': { 'zh-CN': '获得学时', en: 'Hours earned' },
  'attendance.xlsx.leave_hours': { 'zh-CN': '请假学时', en: 'Leave hours' },
  'attendance.xlsx.absent_hours': { 'zh-CN': '缺勤学时', en: 'Absent hours' },
  'attendance.xlsx.total_hours': { 'zh-CN': '应修学时', en: 'Class hours' },
  'attendance.xlsx.attendance_rate': { 'zh-CN': '出勤率', en: 'Attendance rate' },
  'attendance.xlsx.leave_share': { 'zh-CN': '请假占比', en: 'Leave share' },
  'attendance.xlsx.over_limit': { 'zh-CN': '超出请假上限', en: 'Over leave limit' },
  'attendance.xlsx.over_limit_yes': { 'zh-CN': '超出', en: 'over' },
  'attendance.xlsx.present_count': { 'zh-CN': '到场人数', en: 'Attended' },
  'attendance.xlsx.expected_count': { 'zh-CN': '应到人数', en: 'Expected' },
  'hours.bad_cursor': { 'zh-CN': '翻页位置无效，请从第一页重新查询', en: 'The page position is not valid; start again from the first page' },
  'hours.xlsx.sheet': { 'zh-CN': '学时统计', en: 'Training hours' },
  'hours.xlsx.title': { 'zh-CN': '{year} 年度参训人员学时（低于 {threshold} 学时者在前）', en: 'Training hours {year} (below {threshold} first)' },
  'hours.xlsx.name': { 'zh-CN': '姓名', en: 'Name' },
  'hours.xlsx.work_unit': { 'zh-CN': '工作单位', en: 'Work unit' },
  'hours.xlsx.position': { 'zh-CN': '职务', en: 'Position' },
  'hours.xlsx.rank': { 'zh-CN': '职级', en: 'Rank' },
  'hours.xlsx.hours': { 'zh-CN': '{year} 年学时', en: 'Hours {year}' },
  'hours.xlsx.five_years': { 'zh-CN': '近五年学时', en: 'Hours, five years' },
  'hours.xlsx.recognised': { 'zh-CN': '其中认定学时', en: 'Of which recognised' },
  'hours.xlsx.below': { 'zh-CN': '低于要求', en: 'Below' },
  'hours.xlsx.below_yes': { 'zh-CN': '是', en: 'yes' },
  'hours.xlsx.classes': { 'zh-CN': '参训班次（学时）', en: 'Classes (hours)' },
  // end of issue #5 messages
  // field-level codes
  invalid_type: { 'zh-CN': '类型不正确，应为{expected}', en: 'Wrong type; expected {expected}' },
  required: { 'zh-CN': '必填', en: 'Required' },
  'id_number.format': { 'zh-CN': '身份证号应为 18 位（最后一位可为 X）', en: 'An ID number has 18 characters (the last may be X)' },
  'id_number.checksum': { 'zh-CN': '身份证号校验位不正确', en: 'The ID number check digit is wrong' },
  'id_number.birth_date': { 'zh-CN': '身份证号中的出生日期不存在', en: 'The birth date in the ID number is impossible' },
  'phone.format': { 'zh-CN': '手机号应为 11 位数字，以 1 开头', en: 'A mobile number has 11 digits starting with 1' },
  'time_zone.invalid': { 'zh-CN': '无效的时区', en: 'Unknown time zone' },
  'date.invalid': { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  'time.invalid': { 'zh-CN': '时间格式应为 HH:mm（如 11:30）', en: 'Times are written HH:mm (e.g. 11:30)' },
  'datetime.invalid': { 'zh-CN': '时间格式无效', en: 'Invalid date and time' },
  'password.too_short': { 'zh-CN': '密码至少 10 位', en: 'Passwords have at least 10 characters' },
  // programmes and classes set up on screen, the lifecycle's rules (classes engineer, issue #12)
  'programme.duplicate_name': { 'zh-CN': '本机构已有名为“{name}”的培养项目', en: 'This institution already has a programme named “{name}”' },
  'programme.years_order': { 'zh-CN': '结束年度不能早于开始年度', en: 'The last year is before the first' },
  'class.duplicate_title': { 'zh-CN': '本项目已有名为“{title}”的培训班', en: 'This programme already has a class named “{title}”' },
  'class.duplicate_code': { 'zh-CN': '本机构的培训班“{title}”已使用编号 {code}', en: 'The code {code} is used by the class “{title}” already' },
  'class.lunch_order': { 'zh-CN': '午休结束时间必须晚于开始时间', en: 'Lunch must end after it starts' },
  'class.sessions_outside': {
    'zh-CN': '有 {count} 场日程不在 {startsOn} 至 {endsOn} 之内（最早 {first}，最晚 {last}）；请先在课程表中调整，或选择“日程随开始日期平移”',
    en: '{count} sessions fall outside {startsOn} to {endsOn} (first {first}, last {last}); move them in the timetable first, or shift the timetable with the start date',
  },
  'class.too_early_running': {
    'zh-CN': '还不能进入“进行中”：第一场日程在 {date}，今天是 {today}。如确需提前开班，请教务处填写原因后强制变更',
    en: 'Too early to start: the first session is on {date} and today is {today}. To start anyway, the organizer overrides with a reason',
  },
  'class.too_early_completed': {
    'zh-CN': '还不能结业：最后一场日程 {date} 才结束。如确需提前结业，请教务处填写原因后强制变更',
    en: 'Too early to complete: the last session ends {date}. To complete anyway, the organizer overrides with a reason',
  },
  'class.open_warnings': {
    'zh-CN': '日程还有 {count} 条未确认的提醒（时间冲突、路程或午休）',
    en: 'The timetable has {count} unconfirmed planning warnings (clashes, travel or lunch)',
  },
  'class.override_forbidden': { 'zh-CN': '只有教务处可以强制变更培训班状态', en: 'Only the organizer may override the lifecycle' },
  'class.step_back_forbidden': { 'zh-CN': '只有教务处可以退回培训班状态', en: 'Only the organizer may step a class back' },
  'class.step_back_expired': {
    'zh-CN': '培训班已于 {endsOn} 结束，退回状态的期限（{until}）已过',
    en: 'The class ended on {endsOn}; a step back was possible until {until}',
  },
  'validation.id': { 'zh-CN': '应为正整数编号', en: 'must be a positive whole number (an id)' },
  'class.reason_required': { 'zh-CN': '请填写原因（至少 2 个字）', en: 'Give a reason (at least 2 characters)' },
  // hardening (issue #14): ids, text, faults, personal data, invitations, backups
  'id.invalid': { 'zh-CN': '编号应为不带前导零的正整数', en: 'An id is a positive whole number without leading zeros' },
  'id.out_of_range': { 'zh-CN': '编号超出范围', en: 'The id is out of range' },
  'text.nul': { 'zh-CN': '内容含有不可见的控制字符（NUL），请删除后重试', en: 'The text contains an invisible control character (NUL); remove it and retry' },
  'payload.invalid_multipart': {
    'zh-CN': '上传的内容格式不完整，请重新选择文件上传',
    en: 'The upload is malformed or incomplete; choose the file and upload it again',
  },
  'request.too_long': { 'zh-CN': '链接过长，请检查链接是否完整正确', en: 'The link is too long; check that it was copied correctly' },
  'request.bad_url': { 'zh-CN': '链接格式有误，请检查链接是否完整正确', en: 'The link is malformed; check that it was copied correctly' },
  'database.unavailable': { 'zh-CN': '数据库暂时无法连接，请稍后重试', en: 'The database is unavailable for a moment; please retry' },
  'invitation.expired': {
    'zh-CN': '此邀请链接已于 {date} 过期，请联系班主任续期',
    en: 'This invitation expired on {date}; ask your class teacher to renew it',
  },
  'invitation.none_active': { 'zh-CN': '该学员没有可续期的邀请，请重新签发', en: 'This trainee has no invitation to renew; issue a new one' },
  'person.record_locked': {
    'zh-CN': '{name} 的档案也属于“{title}”（{statusLabel}），该班名单已锁定，档案不能再修改',
    en: "{name}'s record also belongs to {title} ({statusLabel}), whose roster is locked; the record cannot change",
  },
  'person.reveal_limited': {
    'zh-CN': '查看完整身份证号过于频繁（每小时最多 {limit} 次），请 {minutes} 分钟后再试',
    en: 'Too many full ID numbers viewed (at most {limit} an hour); try again in {minutes} minutes',
  },
};

export const entityLabels: Record<string, Entry> = {
  institution: { 'zh-CN': '机构', en: 'Institution' },
  programme: { 'zh-CN': '培养项目', en: 'Programme' },
  class: { 'zh-CN': '培训班', en: 'Class' },
  enrolment: { 'zh-CN': '学员', en: 'Trainee' },
  group: { 'zh-CN': '小组', en: 'Group' },
  session: { 'zh-CN': '日程', en: 'Session' },
  site: { 'zh-CN': '教学点', en: 'Site' },
  meal_plan: { 'zh-CN': '用餐安排', en: 'Meal plan' },
  pickup_plan: { 'zh-CN': '接送安排', en: 'Pickup plan' },
  lecturer: { 'zh-CN': '师资', en: 'Lecturer' },
  user: { 'zh-CN': '用户', en: 'User' },
  reflection_attachment: { 'zh-CN': '心得体会附件', en: 'Reflection attachment' },
  action_plan_item: { 'zh-CN': '行动计划事项', en: 'Action plan item' },
  outside_training: { 'zh-CN': '培训经历', en: 'Outside training' },
  outside_certificate: { 'zh-CN': '培训证书', en: 'Training certificate' },
  person: { 'zh-CN': '人员', en: 'Person' },
  agenda_item: { 'zh-CN': '议程', en: 'Agenda item' },
  staff: { 'zh-CN': '工作人员', en: 'Staff member' },
  invitation: { 'zh-CN': '邀请', en: 'Invitation' },
  leave_request: { 'zh-CN': '请假申请', en: 'Leave request' },
  certificate: { 'zh-CN': '证书', en: 'Certificate' },
  certificate_job: { 'zh-CN': '证书批量任务', en: 'Certificate batch' },
  completion_exception: { 'zh-CN': '结业认定', en: 'Completion exception' },
  questionnaire: { 'zh-CN': '问卷', en: 'Questionnaire' },
  evaluation_template: { 'zh-CN': '评估模板', en: 'Evaluation template' },
  photo: { 'zh-CN': '照片', en: 'Photo' },
  bulletin: { 'zh-CN': '简报', en: 'Bulletin' },
  bulletin_version: { 'zh-CN': '简报版本', en: 'Bulletin version' },
  // certificates (issue #10)
  signing_key: { 'zh-CN': '签名密钥', en: 'Signing key' },
  status_list: { 'zh-CN': '证书状态列表', en: 'Status list' },
  achievement: { 'zh-CN': '结业认定', en: 'Achievement' },
  vehicle: { 'zh-CN': '车辆', en: 'Bus' },
};

export const valueLabels: Record<string, Entry> = {
  // accounts and grants (#9)
  role_organizer: { 'zh-CN': '教务', en: 'organizer' },
  role_sponsor: { 'zh-CN': '委托单位', en: 'sponsor' },
  role_class_teacher: { 'zh-CN': '班主任', en: 'class teacher' },
  role_lecturer: { 'zh-CN': '授课教师', en: 'lecturer' },
  role_hotel: { 'zh-CN': '酒店', en: 'hotel' },
  role_transport: { 'zh-CN': '车队', en: 'bus company' },
  scope_institution: { 'zh-CN': '机构', en: 'an institution' },
  scope_programme: { 'zh-CN': '培养项目', en: 'a programme' },
  scope_class: { 'zh-CN': '培训班', en: 'a class' },
  roster: { 'zh-CN': '名单', en: 'the roster' },
  no_trainees: { 'zh-CN': '还没有学员', en: 'no trainees enrolled' },
  no_sessions: { 'zh-CN': '还没有日程', en: 'no sessions scheduled' },
  open_warnings: {
    'zh-CN': '日程还有未确认的冲突提醒，请在“日程检查”中查看并确认',
    en: 'the timetable has planning warnings not yet confirmed; see the timetable check',
  },
  timetable: { 'zh-CN': '日程', en: 'the timetable' },
  class: { 'zh-CN': '培训班信息', en: 'the class' },
  planning: { 'zh-CN': '筹备中', en: 'planning' },
  enrolling: { 'zh-CN': '报名中', en: 'enrolling' },
  running: { 'zh-CN': '进行中', en: 'running' },
  completed: { 'zh-CN': '已结业', en: 'completed' },
  archived: { 'zh-CN': '已归档', en: 'archived' },
  pending: { 'zh-CN': '待审批', en: 'pending' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  rejected: { 'zh-CN': '已驳回', en: 'rejected' },
  cancelled: { 'zh-CN': '已撤回', en: 'cancelled' },
  certificate_valid: { 'zh-CN': '有效', en: 'valid' },
  certificate_revoked: { 'zh-CN': '撤销', en: 'revoked' },
  certificate_replaced: { 'zh-CN': '换发', en: 'replaced' },
  job_queued: { 'zh-CN': '排队中', en: 'queued' },
  job_running: { 'zh-CN': '生成中', en: 'in progress' },
  job_done: { 'zh-CN': '已完成', en: 'done' },
  job_failed: { 'zh-CN': '失败', en: 'failed' },
  photos: { 'zh-CN': '照片', en: 'photos' },
  bulletins: { 'zh-CN': '简报', en: 'bulletins' },
};

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  // The first language the client names decides; anything Chinese or unknown falls back to zh-CN.
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function translate(key: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = messages[key];
  const template = entry ? entry[lang] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'entityLabel') return entityLabels[String(params.entity)]?.[lang] ?? String(params.entity ?? '');
    if (name.endsWith('List')) {
      const items = (params[name.slice(0, -4)] as unknown[] | undefined) ?? [];
      return items.map((i) => valueLabels[String(i)]?.[lang] ?? String(i)).join(lang === 'en' ? '; ' : '；');
    }
    if (name.endsWith('Label')) {
      const raw = String(params[name.slice(0, -5)] ?? '');
      return valueLabels[raw]?.[lang] ?? raw;
    }
    const value = params[name];
    return value === undefined ? '' : String(value);
  });
}

export const hasMessage = (key: string) => key in messages;
