import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Services } from '../../src/server/app';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// The institution's logo and seal on its certificates: the logo at the top, the seal over the
// issuer and date as a stamped seal; neither (and the drawn placeholder instead of the seal)
// when the admin has not uploaded them. The names stay extractable text under the seal.

const seal = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><circle cx="300" cy="300" r="280" fill="none" stroke="#d0021b" stroke-width="24"/>' +
        '<polygon points="300,170 330,260 425,260 348,315 377,405 300,350 223,405 252,315 175,260 270,260" fill="#d0021b"/></svg>',
    ),
  )
    .png()
    .toBuffer();
const logo = () =>
  sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="900" height="300" rx="40" fill="#1d4f91"/></svg>'))
    .jpeg()
    .toBuffer();

/** Image XObjects placed on the pages (pdfimages -list), without the alpha masks of PNGs. */
const imagesIn = (pdf: Buffer) =>
  execFileSync('pdfimages', ['-list', '-'], { input: pdf, encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c[2] === 'image')
    .map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), object: Number(c[10]) }));
const text = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });

for (const kind of DATABASES) {
  describe(`certificate logo and seal (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let made: Awaited<ReturnType<typeof craftedClass>>;
    let admin: Awaited<ReturnType<typeof makeActor>>;
    const idOf = async (name: string) => (await services.certificates.list(made.classId)).find((c) => c.name === name)!.id;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      made = await craftedClass(services, [{ name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' }, { name: '欧阳建国' }, { name: '王芳' }]);
      await services.certificates.issue(null, made.classId, {});
      admin = await makeActor(services, 'admin');
    });
    after(async () => {
      await services.certificates.drain();
      await t.drop();
    });

    test('without uploaded images the certificate has none, and the placeholder marks where the seal goes', async () => {
      const pdf = (await services.certificates.pdf(made.classId, await idOf('扎西旺拉'))).data;
      assert.deepEqual(imagesIn(pdf), []);
      assert.match(text(pdf), /印章/);
    });

    test('with a logo and a seal, the logo is at the top and the seal over the issuer and date; the name is still text', async () => {
      await services.institutions.putImage(admin, made.institutionId, 'seal', { data: await seal() });
      await services.institutions.putImage(admin, made.institutionId, 'logo', { data: await logo() });
      const pdf = (await services.certificates.pdf(made.classId, await idOf('扎西旺拉'))).data;
      const images = imagesIn(pdf);
      assert.equal(images.length, 2);
      // Scaled for print (at most 480 px), not the 600/900 px uploads.
      assert.ok(images.every((i) => Math.max(i.width, i.height) <= 480));
      const words = text(pdf);
      assert.ok(words.includes('扎西旺拉') && words.includes('བཀྲ་ཤིས་དབང་ལྷ'));
      assert.ok(!words.includes('印章'), 'no placeholder under a real seal');
      // Where they are: the bounding boxes of the page's images, from pdftoppm's render of the page.
      if (kind === 'sqlite') {
        const dir = join('test-results', 'certificate-images');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'seal.pdf'), pdf);
        execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', join(dir, 'seal.pdf'), join(dir, 'seal')]);
      }
      const { data, info } = await sharp(execFileSync('pdftoppm', ['-png', '-r', '30', '-singlefile', '-'], { input: pdf }))
        .raw()
        .toBuffer({ resolveWithObject: true });
      const at = (fx: number, fy: number) => {
        const i = (Math.round(fy * info.height) * info.width + Math.round(fx * info.width)) * info.channels;
        return [data[i], data[i + 1], data[i + 2]];
      };
      const [r, g, b] = at(0.5, 56 / 595);
      assert.ok(b > 120 && r < 80, `logo blue at the top centre, got ${r},${g},${b}`);
      // The seal's ring (55 pt around its centre, 238 pt from the right edge and 128 pt from the bottom) over the issuer block.
      const ring = at((842 - 238) / 842, (595 - 128 - 55) / 595);
      assert.ok(ring[0] > 150 && ring[1] < 90, `seal red over the issuer, got ${ring}`);
    });

    test('a batch embeds the seal once per PDF however many pages show it, in the worker too', async () => {
      const job = await services.certificates.startJob(admin, made.classId, { kind: 'bundle', format: 'pdf' });
      await services.certificates.drain();
      const file = await services.certificates.jobFile(made.classId, job.id);
      const images = imagesIn(file.data);
      assert.equal(images.length, 6, 'a logo and a seal on each of 3 pages');
      assert.equal(new Set(images.map((i) => i.object)).size, 2, 'two images, each embedded once');
      const words = text(file.data);
      for (const name of ['扎西旺拉', '欧阳建国', '王芳']) assert.ok(words.includes(name), name);
    });

    test('removing the seal brings the placeholder back', async () => {
      await services.institutions.deleteImage(admin, made.institutionId, 'seal');
      const pdf = (await services.certificates.pdf(made.classId, await idOf('王芳'))).data;
      assert.equal(imagesIn(pdf).length, 1);
      assert.match(text(pdf), /印章/);
    });
  });
}
