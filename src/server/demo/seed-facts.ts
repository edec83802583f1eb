// The facts of the 2020 "科技兴藏人才培养工程" class for Tibetan S&T managers, as its bulletin (简报)
// records them: who, where, what, in which order. Everything the bulletin does not say (further
// trainees, most lecture topics, the class teacher, phone numbers) is marked as sample data.

export const INSTITUTION = { name: '上海科技管理干部学院', shortName: '上海科干院', code: 'SKGY' };

export const PROGRAMME = {
  name: '科技兴藏人才培养工程',
  sponsorName: '西藏自治区科学技术厅',
  description: '为西藏科技管理干部提供系统培训，服务科技援藏与西藏科技创新发展。',
  startYear: 2016,
};

export const CLASS = {
  title: '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班',
  shortTitle: '2020西藏科技管理干部班',
  code: 'XZ-2020',
  startsOn: '2020-10-12',
  endsOn: '2020-10-26',
  timeZone: 'Asia/Shanghai',
  place: '上海',
  organizerName: '上海科技管理干部学院',
  sponsorName: '西藏自治区科学技术厅政策法规处',
  description: '15天培训，内容包括专题讲座、现场教学和结构化研讨。',
};

export const DEMO_PASSWORD = 'cohort-demo-2020';

export const USERS = {
  admin: { username: 'admin', displayName: '系统管理员' },
  organizer: { username: 'yuchanghong', displayName: '于长宏' },
  classTeacher: { username: 'banzhuren', displayName: '李文静（示例班主任）' },
  lecturer: { username: 'zhangchunyu', displayName: '张春羽' },
  sponsor: { username: 'xiaojianxin', displayName: '肖建新' },
};

/**
 * A made-up mobile for the n-th demo trainee (the representatives first, then the samples), stable
 * from one demo to the next so the pickup and contact lists read like a real class's: 139 0891 xxxx.
 */
export const demoMobile = (n: number) => `1390891${String(2001 + n * 37).padStart(4, '0')}`;

