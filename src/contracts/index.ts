export * from './auth';
export * from './certificates';
export * from './classes';
export * from './common';
export * from './roster';
export * from './timetable';
export * from './roster-io';
export * from './evaluations';
