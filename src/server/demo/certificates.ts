import type { Services } from '../app';
import type { Trx } from '../db/connection';

/** The seed class's serials look like SKGY-2020-XZ-001 (institution, year, 西藏 class, number). */
export const DEMO_SERIAL_PATTERN = '{inst}-{year}-XZ-{seq:3}';

/**
 * Certificates (结业证书) for the 2020 class: every trainee the completion rule finds eligible
 * gets one, as at the closing ceremony. Idempotent: those who hold a valid certificate are skipped,
 * so a second run issues nothing. Runs after the attendance record is in place.
 */
export async function loadCertificateDemo(services: Services, trx: Trx, classId: number) {
  const rule = await services.completion.ruleIn(trx, classId);
  if (rule.rule.serialPattern !== DEMO_SERIAL_PATTERN) await services.completion.setSerialPatternIn(trx, classId, DEMO_SERIAL_PATTERN);
  const { ids } = await services.certificates.issueIn(trx, null, classId, {}, 'zh-CN');
  return ids.length;
}
