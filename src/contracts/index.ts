// accounts, grants, sign-in, institution settings (#9, #11)
export * from './accounts';
export * from './appraisals';
export * from './attendance';
// audit trail on screen (classes engineer)
export * from './audit';
export * from './auth';
export * from './bulletins';
// buses for site visits (#18)
export * from './buses';
export * from './certificates';
export * from './classes';
export * from './committee';
export * from './common';
export * from './evaluations';
// action plans and the follow-up months later (#19)
export * from './followup';
// outside hours (培训经历认定) and the trainee handbook (#19)
export * from './handbook';
export * from './outside-training';
export * from './photos';
// planning warnings (#9)
export * from './planning';
// reflections (心得体会) and 结业鉴定 (#19)
export * from './reflections';
// rooms, meals, travel, service providers (#18)
export * from './residence';
export * from './roster';
export * from './roster-io';
export * from './timetable';
export * from './trainee';
