// Messages for error and validation codes in the two UI languages, shared by the server (problem
// answers, documents) and the web app (the same texts for checks it makes before sending). Keys are
// the stable codes.
export type Lang = 'zh-CN' | 'en';

import { followupMessages } from './followup-messages';
import { offlineMarksMessages } from './offline-marks-messages';
import { residenceMessages } from './residence-messages';

type Entry = { 'zh-CN': string; en: string };

export const messages: Record<string, Entry> = {
  ...residenceMessages,
  ...followupMessages,
  ...offlineMarksMessages,
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
  // completion and certificates (issue #7)
  'certificate.class_not_ready': {
    'zh-CN': '培训班状态为“{statusLabel}”：结业后才能颁发结业证书（最后一次课结束后，经教务处批准可提前颁发）',
    en: 'The class is {statusLabel}: certificates are issued once it has completed (or, after its last session, early with the training office’s approval)',
  },
  'certificate.not_eligible': { 'zh-CN': '{name} 未达到结业要求：{reasons}', en: '{name} has not met the completion rule: {reasons}' },
  'certificate.not_valid': { 'zh-CN': '证书 {serial} 已{statusLabel}，不能再撤销或换发', en: 'Certificate {serial} is {statusLabel} already' },
  'certificate.job_running': {
    'zh-CN': '本班已有一个证书批量任务在排队或生成中，请等它完成后再开始新的任务',
    en: 'A certificate batch job for this class is already queued or running; wait for it to finish before starting another',
  },
  'certificate.job_not_done': { 'zh-CN': '文件尚未生成（{statusLabel}）', en: 'The file is not ready ({statusLabel})' },
  'completion.reason_required': { 'zh-CN': '请填写原因（至少 2 个字）', en: 'Give a reason (at least 2 characters)' },
  'completion.withdrawn_exception': { 'zh-CN': '{name} 已退出本班，不能认定为可结业', en: '{name} has withdrawn and cannot be made eligible' },
  'serial.pattern_seq': {
    'zh-CN': '编号规则须恰好含一个序号占位符，如 seq:3（用花括号括起）',
    en: 'The pattern needs exactly one sequence placeholder such as seq:3 in braces',
  },
  'serial.pattern_token': {
    'zh-CN': '编号规则只能使用 year、month、inst、class、seq 占位符',
    en: 'Only the placeholders year, month, inst, class and seq may be used',
  },
  'serial.pattern_chars': { 'zh-CN': '编号规则只能包含字母、数字和 - _ . / ·', en: 'A pattern holds letters, digits and - _ . / · only' },
  'completion.withdrawn': { 'zh-CN': '已退出本班', en: 'Withdrew from the class' },
  'completion.no_hours': { 'zh-CN': '没有需要参加的学时', en: 'No class hours to attend' },
  'completion.attendance_below': {
    'zh-CN': '出勤 {share}%（{hours}/{total} 学时），低于要求的 {min}%',
    en: 'Attended {share}% ({hours} of {total} hours), below the required {min}%',
  },
  'completion.leave_over': {
    'zh-CN': '请假 {share}%（{hours}/{total} 学时），超过上限 {limit}%',
    en: 'On leave {share}% ({hours} of {total} hours), above the limit of {limit}%',
  },
  'completion.evaluations_missing': {
    'zh-CN': '还有 {missing} 份评估问卷未填写（共 {expected} 份）',
    en: '{missing} of {expected} evaluation questionnaires not answered',
  },
  'completion.reflection_missing': { 'zh-CN': '心得体会未提交或尚未通过审阅', en: 'No accepted reflection (心得体会) yet' },
  // reflections and 结业鉴定 (#19)
  'reflection.too_short': {
    'zh-CN': '心得体会正文 {count} 字，少于本班要求的 {min} 字',
    en: 'The reflection has {count} characters/words; this class asks for at least {min}',
  },
  'reflection.too_long': { 'zh-CN': '心得体会正文过长', en: 'The reflection is too long' },
  'reflection.locked_submitted': {
    'zh-CN': '心得体会已提交，正在等待班主任审阅，暂不能修改',
    en: 'The reflection is submitted and awaits review; it cannot be changed now',
  },
  'reflection.locked_accepted': { 'zh-CN': '心得体会已通过审阅，不能再修改', en: 'The reflection has been accepted and can no longer be changed' },
  'reflection.not_submitted': { 'zh-CN': '{name} 的心得体会尚未提交，不能审阅', en: '{name} has not submitted a reflection to review' },
  'reflection.comment_required': { 'zh-CN': '请写明需要修改的地方', en: 'Say what should be revised' },
  'reflection.withdrawn': { 'zh-CN': '{name} 已退学，不能提交心得体会', en: '{name} has withdrawn and cannot hand in a reflection' },
  'reflection.attachment_type': {
    'zh-CN': '“{name}”不是可接受的附件（照片 JPEG/PNG/WebP，或 PDF、Word 文件）',
    en: '“{name}” is not an accepted attachment (a JPEG/PNG/WebP photo, or a PDF or Word file)',
  },
  'reflection.attachment_too_large': { 'zh-CN': '“{name}”超过 10 MB 的上限', en: '“{name}” is larger than 10 MB' },
  // 培训经历认定 and the 学员手册 (#19)
  'outside.ends_before_start': { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date is before the start date' },
  'outside.comment_required': { 'zh-CN': '不予认定时请写明理由', en: 'Say why the hours are not recognised' },
  'outside.decided': { 'zh-CN': '该培训经历已审核（{status}），不能再修改', en: 'This record has been decided ({status}) and cannot be changed' },
  'outside.certificate_type': { 'zh-CN': '“{name}”不是照片（JPEG、PNG、WebP）或 PDF 文件', en: '“{name}” is not a photo (JPEG, PNG, WebP) or a PDF' },
  'outside.certificate_too_large': { 'zh-CN': '“{name}”超过 10 MB 的上限', en: '“{name}” is larger than 10 MB' },
  'hours.invalid': { 'zh-CN': '学时应大于 0 且不超过 1000', en: 'Hours must be more than 0 and at most 1000' },
  'appraisal.locked': {
    'zh-CN': '{name} 的结业鉴定已由班主任{by}签署，不能再修改；如需修改，请教务处解锁并说明原因',
    en: "{name}'s appraisal has been signed off by {by} and cannot be changed; the 教务 office may unlock it with a reason",
  },
  'appraisal.not_signed_off': { 'zh-CN': '{name} 的结业鉴定尚未签署，无需解锁', en: "{name}'s appraisal is not signed off; nothing to unlock" },
  'appraisal.teacher_text_required': {
    'zh-CN': '签署前请先填写班主任对 {name} 的鉴定意见',
    en: "Write the class teacher's appraisal of {name} before signing off",
  },
  'appraisal.no_trainees_of_unit': { 'zh-CN': '本班没有来自“{workUnit}”的在册学员', en: 'No enrolled trainee of this class is from “{workUnit}”' },
  'completion.exception_eligible': { 'zh-CN': '经认定准予结业：{reason}', en: 'Made eligible by exception: {reason}' },
  'completion.exception_not_eligible': { 'zh-CN': '经认定不予结业：{reason}', en: 'Made not eligible by exception: {reason}' },
  // certificates that say only what happened (issue #10)
  'completion.sessions_pending': {
    'zh-CN': '还有 {hours} 学时的课程尚未结束（共 {total} 学时），结束后才能认定',
    en: '{hours} of {total} hours are still to come; completion is decided once they have ended',
  },
  'certificate.sessions_pending': {
    'zh-CN': '培训班最后一次课 {until} 才结束，结束后才能颁发结业证书',
    en: 'The class’s last session ends at {until}; certificates can be issued after that',
  },
  'certificate.early_issue_required': {
    'zh-CN': '培训班尚未结业：提前颁发须由教务处批准并说明理由',
    en: 'The class has not completed yet: issuing early needs the training office’s approval with a reason',
  },
  'certificate.early_issue_not_running': {
    'zh-CN': '培训班状态为“{statusLabel}”：只有进行中的培训班才需要批准提前颁发',
    en: 'The class is {statusLabel}: only a running class needs approval to issue early',
  },
  'certificate.nothing_to_review': {
    'zh-CN': '证书 {serial} 与当前记录一致，无需复核',
    en: 'Certificate {serial} matches the record; there is nothing to review',
  },
  'certificate.no_tibetan_line': {
    'zh-CN': '本机构的证书模板还没有藏文行，请先在证书模板中填写',
    en: 'The institution’s certificate template has no Tibetan line yet; add one in the template first',
  },
  'certificate.template_token': {
    'zh-CN': '模板中有不认识的占位符，请只使用下方列出的占位符',
    en: 'The template uses a placeholder that does not exist; use only the ones listed below',
  },
  'certificate.template_missing': {
    'zh-CN': '模板缺少必需的占位符（见下方说明）',
    en: 'The template lacks a required placeholder (see below)',
  },
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
  // roster import, exports and calendar feeds (issue #4)
  'roster_import.not_spreadsheet': {
    'zh-CN': '文件不是 Excel（.xlsx、.xls）或 CSV 表格，或已损坏无法读取',
    en: 'The file is not an Excel (.xlsx, .xls) or CSV spreadsheet, or it is damaged',
  },
  'roster_import.xls_unavailable': {
    'zh-CN': '这是旧版 Excel（.xls）文件，本服务器未安装用于转换的 LibreOffice；请在 Excel 或 WPS 中另存为 .xlsx 后再导入',
    en: 'This is an old Excel (.xls) file and this server has no LibreOffice to convert it; save it as .xlsx in Excel or WPS and import that',
  },
  'roster_import.encrypted': {
    'zh-CN': '文件设有密码保护，请在 Excel 中取消密码后再导入',
    en: 'The workbook is password-protected; remove the password and try again',
  },
  'roster_import.too_large': { 'zh-CN': '文件过大：上传不超过 10 MB（解压后不超过 50 MB）', en: 'The file is too large: at most 10 MB (50 MB uncompressed)' },
  'roster_import.too_many_rows': { 'zh-CN': '文件超过 {max} 行，请分成几个文件分批导入', en: 'The file has more than {max} rows; split it into several files' },
  'roster_import.empty': {
    'zh-CN': '工作表“{sheet}”中没有学员数据（本文件的工作表：{sheets}）',
    en: 'Sheet “{sheet}” holds no trainee rows (the file’s sheets: {sheets})',
  },
  'roster_import.empty_csv': { 'zh-CN': '文件中没有学员数据', en: 'The file holds no trainee rows' },
  'roster_import.sheet_not_found': {
    'zh-CN': '文件中没有名为“{sheet}”的工作表（本文件的工作表：{sheets}）',
    en: 'The file has no sheet “{sheet}” (its sheets: {sheets})',
  },
  'roster_import.sheet_in_csv': { 'zh-CN': 'CSV 文件没有工作表，不能选择“{sheet}”', en: 'A CSV file has no sheets; “{sheet}” cannot be chosen' },
  'roster_import.no_name_column_sheets': {
    'zh-CN':
      '各工作表（{sheets}）中都找不到“姓名”列（工作表“{sheet}”第 {row} 行的表头为：{headers}）；请选择学员名单所在的工作表，或在下方为各列选择对应的内容',
    en: 'No sheet ({sheets}) has a 姓名 (name) column (the headings of sheet “{sheet}”, row {row}, are: {headers}); choose the sheet that holds the roster, or choose below what each column holds',
  },
  'roster_import.no_file': { 'zh-CN': '请选择要导入的文件', en: 'Choose a file to import' },
  'roster_import.bad_decisions': { 'zh-CN': '导入选项格式不正确', en: 'The import choices are malformed' },
  'roster_import.merged_header': {
    'zh-CN': '第 {row} 行表头含有合并的单元格，无法判断每一列的内容；请取消合并，使每列只有一个标题',
    en: 'The headings in row {row} contain merged cells, so columns cannot be told apart; unmerge them so that each column has one heading',
  },
  'roster_import.formula_header': { 'zh-CN': '第 {row} 行表头含有公式，请改为文字', en: 'The headings in row {row} contain formulas; type them as text' },
  'roster_import.no_name_column': {
    'zh-CN': '找不到“姓名”列（第 {row} 行的表头为：{headers}）；请在下方为各列选择对应的内容，或使用导入模板',
    en: 'No 姓名 (name) column (the headings in row {row} are: {headers}); choose below what each column holds, or use the template',
  },
  'roster_import.duplicate_column': {
    'zh-CN': '以下几列表示同一项内容，请只保留一列，或将其余列设为“忽略”：{headers}',
    en: 'These columns mean the same thing; keep only one, or set the others to “ignore”: {headers}',
  },
  'roster_import.no_such_column': { 'zh-CN': '文件中没有第 {column} 列', en: 'The file has no column {column}' },
  'roster_import.correction_no_row': { 'zh-CN': '文件中没有第 {row} 行，无法修改', en: 'The file has no row {row} to correct' },
  'roster_import.correction_no_column': {
    'zh-CN': '文件中没有“{column}”列，无法修改该单元格；请先为某一列选择“{column}”',
    en: 'The file has no “{column}” column to correct; map a column to it first',
  },
  'roster_import.file_changed': { 'zh-CN': '文件与预览时的不同，请重新上传并预览', en: 'The file differs from the one previewed; upload and preview it again' },
  'roster_import.has_errors': {
    'zh-CN': '有 {count} 行存在错误，未导入任何数据；请修改文件，或选择跳过这些行',
    en: '{count} rows have errors, so nothing was imported; fix the file or choose to skip those rows',
  },
  'roster_import.row_failed': { 'zh-CN': '第 {row} 行导入失败，未导入任何数据：{reason}', en: 'Row {row} could not be imported, so nothing was: {reason}' },
  'roster_import.where': { 'zh-CN': '第 {row} 行「{column}」：', en: 'Row {row}, {column}: ' },
  'roster_import.column_ignored': { 'zh-CN': '未识别的列“{column}”，导入时忽略', en: 'Column “{column}” is not recognised and is ignored' },
  'roster_import.action_not_allowed': { 'zh-CN': '此行不能选择“{action}”', en: '“{action}” is not possible for this row' },
  'roster_import.action.link': { 'zh-CN': '关联已有人员', en: 'link to the existing person' },
  'roster_import.action.create': { 'zh-CN': '新建人员', en: 'create a new person' },
  'roster_import.action.skip': { 'zh-CN': '跳过', en: 'skip' },
  too_long: { 'zh-CN': '不能超过 {max} 个字符', en: 'At most {max} characters' },
  'phone.format_value': {
    'zh-CN': '电话应为 11 位手机号，或带区号的固定电话（如 0894-5821234）；现为“{value}”',
    en: 'A phone is an 11-digit mobile or a landline with its area code (e.g. 0894-5821234); found “{value}”',
  },
  'office_phone.format': {
    'zh-CN': '办公电话应为带区号的固定电话（如 0894-5821234）或手机号',
    en: 'An office phone is a landline with its area code (e.g. 0894-5821234) or a mobile',
  },
  'office_phone.format_value': {
    'zh-CN': '办公电话应为带区号的固定电话（如 0894-5821234）或手机号；现为“{value}”',
    en: 'An office phone is a landline with its area code (e.g. 0894-5821234) or a mobile; found “{value}”',
  },
  'office_phone.two': {
    'zh-CN': '办公电话“{value}”与联系电话中的固定电话“{other}”不同，请只保留一个',
    en: 'Office phone “{value}” differs from the landline “{other}” in the phone column; keep one',
  },
  'id_type.invalid': {
    'zh-CN': '证件类型应为“身份证”“港澳居民来往内地通行证”“台湾居民来往大陆通行证”或“护照”（现为“{value}”）',
    en: 'Document type must be 身份证, 港澳居民来往内地通行证, 台湾居民来往大陆通行证 or 护照 (found “{value}”)',
  },
  'document.format': { 'zh-CN': '证件号码与证件类型的格式不符', en: 'The document number does not fit its type' },
  'document.needs_number': { 'zh-CN': '改变证件类型时须同时填写证件号码', en: 'Changing the document type needs the document number too' },
  'document.field.hk_macao_permit': {
    'zh-CN': '证件号码不符合港澳居民来往内地通行证的格式：H 或 M 加 8 位（旧版 10 位）数字',
    en: 'Document number: a Hong Kong/Macao permit number is H or M and 8 (older: 10) digits',
  },
  'document.field.taiwan_permit': {
    'zh-CN': '证件号码不符合台湾居民来往大陆通行证的格式：8 位数字（旧版 10 位，可带一位字母）',
    en: 'Document number: a Taiwan permit number has 8 digits (older: 10, possibly with a letter)',
  },
  'document.field.passport': {
    'zh-CN': '证件号码不符合护照的格式：5 至 17 位字母和数字',
    en: 'Document number: a passport number has 5 to 17 letters and digits',
  },
  'document.format.hk_macao_permit': {
    'zh-CN': '港澳居民来往内地通行证号码应为 H 或 M 加 8 位（或旧版 10 位）数字；现为“{value}”',
    en: 'A Hong Kong/Macao permit number is H or M and 8 (older: 10) digits; found “{value}”',
  },
  'document.format.taiwan_permit': {
    'zh-CN': '台湾居民来往大陆通行证号码应为 8 位数字（旧版为 10 位，可带一位字母）；现为“{value}”',
    en: 'A Taiwan permit number has 8 digits (older: 10, possibly with a letter); found “{value}”',
  },
  'document.format.passport': {
    'zh-CN': '护照号码应为 5 至 17 位字母和数字；现为“{value}”',
    en: 'A passport number has 5 to 17 letters and digits; found “{value}”',
  },
  'duplicate.possible': {
    'zh-CN': '与第 {row} 行姓名、手机号相同但证件号码不同，可能是同一人，请核对',
    en: 'Same name and phone as row {row} but another document number: possibly the same person, please check',
  },
  'match.possible_duplicate': {
    'zh-CN': '档案中已有同名、同手机号但证件号码不同的人员（{workUnit}），可能是同一人，请核对',
    en: 'A person with this name and phone but another document number is on record ({workUnit}): possibly the same person, please check',
  },
  'gender.invalid': { 'zh-CN': '性别应填“男”或“女”（现为“{value}”）', en: 'Gender must be 男 or 女 (found “{value}”)' },
  'gender.mismatch_id': { 'zh-CN': '性别与身份证号不符（身份证号显示为{expected}）', en: 'Gender does not match the ID number (which says {expected})' },
  'id_number.scientific': {
    'zh-CN': '身份证号被 Excel 存成了数字（科学计数法），后几位已丢失；请将该列设为“文本”格式后重新填写',
    en: 'Excel stored the ID number as a number in scientific notation and lost its last digits; format the column as text and type it again',
  },
  'id_number.stored_as_number': {
    'zh-CN': 'Excel 把身份证号存成了数字，后几位已丢失，请把该列设为文本后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits; format the column as text and type it again',
  },
  'phone.stored_as_number': {
    'zh-CN': 'Excel 把电话号码存成了数字（现为“{value}”），开头的 0 或后几位已丢失，请把该列设为文本后重新填写',
    en: 'Excel stored the phone number as a number (now “{value}”) and lost its leading zeros or last digits; format the column as text and type it again',
  },
  'name_bo.not_tibetan': { 'zh-CN': '藏文名中没有藏文字符，请核对', en: 'The Tibetan name contains no Tibetan script' },
  'role.invalid': { 'zh-CN': '组内角色应填“组长”或留空（现为“{value}”）', en: 'Group role must be 组长 or empty (found “{value}”)' },
  'role.needs_group': { 'zh-CN': '组长必须填写组别', en: 'A group leader needs a group' },
  'role.two_leaders': { 'zh-CN': '“{group}”在文件中有多名组长（另见第 {row} 行）', en: '{group} has more than one leader in the file (see row {row})' },
  'group.missing': { 'zh-CN': '本班还没有“{group}”小组；导入时可新建', en: 'The class has no group “{group}” yet; it can be created on import' },
  'group.will_create': { 'zh-CN': '将新建小组“{group}”', en: 'Group “{group}” will be created' },
  'group.unknown': { 'zh-CN': '本班没有“{group}”小组，且未选择新建', en: 'The class has no group “{group}” and it was not chosen for creation' },
  'group.leader_replaced': { 'zh-CN': '“{group}”现任组长 {name} 将改为组员', en: '{name}, the current leader of {group}, becomes a member' },
  'duplicate.id_number': { 'zh-CN': '与第 {row} 行的身份证号相同', en: 'Same ID number as row {row}' },
  'duplicate.name_phone': { 'zh-CN': '与第 {row} 行的姓名和手机号相同', en: 'Same name and phone as row {row}' },
  'match.id_number': { 'zh-CN': '已有此人档案（{name}，{workUnit}），将关联该人员', en: 'Already in the records ({name}, {workUnit}); will be linked' },
  'match.name_phone': {
    'zh-CN': '姓名和手机号与已有人员相同（{workUnit}），默认关联该人员，也可新建',
    en: 'Same name and phone as a person in the records ({workUnit}); linked unless you choose to create a new person',
  },
  'match.name_differs': {
    'zh-CN': '此身份证号已登记在另一姓名下，本行将跳过；请核对姓名与身份证号后重新导入',
    en: 'This ID number is on record under another name; the row is skipped. Check the name and the ID number and import again',
  },
  'match.name_phone_needs_id': {
    'zh-CN': '已有同名同手机号的人员且已登记身份证号；请填写其身份证号以关联，本行默认跳过（也可新建）',
    en: 'A person with this name and phone is on record with an ID number; fill in the ID number to link them. The row is skipped unless you choose to create a new person',
  },
  'enrolment.already': { 'zh-CN': '{name} 已在本班名单中，将跳过', en: '{name} is already enrolled; the row is skipped' },
  'enrolment.withdrawn_before': { 'zh-CN': '{name} 曾在本班报名并已退出，将跳过', en: '{name} enrolled before and withdrew; the row is skipped' },
  'cell.formula': { 'zh-CN': '此单元格是公式，已使用其计算结果', en: 'This cell holds a formula; its computed value is used' },
  'cell.formula_no_value': {
    'zh-CN': '此单元格是公式且文件中没有其计算结果；请复制后“粘贴为数值”',
    en: 'This cell holds a formula without a stored result; paste it as values',
  },
  'cell.merged': { 'zh-CN': '合并单元格：按第 {row} 行的内容填写', en: 'Merged cell: filled from row {row}' },
  'calendar.feed_not_found': { 'zh-CN': '日历订阅链接无效或已更换', en: 'This calendar link is not valid or was replaced' },
  // evaluation (issue #6)
  'evaluation.not_open_yet': { 'zh-CN': '问卷尚未开放，将于 {opensAt} 开放', en: 'This questionnaire is not open yet; it opens at {opensAt}' },
  'evaluation.closed': { 'zh-CN': '问卷已于 {closesAt} 截止', en: 'This questionnaire closed at {closesAt}' },
  'evaluation.disabled': { 'zh-CN': '本场没有安排评估', en: 'This session is not evaluated' },
  'evaluation.not_enrolled': { 'zh-CN': '您不是本班学员，不能填写本问卷', en: 'You are not a trainee of this class' },
  'evaluation.not_expected': { 'zh-CN': '本问卷只面向{groups}，您不在其中', en: 'This questionnaire is for {groups} only' },
  'evaluation.edit_unavailable': {
    'zh-CN': '您已提交过本问卷，现在不能再修改',
    en: 'You have answered this questionnaire already and can no longer change it',
  },
  'evaluation.locked': {
    'zh-CN': '已有学员作答，不能再更换模板、停用或修改匿名设置',
    en: 'Trainees have answered; the template, use and anonymity can no longer change',
  },
  'evaluation.template_archived': { 'zh-CN': '该评估模板已停用', en: 'That template is archived' },
  'evaluation.template_required': { 'zh-CN': '请先选择评估模板', en: 'Choose a template first' },
  'evaluation.close_before_open': { 'zh-CN': '截止时间必须晚于开放时间', en: 'The closing time must be after the opening time' },
  'evaluation.answer_required': { 'zh-CN': '第 {number} 题“{question}”为必答题', en: 'Question {number} (“{question}”) must be answered' },
  'evaluation.rating_range': {
    'zh-CN': '第 {number} 题“{question}”：请选择 {min}–{max} 分',
    en: 'Question {number} (“{question}”): choose a score from {min} to {max}',
  },
  'evaluation.unknown_option': { 'zh-CN': '第 {number} 题“{question}”：所选选项不存在', en: 'Question {number} (“{question}”): no such choice' },
  'evaluation.duplicate_choice': { 'zh-CN': '第 {number} 题“{question}”：同一选项选了两次', en: 'Question {number} (“{question}”): a choice is given twice' },
  'evaluation.answer_type': { 'zh-CN': '第 {number} 题“{question}”：答案格式不正确', en: 'Question {number} (“{question}”): the answer has the wrong form' },
  'evaluation.text_too_long': { 'zh-CN': '第 {number} 题“{question}”：不能超过 {max} 个字', en: 'Question {number} (“{question}”): at most {max} characters' },
  'evaluation.unknown_question': { 'zh-CN': '问卷中没有编号为“{id}”的题目', en: 'The questionnaire has no question “{id}”' },
  'evaluation.question_id': { 'zh-CN': '编号只能包含字母、数字、“_”和“-”，不超过 40 个字符', en: 'Ids use letters, digits, _ and -, at most 40 characters' },
  'evaluation.labels_five': { 'zh-CN': '评分题需要 5 个等级说明（1–5 分）', en: 'A rating question needs 5 labels (1 to 5)' },
  'evaluation.options_needed': { 'zh-CN': '选择题至少需要 2 个选项', en: 'A choice question needs at least 2 choices' },
  'evaluation.options_not_allowed': { 'zh-CN': '只有选择题可以设置选项', en: 'Only choice questions have choices' },
  'evaluation.labels_not_allowed': { 'zh-CN': '只有评分题可以设置等级说明', en: 'Only rating questions have labels' },
  'evaluation.duplicate_option': { 'zh-CN': '选项编号重复', en: 'Two choices have the same id' },
  'evaluation.duplicate_question': { 'zh-CN': '题目编号重复', en: 'Two questions have the same id' },
  'evaluation.no_questions': { 'zh-CN': '问卷至少需要一道题', en: 'A questionnaire needs at least one question' },
  // planning: per-group sessions and lecturers tied to accounts (issue #9)
  'session.group_twice': { 'zh-CN': '同一小组只能出现一次', en: 'A group can appear only once' },
  'lecturer.account_not_staff': {
    'zh-CN': '只能关联本机构的工作人员账号或尚未分配角色的新账号',
    en: 'Choose a staff account of this institution, or a new account without roles',
  },
  // photos and bulletins (issue #8)
  'photo.unsupported_type': { 'zh-CN': '“{name}”不是 JPEG、PNG、WebP 或 HEIF 图片', en: '“{name}” is not a JPEG, PNG, WebP or HEIF image' },
  'photo.too_many_pixels': {
    'zh-CN': '“{name}”像素过多（上限 {megapixels} 百万像素），请缩小后再上传',
    en: '“{name}” has too many pixels (limit {megapixels} megapixels); scale it down first',
  },
  'photo.unreadable': { 'zh-CN': '“{name}”无法读取，文件可能已损坏', en: '“{name}” cannot be read; the file may be damaged' },
  'photo.heic_unsupported': {
    'zh-CN': '“{name}”是 HEIC 格式，服务器无法解码；请在手机“相机-格式”中选择“兼容性最佳”，或导出为 JPEG 后上传',
    en: '“{name}” is HEIC, which the server cannot decode; set the camera to “Most Compatible” or export it as JPEG',
  },
  'photo.empty': { 'zh-CN': '“{name}”是空文件', en: '“{name}” is empty' },
  'photo.too_large': { 'zh-CN': '“{name}”超过单张 20 MB 的上限', en: '“{name}” is larger than 20 MB' },
  'photo.too_many_files': { 'zh-CN': '一次最多上传 {max} 张照片', en: 'At most {max} photos per upload' },
  'photo.none': { 'zh-CN': '请选择要上传的照片', en: 'Choose the photos to upload' },
  'photo.other_class': { 'zh-CN': '该日程不属于本班', en: 'That session belongs to another class' },
  'photo.order_mismatch': {
    'zh-CN': '排序须包含本场全部 {count} 张照片，且每张只出现一次',
    en: 'The order must name each of the session’s {count} photos exactly once',
  },
  'photo.in_published_bulletin': {
    'zh-CN': '该照片已用于已发布的简报第 {issue} 期，不能删除',
    en: 'This photo appears in published bulletin issue {issue} and cannot be deleted',
  },
  'bulletin.published': {
    'zh-CN': '简报第 {issue} 期已发布，不能再修改；如需更正请编写新的一期',
    en: 'Issue {issue} is published and can no longer change; write a new issue instead',
  },
  'bulletin.stale': {
    'zh-CN': '简报已被他人修改（当前为第 {revision} 版），请刷新后再保存',
    en: 'Someone else saved this bulletin meanwhile (now version {revision}); reload before saving',
  },
  'bulletin.duplicate_issue': { 'zh-CN': '本班已有第 {issue} 期简报', en: 'This class already has issue {issue}' },
  'bulletin.photo_unknown': { 'zh-CN': '照片 {id} 不存在或不属于本班', en: 'Photo {id} does not exist or belongs to another class' },
  'bulletin.empty': { 'zh-CN': '简报还没有任何栏目，不能发布', en: 'The bulletin has no sections yet; it cannot be published' },
  'bulletin.not_published': { 'zh-CN': '简报发布后才能开启公开链接', en: 'Publish the bulletin before making a public link' },
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
