import { usePageMessages } from '../../i18n';

// The photo and bulletin screens' words, kept beside them (zh-CN first) rather than in the
// app-wide dictionary that other screens change at the same time. Same {placeholder} rules.
const zhCN = {
  'ph.title': '照片墙',
  'ph.total': '共 {n} 张照片',
  'ph.upload': '上传照片',
  'ph.upload.session': '上传到日程',
  'ph.upload.choose_session': '请先选择日程',
  'ph.upload.drop': '点击或拖入照片（可多选；手机可直接拍照）',
  'ph.upload.hint': 'JPEG、PNG、WebP 或 HEIF，每张不超过 20 MB，一次最多 30 张。保存前会按拍摄方向摆正，并去除位置等 EXIF 信息。',
  'ph.upload.go': '上传 {n} 张',
  'ph.upload.done': '已上传 {n} 张照片',
  'ph.upload.failed': '没有上传任何照片：',
  'ph.empty': '还没有照片。',
  'ph.unassigned': '未关联日程（日程已删除）',
  'ph.caption': '照片说明',
  'ph.caption.none': '（无说明）',
  'ph.caption.saved': '说明已保存',
  'ph.move_left': '前移',
  'ph.move_right': '后移',
  'ph.delete': '删除',
  'ph.delete.confirm': '删除这张照片？',
  'ph.deleted': '照片已删除',
  'ph.taken_at': '拍摄于 {time}',
  'ph.readonly': '您可以查看照片；上传和编辑由班主任或教务负责。',
};
export type PhKey = keyof typeof zhCN;

const en: Record<PhKey, string> = {
  'ph.title': 'Photo wall',
  'ph.total': '{n} photos',
  'ph.upload': 'Upload photos',
  'ph.upload.session': 'Session',
  'ph.upload.choose_session': 'Choose a session first',
  'ph.upload.drop': 'Click or drop photos here (several at once; phones can take a picture)',
  'ph.upload.hint': 'JPEG, PNG, WebP or HEIF, up to 20 MB each, 30 per upload. Photos are turned upright and stripped of location and other EXIF data.',
  'ph.upload.go': 'Upload {n}',
  'ph.upload.done': '{n} photos uploaded',
  'ph.upload.failed': 'No photo was uploaded:',
  'ph.empty': 'No photos yet.',
  'ph.unassigned': 'Not in a session (the session was deleted)',
  'ph.caption': 'Caption',
  'ph.caption.none': '(no caption)',
  'ph.caption.saved': 'Caption saved',
  'ph.move_left': 'Move earlier',
  'ph.move_right': 'Move later',
  'ph.delete': 'Delete',
  'ph.delete.confirm': 'Delete this photo?',
  'ph.deleted': 'Photo deleted',
  'ph.taken_at': 'Taken {time}',
  'ph.readonly': 'You can view the photos; the class teacher or the office uploads and edits them.',
};

export const usePhT = () => usePageMessages<PhKey>(zhCN, en);
export type PhT = ReturnType<typeof usePhT>;
