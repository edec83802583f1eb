// accounts, grants, sign-in, institution settings (#9, #11)
export * from './accounts';
export * from './attendance';
export * from './auth';
export * from './bulletins';
export * from './certificates';
export * from './classes';
export * from './common';
export * from './evaluations';
export * from './photos';
export * from './roster';
export * from './roster-io';
export * from './timetable';
export * from './trainee';
