import { DEFAULT_RATING_LABELS, type Question, type TemplateTarget } from '../../../contracts';

// The questionnaires every institution starts with (seeded once per institution, then theirs to
// edit): a lecture, a site visit, a structured discussion, and the class as a whole under the four
// headings cadre-training evaluations use — content, lecturers, organisation, logistics.

type Builtin = { key: string; name: string; description: string; defaultFor: TemplateTarget; questions: Question[] };

const rating = (id: string, text: string, topic: Question['topic']): Question => ({
  id,
  kind: 'rating',
  text,
  required: true,
  topic,
  labels: [...DEFAULT_RATING_LABELS],
  options: [],
});
const comment = (id: string, text: string): Question => ({ id, kind: 'text', text, required: false, topic: null, labels: [], options: [] });
const choice = (id: string, kind: 'single' | 'multiple', text: string, options: string[], required = kind === 'single'): Question => ({
  id,
  kind,
  text,
  required,
  topic: null,
  labels: [],
  options: options.map((o, i) => ({ id: `o${i + 1}`, text: o })),
});

export const BUILTIN_TEMPLATES: Builtin[] = [
  {
    key: 'lecture',
    name: '专题讲座评估表',
    description: '每场专题讲座结束后由学员匿名填写。',
    defaultFor: 'lecture',
    questions: [
      rating('content_fit', '课程内容的针对性和实用性', 'content'),
      rating('lecturer_level', '授课教师的理论水平和讲授效果', 'lecturer'),
      rating('lecturer_interaction', '授课方式与课堂互动', 'lecturer'),
      rating('work_value', '本讲对实际工作的启发和帮助', 'content'),
      rating('overall', '对本讲的总体评价', 'overall'),
      choice('difficulty', 'single', '本讲内容的难易程度', ['偏浅', '适中', '偏深']),
      comment('suggestions', '对本讲的意见和建议'),
    ],
  },
  {
    key: 'site_visit',
    name: '现场教学评估表',
    description: '每次现场教学结束后由学员匿名填写。',
    defaultFor: 'site_visit',
    questions: [
      rating('site_fit', '现场教学点的选择与培训主题的契合度', 'content'),
      rating('guide_quality', '现场讲解与交流研讨的质量', 'lecturer'),
      rating('arrangements', '现场教学的组织安排（交通、时间、秩序）', 'organisation'),
      rating('overall', '对本次现场教学的总体评价', 'overall'),
      choice('gains', 'multiple', '本次现场教学中收获最大的方面（可多选）', ['了解先进经验做法', '拓宽工作思路', '建立交流联系', '实地观摩体验']),
      comment('suggestions', '对本次现场教学的意见和建议'),
    ],
  },
  {
    key: 'discussion',
    name: '结构化研讨评估表',
    description: '每次分组研讨结束后由本组学员匿名填写。',
    defaultFor: 'discussion',
    questions: [
      rating('topic_fit', '研讨题目的针对性', 'content'),
      rating('facilitation', '引导老师（催化师）的组织引导', 'lecturer'),
      rating('exchange', '组内交流讨论的充分程度', 'organisation'),
      rating('outcome_value', '研讨成果对工作的参考价值', 'content'),
      rating('overall', '对本次研讨的总体评价', 'overall'),
      comment('suggestions', '对结构化研讨的意见和建议'),
    ],
  },
  {
    key: 'class',
    name: '培训班总体评估表',
    description: '培训结束时由学员匿名填写，评价培训内容、师资、组织管理和后勤服务。',
    defaultFor: 'class',
    questions: [
      rating('content_needs', '培训内容与岗位需求的契合度', 'content'),
      rating('content_system', '课程设置的系统性与合理性', 'content'),
      rating('lecturers', '师资队伍的整体水平', 'lecturer'),
      rating('teaching_forms', '教学形式（讲座、现场教学、研讨）的搭配', 'organisation'),
      rating('management', '班级管理与班主任服务', 'organisation'),
      rating('accommodation', '食宿安排', 'logistics'),
      rating('facilities', '教学场地与设施', 'logistics'),
      rating('overall', '对本次培训的总体满意度', 'overall'),
      choice('recommend', 'single', '是否愿意推荐同事参加此类培训', ['愿意', '不确定', '不愿意']),
      choice('wanted', 'multiple', '今后希望增加的培训内容（可多选）', ['科技政策解读', '科技成果转化', '科技项目管理', '知识产权', '数字经济', '现场教学']),
      comment('best', '收获最大的课程或环节'),
      comment('suggestions', '对改进培训工作的意见和建议'),
    ],
  },
];
