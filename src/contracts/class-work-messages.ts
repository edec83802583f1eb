// Messages of evaluations, planning, photos and bulletins (issues #6, #8, #9), merged into
// `messages` (messages.ts), kept apart so that each file stays short.

export const classWorkMessages: Record<string, { 'zh-CN': string; en: string }> = {
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
};
