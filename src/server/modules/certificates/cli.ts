import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { CliContext } from '../../cli-context';
import { AppError } from '../../lib/errors';
import { translate } from '../../lib/i18n';

// `cohort certificates issue --class ID [--out DIR]` and `cohort keys rotate --institution CODE`.
// Both work on the database directly (no server needed) through the same services as the API.

const explain = (e: unknown) => {
  if (e instanceof AppError) return `${translate(e.code, 'zh-CN', e.params)} / ${translate(e.code, 'en', e.params)}`;
  return e instanceof Error ? e.message : String(e);
};

function bar(label: string) {
  return new cliProgress.SingleBar(
    { format: `${label} |{bar}| {value}/{total}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
}

export async function runCertificateIssue(ctx: CliContext, classId: number, outDir?: string): Promise<number> {
  if (!Number.isSafeInteger(classId) || classId <= 0) {
    console.error('--class 应为培训班编号 / --class must be a class id');
    return 2;
  }
  try {
    return await ctx.withServices(async (services) => {
      const issuing = bar('颁发 issue ');
      let started = false;
      const { issued, skipped } = await services.certificates.issue(null, classId, {}, 'zh-CN', (done, total) => {
        if (!started) {
          issuing.start(total, 0);
          started = true;
        }
        issuing.update(done);
      });
      if (started) issuing.stop();
      const view = await services.certificates.eligibility(classId, 'zh-CN');
      console.log(`已颁发 ${issued.length} 份；本班 ${view.counts.issued} 人持有效证书，${view.counts.total - view.counts.eligible} 人未达到结业要求。`);
      console.log(
        `Issued ${issued.length}; ${view.counts.issued} trainees hold a valid certificate; ${view.counts.total - view.counts.eligible} have not completed (skipped ${skipped}).`,
      );
      for (const r of view.rows.filter((x) => !x.eligible)) console.log(`  ${r.name}: ${r.reasons.map((x) => x.message).join('；')}`);
      if (outDir) {
        const dir = resolve(outDir);
        mkdirSync(dir, { recursive: true });
        const rendering = bar('PDF        ');
        let shown = false;
        const files = await services.certificates.exportAll(classId, (done, total) => {
          if (!shown) {
            rendering.start(total, 0);
            shown = true;
          }
          rendering.update(done);
        });
        if (shown) rendering.stop();
        for (const f of files) writeFileSync(join(dir, f.name), f.data);
        console.log(`已写入 ${files.length} 个 PDF 文件 / wrote ${files.length} PDF files to ${dir}`);
      }
      return 0;
    });
  } catch (e) {
    console.error(explain(e));
    return 1;
  }
}

export async function runKeyRotation(ctx: CliContext, institutionCode: string): Promise<number> {
  try {
    return await ctx.withServices(async (services) => {
      const institution = await services.credentials.findInstitutionByCode(institutionCode);
      if (!institution) {
        console.error(`没有代码为 ${institutionCode} 的机构 / no institution with code ${institutionCode}`);
        return 2;
      }
      const { kid, retiredKid } = await services.credentials.rotate(null, institution.id);
      console.log(
        `${institution.name}: 新签名密钥 / new signing key ${kid}${retiredKid ? `（已停用 / retired ${retiredKid}，公钥仍在 JWKS 中 / its public key stays in the JWKS）` : ''}`,
      );
      return 0;
    });
  } catch (e) {
    console.error(explain(e));
    return 1;
  }
}