/** The four group representatives who spoke at the graduation, in the order they spoke. */
export const REPRESENTATIVES = [
  { group: '第一组', name: '徐爱国', workUnit: '西藏自治区高原生物研究所', position: null, gender: 'male', ethnicity: '汉族', nameBo: null },
  { group: '第二组', name: '张建武', workUnit: '西藏自治区党委组织部人才工作处', position: '副处长', gender: 'male', ethnicity: '汉族', nameBo: null },
  { group: '第三组', name: '扎西旺拉', workUnit: '西藏自治区日喀则市白朗县科技局', position: '主任', gender: 'male', ethnicity: '藏族', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' },
  { group: '第四组', name: '黄海明', workUnit: '西藏自治区昌都市科技局办公室', position: '主任', gender: 'male', ethnicity: '汉族', nameBo: null },
] as const;

/** Sample trainees (not in the bulletin) so that each group has eight members. */
export const SAMPLE_TRAINEES: Array<{
  name: string;
  nameBo: string | null;
  gender: 'male' | 'female';
  ethnicity: string;
  workUnit: string;
  position: string;
  rank: string;
}> = [
  { name: '次仁多吉', nameBo: 'ཚེ་རིང་རྡོ་རྗེ', gender: 'male', ethnicity: '藏族', workUnit: '西藏自治区科学技术厅高新处', position: '科员', rank: '科员' },
  { name: '央金卓玛', nameBo: 'དབྱངས་ཅན་སྒྲོལ་མ', gender: 'female', ethnicity: '藏族', workUnit: '拉萨市科学技术局', position: '副科长', rank: '副科级' },
  { name: '格桑顿珠', nameBo: 'སྐལ་བཟང་དོན་གྲུབ', gender: 'male', ethnicity: '藏族', workUnit: '山南市科学技术局', position: '科长', rank: '正科级' },
  { name: '李晓燕', nameBo: null, gender: 'female', ethnicity: '汉族', workUnit: '西藏自治区农牧科学院', position: '助理研究员', rank: '科员' },
  { name: '达瓦次仁', nameBo: 'ཟླ་བ་ཚེ་རིང', gender: 'male', ethnicity: '藏族', workUnit: '日喀则市科学技术局', position: '副局长', rank: '副处级' },
  { name: '拉巴卓嘎', nameBo: 'ལྷག་པ་སྒྲོལ་དཀར', gender: 'female', ethnicity: '藏族', workUnit: '林芝市科学技术局', position: '科员', rank: '科员' },
  { name: '王志强', nameBo: null, gender: 'male', ethnicity: '汉族', workUnit: '西藏自治区科技信息研究所', position: '副所长', rank: '副处级' },
  { name: '尼玛次仁', nameBo: 'ཉི་མ་ཚེ་རིང', gender: 'male', ethnicity: '藏族', workUnit: '那曲市科学技术局', position: '科长', rank: '正科级' },
  { name: '德吉央宗', nameBo: 'བདེ་སྐྱིད་དབྱངས་འཛོམས', gender: 'female', ethnicity: '藏族', workUnit: '阿里地区科学技术局', position: '副科长', rank: '副科级' },
  { name: '旦增平措', nameBo: 'བསྟན་འཛིན་ཕུན་ཚོགས', gender: 'male', ethnicity: '藏族', workUnit: '昌都市卡若区科技局', position: '局长', rank: '正科级' },
  { name: '陈敏', nameBo: null, gender: 'female', ethnicity: '汉族', workUnit: '西藏大学科技处', position: '科长', rank: '正科级' },
  { name: '索朗扎西', nameBo: 'བསོད་ནམས་བཀྲ་ཤིས', gender: 'male', ethnicity: '藏族', workUnit: '西藏自治区科学技术协会', position: '干部', rank: '科员' },
  { name: '白玛央吉', nameBo: 'པདྨ་དབྱངས་སྐྱིད', gender: 'female', ethnicity: '藏族', workUnit: '拉萨高新技术产业开发区管委会', position: '副主任', rank: '副科级' },
  { name: '普布次仁', nameBo: 'ཕུར་བུ་ཚེ་རིང', gender: 'male', ethnicity: '藏族', workUnit: '山南市乃东区科技局', position: '副局长', rank: '副科级' },
  { name: '刘洋', nameBo: null, gender: 'male', ethnicity: '汉族', workUnit: '西藏自治区科技厅农村科技处', position: '主任科员', rank: '一级主任科员' },
  { name: '边巴卓玛', nameBo: 'སྤེན་པ་སྒྲོལ་མ', gender: 'female', ethnicity: '藏族', workUnit: '日喀则市桑珠孜区科技局', position: '科员', rank: '科员' },
  { name: '强巴旺堆', nameBo: 'བྱམས་པ་དབང་འདུས', gender: 'male', ethnicity: '藏族', workUnit: '林芝市巴宜区科技局', position: '局长', rank: '正科级' },
  { name: '次旦卓嘎', nameBo: 'ཚེ་བརྟན་སྒྲོལ་དཀར', gender: 'female', ethnicity: '藏族', workUnit: '西藏自治区生产力促进中心', position: '工程师', rank: '科员' },
  { name: '赵海波', nameBo: null, gender: 'male', ethnicity: '汉族', workUnit: '西藏自治区科技厅计划处', position: '副处长', rank: '副处级' },
  { name: '洛桑群培', nameBo: 'བློ་བཟང་ཆོས་འཕེལ', gender: 'male', ethnicity: '藏族', workUnit: '那曲市色尼区科技局', position: '副局长', rank: '副科级' },
  { name: '卓玛拉姆', nameBo: 'སྒྲོལ་མ་ལྷ་མོ', gender: 'female', ethnicity: '藏族', workUnit: '昌都市科学技术局', position: '科员', rank: '科员' },
  { name: '平措朗杰', nameBo: 'ཕུན་ཚོགས་རྣམ་རྒྱལ', gender: 'male', ethnicity: '藏族', workUnit: '阿里地区噶尔县科技局', position: '局长', rank: '正科级' },
  { name: '周丽', nameBo: null, gender: 'female', ethnicity: '汉族', workUnit: '西藏农牧学院科研处', position: '副处长', rank: '副处级' },
  { name: '贡觉次仁', nameBo: 'དཀོན་མཆོག་ཚེ་རིང', gender: 'male', ethnicity: '藏族', workUnit: '拉萨市达孜区科技局', position: '科长', rank: '正科级' },
  { name: '仓决卓玛', nameBo: 'ཚང་མཆོད་སྒྲོལ་མ', gender: 'female', ethnicity: '藏族', workUnit: '山南市科学技术局', position: '科员', rank: '科员' },
  { name: '多布杰', nameBo: 'རྡོ་རྗེ', gender: 'male', ethnicity: '藏族', workUnit: '日喀则市江孜县科技局', position: '副局长', rank: '副科级' },
  { name: '孙建国', nameBo: null, gender: 'male', ethnicity: '汉族', workUnit: '西藏自治区科技厅成果处', position: '四级调研员', rank: '正科级' },
  { name: '米玛卓嘎', nameBo: 'མི་དམར་སྒྲོལ་དཀར', gender: 'female', ethnicity: '藏族', workUnit: '林芝市米林县科技局', position: '科员', rank: '科员' },
];

export const SITES = {
  sitri: {
    name: '上海微技术工业研究院',
    shortName: 'SITRI',
    address: '上海市嘉定区',
    // District and journey from the college: estimates for planning's travel check (sample data).
    district: '嘉定区',
    travelMinutes: 60,
    host: '上海微技术工业研究院',
    description:
      '上海微技术工业研究院（SITRI）成立于2013年，由上海市科委、嘉定区和中科院微系统所发起成立，是集研发、工程、产业化于一体的新型研发机构。作为上海市首家研发与转化功能型平台，SITRI拥有全国首条8寸“超越摩尔”（More than Moore）研发中试线。',
  },
  museum: {
    name: '上海科技馆',
    shortName: '科技馆',
    address: '上海市浦东新区世纪大道2000号',
    district: '浦东新区',
    travelMinutes: 45,
    host: '上海科技馆',
    description:
      '上海科技馆是上海市人民政府为贯彻落实科教兴国，提高城市综合竞争力和市民科学文化素养而投资兴建的综合性的自然科学技术博物馆，是中国重要的科普教育基地和精神文明建设基地。',
  },
  eastCentre: {
    name: '国家技术转移东部中心',
    shortName: '东部中心',
    address: '上海市虹桥国际进口商品展示交易中心（进口商品中心）',
    district: '闵行区',
    travelMinutes: 40,
    host: '国家技术转移东部中心',
    description:
      '国家技术转移东部中心是由中华人民共和国科学技术部、上海市人民政府共同推进，由上海市科学技术委员会指导、上海市科技创新中心协调设立的国家级区域技术转移平台。',
  },
};

export const LECTURERS = {
  zhangChunyu: { name: '张春羽', title: '讲师', organisation: '上海科技管理干部学院', expertise: '科普工作、科学传播', bio: null },
  zhangQingjie: { name: '张庆杰', title: '副院长', organisation: '上海科技管理干部学院', expertise: null, bio: null },
  samples: [
    { name: '周明远（示例）', title: '教授', organisation: '上海科技管理干部学院', expertise: '科技政策', bio: '示例师资' },
    { name: '陈思齐（示例）', title: '研究员', organisation: '上海市科学学研究所', expertise: '科技成果转化', bio: '示例师资' },
    { name: '吴卫东（示例）', title: '副教授', organisation: '上海科技管理干部学院', expertise: '科技项目管理', bio: '示例师资' },
    { name: '黄文华（示例）', title: '高级工程师', organisation: '上海市知识产权服务中心', expertise: '知识产权', bio: '示例师资' },
  ],
};

type S = {
  kind: 'opening' | 'lecture' | 'site_visit' | 'discussion' | 'ceremony' | 'other';
  title: string;
  day: string;
  from: string;
  to: string;
  hours: number;
  venue?: string;
  site?: keyof typeof SITES;
  lecturers?: string[];
  perGroup?: boolean;
  description?: string;
  notes?: string;
};

/** The fortnight. Times are Beijing time; the three site visits keep the bulletin's order. */
export const SESSIONS: S[] = [
  { kind: 'other', title: '报到', day: '2020-10-12', from: '14:00', to: '17:00', hours: 0, venue: '学院接待中心' },
  { kind: 'opening', title: '开班式', day: '2020-10-13', from: '09:00', to: '09:30', hours: 0.5, venue: '学院报告厅' },
  {
    kind: 'lecture',
    title: '新时代科技创新政策解读',
    day: '2020-10-13',
    from: '09:45',
    to: '11:45',
    hours: 2.5,
    venue: '学院报告厅',
    lecturers: ['周明远（示例）'],
  },
  {
    kind: 'lecture',
    title: '上海科创中心建设的实践与探索',
    day: '2020-10-13',
    from: '14:00',
    to: '17:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['陈思齐（示例）'],
  },
  {
    kind: 'lecture',
    title: '科技成果转化与技术转移体系建设',
    day: '2020-10-14',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['陈思齐（示例）'],
  },
  {
    kind: 'site_visit',
    title: '学习“深化产学研协同创新”经验',
    day: '2020-10-14',
    from: '13:30',
    to: '17:00',
    hours: 3,
    site: 'sitri',
    notes:
      'SITRI 参考国际先进工业研究院的创新模式，通过公司制注册、市场化运作、基础研究设施投入、全球一流人才引进和产业广泛对接等措施，不断降低产业研发成本，缩短产品开发周期，在促进创新创业的同时，逐步探索出一条自身造血、可持续发展的道路。在新冠疫情期间，积极响应国家抗击疫情号召，为红外体温计生产企业提供大量传感器产品。',
  },
  { kind: 'lecture', title: '科技项目全过程管理', day: '2020-10-15', from: '09:00', to: '12:00', hours: 3, venue: '学院报告厅', lecturers: ['吴卫东（示例）'] },
  { kind: 'lecture', title: '知识产权保护与运用', day: '2020-10-15', from: '14:00', to: '17:00', hours: 3, venue: '学院报告厅', lecturers: ['黄文华（示例）'] },
  {
    kind: 'lecture',
    title: '区域创新体系建设与科技援藏',
    day: '2020-10-16',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['周明远（示例）'],
  },
  {
    kind: 'site_visit',
    title: '播撒科学种子，培育创新沃土——上海科普工作的创新发展及思考',
    day: '2020-10-16',
    from: '13:30',
    to: '17:00',
    hours: 3,
    site: 'museum',
    lecturers: ['张春羽'],
    notes:
      '本次现场教学，以上海科普工作的先锋——连续5年被评为全球最受欢迎的20个博物馆之一（排名上升到第6位）的上海科技馆为例，通过教师讲解、实地考察、讨论互动等形式向西藏的科技管理干部介绍了上海科普工作的实践和探索。',
  },
  {
    kind: 'lecture',
    title: '数字经济与产业转型升级',
    day: '2020-10-19',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['吴卫东（示例）'],
  },
  { kind: 'discussion', title: '结构化研讨：科技创新如何服务西藏高质量发展', day: '2020-10-19', from: '14:00', to: '17:00', hours: 3, perGroup: true },
  {
    kind: 'lecture',
    title: '生物医药创新体系与成果转化',
    day: '2020-10-20',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['陈思齐（示例）'],
  },
  {
    kind: 'site_visit',
    title: '学习国家技术转移东部中心成果转化先进做法',
    day: '2020-10-20',
    from: '13:30',
    to: '17:00',
    hours: 3,
    site: 'eastCentre',
    notes:
      '现场老师结合东部中心在技术转移体系建设工作中的探索和实践，分别就成果转化相关国家/地方政策和法律法规、创业孵化杨浦模式、科技部创新挑战赛上海长三角赛、上海大企业创新服务案例剖析、国际技术交易服务功能和手段以及区块链技术在技术转移中的运用等诸多方面作了较为全面的讲解。活动结束后，西藏干部还与东部中心进行了更为深入的一对一交流。',
  },
  {
    kind: 'lecture',
    title: '科技金融与创新创业服务',
    day: '2020-10-21',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['周明远（示例）'],
  },
  {
    kind: 'lecture',
    title: '科技管理干部的领导力提升',
    day: '2020-10-21',
    from: '14:00',
    to: '17:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['吴卫东（示例）'],
  },
  {
    kind: 'lecture',
    title: '农牧业科技创新与乡村振兴',
    day: '2020-10-22',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['黄文华（示例）'],
  },
  { kind: 'discussion', title: '结构化研讨：学习成果与行动计划', day: '2020-10-22', from: '14:00', to: '17:00', hours: 3, perGroup: true },
  {
    kind: 'lecture',
    title: '长三角一体化与东西部科技合作',
    day: '2020-10-23',
    from: '09:00',
    to: '12:00',
    hours: 3,
    venue: '学院报告厅',
    lecturers: ['陈思齐（示例）'],
  },
  { kind: 'discussion', title: '结构化研讨：小组成果交流', day: '2020-10-23', from: '14:00', to: '17:00', hours: 3, perGroup: true },
  { kind: 'ceremony', title: '结业式', day: '2020-10-26', from: '09:00', to: '10:30', hours: 1, venue: '学院报告厅' },
];

export const SPEECH_SUMMARIES: Record<string, string> = {
  徐爱国:
    '感谢上海科技管理干部学院和西藏自治区科技厅政策法规处的精心组织和科学安排，感谢班主任老师们的辛勤付出；培训通过专题讲座、现场教学以及结构化研讨，更新了观念，开启了思维，他山之石，可以攻玉。',
  张建武: '感谢科技部提供的学习机会；此次培训开拓了思路、启迪了思维、强化了意识，在心中种下了一颗科技创新的种子。',
  扎西旺拉: '通过此次培训统一了思想，提高了认识，拓宽了视野，增长了知识；要做一个传播者，回西藏后把学到的讲给身边人听，讲给农牧民群众听。',
  黄海明: '一是增长了知识、更新了理念、充实了头脑；二是开阔了视野、提供了借鉴、开启了心智；三是加深了认识、提升了能力、激发了活力。',
};

export const LEADER_SPEECH = {
  speakerName: '张庆杰',
  speakerRole: '上海科技管理干部学院副院长',
  summary:
    '对培训班学员圆满完成培训任务、顺利结业表示祝贺，对支持培训班的相关单位和授课老师表示感谢，并提出四点希望：坚持终身学习；维护好“科技兴藏人才培养工程”项目；作好传播者；……',
};
