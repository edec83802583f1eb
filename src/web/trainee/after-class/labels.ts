import type { Lang } from '../i18n';
import { afterClassBo } from '../i18n-bo';

// The menu entry of the after-class page (心得体会 and 结业鉴定), kept apart from the lazy page so
// the menu does not load it.
export const afterClassLabel = (lang: Lang) => (lang === 'en' ? 'Reflection and appraisal' : lang === 'bo' ? afterClassBo : '心得体会与结业鉴定');

/** The menu entry of the action plan and follow-up (#19). */
export const actionPlanLabel = (lang: Lang) => (lang === 'en' ? 'Action plan and follow-up' : lang === 'bo' ? 'ལས་འགུལ་འཆར་གཞི།' : '行动计划与训后回访');
