// Server messages of rooms, meals and travel (#18), merged into messages.ts.
export const residenceMessages = {
  'room.not_found': { 'zh-CN': '没有这个房间（须是本学院酒店的房间）', en: 'No such room in the college’s hotel' },
  'room.duplicate': { 'zh-CN': '房间 {room} 已存在', en: 'Room {room} already exists' },
  'room.gender': { 'zh-CN': '{room} 是{gender}生房间，不能安排 {name}', en: '{room} is a {gender} room; {name} cannot stay there' },
  'room.mixed_gender': { 'zh-CN': '{room} 已住有异性学员 {name}', en: '{room} already has {name}, of the other gender' },
  'room.no_such_bed': { 'zh-CN': '{room} 只有 {beds} 张床', en: '{room} has only {beds} beds' },
  'room.bed_taken': {
    'zh-CN': '{room} 的 {bed} 号床这几晚已安排给 {name}（{classTitle}）',
    en: 'Bed {bed} of {room} is taken on those nights by {name} ({classTitle})',
  },
  'room.full': { 'zh-CN': '{room} 这几晚已住满（{beds} 张床）', en: '{room} is full on those nights ({beds} beds)' },
  'room.beds_in_use': {
    'zh-CN': '{room} 的 {bed} 号床已安排给 {name}，床位数不能少于 {bed}',
    en: 'Bed {bed} of {room} is booked for {name}; the room needs at least {bed} beds',
  },
  'room.gender_in_use': { 'zh-CN': '{room} 已住有 {name}，不能改为异性房间', en: '{room} already has {name}; it cannot become a room of the other gender' },
  'room.in_use': { 'zh-CN': '{room} 已安排 {name} 入住，不能删除', en: '{room} has {name} booked; it cannot be deleted' },
  'meal.days_order': { 'zh-CN': '结束日期须不早于开始日期', en: 'The last day must not be before the first' },
  'room.dates_order': { 'zh-CN': '退房日期须晚于入住日期', en: 'Check-out must be after check-in' },
  'room.request_self': { 'zh-CN': '不能申请与自己同住', en: 'A trainee cannot ask to share with themselves' },
  'meal.outside_class': {
    'zh-CN': '用餐日期须在培训班日期（{startsOn} 至 {endsOn}）前后一周内',
    en: 'The meal must be within a week of the class ({startsOn} to {endsOn})',
  },
  'pickup.window_order': { 'zh-CN': '接送时段的结束须不早于开始', en: 'The pickup window must not end before it starts' },
  'pickup.leg_other': { 'zh-CN': '行程 {id} 不属于本班或方向不符', en: 'Travel {id} is not of this class or goes the other way' },
  'travel.deadline_passed': {
    'zh-CN': '行程填报已于 {deadlineOn} 截止，如需更改请联系班主任',
    en: 'Travel could be entered until {deadlineOn}; ask the class teacher to change it',
  },
  'beds.invalid': { 'zh-CN': '床位数须为 1–8', en: 'Beds must be 1–8' },
} as const;
