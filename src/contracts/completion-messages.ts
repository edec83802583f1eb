// Messages of completion, certificates, reflections, 结业鉴定 and outside hours (issues #7, #10,
// #19), merged into `messages` (messages.ts), kept apart so that each file stays short.

export const completionMessages: Record<string, { 'zh-CN': string; en: string }> = {
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
};
