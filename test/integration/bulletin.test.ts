import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFragment } from 'parse5';
import type { BulletinContent } from '../../src/contracts/bulletins';
import type { Services } from '../../src/server/app';
import { DEMO_PHOTOS } from '../../src/server/demo/bulletin';
import { CLASS, REPRESENTATIVES } from '../../src/server/demo/seed-facts';
import { AppError } from '../../src/server/lib/errors';
import { convertWithLibreOffice, docxParagraphs, docxPart, docxParts, pdfBoxes, pdfText } from '../support/bulletin-files';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor, withDemo } from '../support/factories';

const SEED_ITEMS = ['学习“深化产学研协同创新”经验', '播撒科学种子，培育创新沃土——上海科普工作的创新发展及思考', '学习国家技术转移东部中心成果转化先进做法'];
const GROUPS = REPRESENTATIVES.map((r) => r.group);
const SPEAKERS = REPRESENTATIVES.map((r) => r.name);
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">链接</a>';

/** Positions of each needle in the text, in the order given; fails if one is missing or out of order. */
function assertInOrder(text: string, needles: string[], what: string) {
  let at = -1;
  for (const n of needles) {
    const i = text.indexOf(n, at + 1);
    assert.ok(i > at, `${what}: “${n}” should come after the previous marker (found at ${i}, previous at ${at})`);
    at = i;
  }
}

const code = (c: string) => (e: unknown) => e instanceof AppError && (e.code === c || e.fieldErrors.some((f) => f.code === c));

for (const kind of DATABASES) {
  describe(`bulletin from the record on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let bulletinId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
      bulletinId = (await services.bulletins.list(classId, true))[0].id;
    });
    after(() => t.drop());

    test('the demo drafts issue 1 in the seed’s structure', async () => {
      const b = await services.bulletins.get(bulletinId, true);
      assert.equal(b.issueNumber, 1);
      assert.equal(b.title, CLASS.title);
      assert.equal(b.issueDate, '2020-10-26');
      assert.equal(b.status, 'draft');
      assert.deepEqual(
        b.content.sections.map((s) => s.title),
        ['【现场教学】', '【结业式】'],
      );
      const [visits, ceremony] = b.content.sections;
      assert.deepEqual(
        visits.items.map((i) => i.heading),
        SEED_ITEMS,
      );
      // Each visit carries its site's description, its notes and its photos in order.
      const texts = (blocks: BulletinContent['sections'][number]['items'][number]['blocks']) =>
        blocks.flatMap((x) => (x.type === 'text' ? [x.html] : [])).join('');
      assert.match(texts(visits.items[0].blocks), /上海微技术工业研究院（SITRI）成立于2013年/);
      assert.match(texts(visits.items[0].blocks), /自身造血、可持续发展的道路/);
      assert.match(texts(visits.items[1].blocks), /上海科技管理干部学院讲师张春羽带领学员们在上海科技馆进行了一次现场教学/);
      assert.match(texts(visits.items[2].blocks), /2020年10月20日下午，组织学员前往国家技术转移东部中心/);
      const captionsOf = (blocks: (typeof visits.items)[number]['blocks']) =>
        blocks.flatMap((x) => (x.type === 'photo' ? [b.photos.find((p) => p.id === x.photoId)?.caption] : []));
      assert.deepEqual(
        visits.items.map((i) => captionsOf(i.blocks)),
        SEED_ITEMS.map((title) => DEMO_PHOTOS[title].map((p) => p.caption)),
      );
      assert.deepEqual(
        ceremony.items.map((i) => i.heading),
        ['学员代表交流发言', '领导讲话'],
      );
      const speeches = ceremony.items[0].blocks.flatMap((x) => (x.type === 'speech' ? [x] : []));
      assert.deepEqual(
        speeches.map((s) => s.speaker),
        SPEAKERS,
      );
      assert.deepEqual(
        speeches.map((s) => s.role?.split('，')[0]),
        GROUPS.map((g) => `${g}学员代表`),
      );
      const leader = ceremony.items[1].blocks[0];
      assert.equal(leader.type === 'speech' && leader.speaker, '张庆杰');
      assert.match(texts(ceremony.intro), /结业式有学员代表交流发言、颁发结业证书、领导讲话等几个议程/);
    });

    test('the PDF has the running header on every page, the seed’s order, page numbers, and each caption right under its photo', async () => {
      const file = await services.bulletins.renderFile(bulletinId, 'pdf', true);
      assert.equal(file.contentType, 'application/pdf');
      const text = pdfText(file.data);
      const pages = text.split('\f').filter((p) => p.trim());
      assert.ok(pages.length >= 3);
      for (const [n, page] of pages.entries()) {
        assert.ok(page.includes(CLASS.title), `page ${n + 1} carries the running header`);
        assert.ok(page.replace(/\s+/g, '').includes(`第${n + 1}页/共${pages.length}页`), `page ${n + 1} is numbered`);
      }
      const flat = text.replace(/\s+/g, '');
      assertInOrder(
        flat,
        [
          '简报',
          '第1期',
          '【现场教学】',
          `1.${SEED_ITEMS[0]}`,
          '在上海微技术工业研究院参观学习',
          `2.${SEED_ITEMS[1]}`,
          `3.${SEED_ITEMS[2]}`,
          '【结业式】',
          '1.学员代表交流发言',
          ...SPEAKERS.flatMap((s, i) => [s, `${GROUPS[i]}学员代表`]),
          '2.领导讲话',
          '张庆杰',
        ],
        'pdftotext',
      );

      const { texts, images } = pdfBoxes(file.data);
      assert.equal(images.length, Object.values(DEMO_PHOTOS).flat().length, 'every demo photo is in the PDF');
      for (const { caption } of Object.values(DEMO_PHOTOS).flat()) {
        const box = texts.find((x) => x.text.replace(/\s+/g, '') === caption);
        assert.ok(box, `caption “${caption}” is on a line of its own`);
        const above = images.filter((im) => im.page === box.page && im.top + im.height <= box.top + 1);
        assert.ok(above.length, `an image is above “${caption}”`);
        const nearest = above.sort((a, b2) => b2.top + b2.height - (a.top + a.height))[0];
        const gap = box.top - (nearest.top + nearest.height);
        assert.ok(gap >= 0 && gap < 25, `“${caption}” sits right under its photo (gap ${gap})`);
        const centre = (x: { left: number; width: number }) => x.left + x.width / 2;
        assert.ok(Math.abs(centre(box) - centre(nearest)) < 12, `“${caption}” is centred under its photo`);
      }
    });

    test('the DOCX has the header, headings in the seed’s order, pictures with captions under them and the speeches', async () => {
      const file = await services.bulletins.renderFile(bulletinId, 'docx', true);
      assert.equal(file.contentType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const parts = await docxParts(file.data);
      const headers = await Promise.all(parts.filter((p) => /^word\/header\d*\.xml$/.test(p)).map((p) => docxPart(file.data, p)));
      assert.ok(
        headers.some((h) => h.includes(CLASS.title)),
        'the class title is the running header',
      );
      assert.equal(parts.filter((p) => p.startsWith('word/media/')).length, Object.values(DEMO_PHOTOS).flat().length);
      const paragraphs = docxParagraphs(await docxPart(file.data, 'word/document.xml'));
      assert.deepEqual(
        paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text),
        ['【现场教学】', '【结业式】'],
      );
      assert.deepEqual(
        paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text),
        [...SEED_ITEMS.map((s, i) => `${i + 1}. ${s}`), '1. 学员代表交流发言', '2. 领导讲话'],
      );
      for (const { caption } of Object.values(DEMO_PHOTOS).flat()) {
        const i = paragraphs.findIndex((p) => p.text === caption);
        assert.ok(i > 0 && paragraphs[i - 1].hasDrawing, `“${caption}” follows its picture`);
      }
      assertInOrder(
        paragraphs.map((p) => p.text).join('\n'),
        [...SPEAKERS.flatMap((s, i) => [s, `${GROUPS[i]}学员代表`]), '2. 领导讲话', '张庆杰'],
        'document.xml',
      );
    });

    test('saves make versions; a stale revision is refused; an earlier version can be restored', async () => {
      const actor = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      const b = await services.bulletins.get(bulletinId, true);
      const content: BulletinContent = structuredClone(b.content);
      content.sections[0].items.reverse();
      content.sections[0].items[0].heading = '改过的标题';
      const saved = await services.bulletins.save(actor, bulletinId, {
        revision: b.revision,
        title: b.title,
        issueNumber: 1,
        issueDate: b.issueDate,
        content,
        note: '调整顺序',
      });
      assert.equal(saved.revision, b.revision + 1);
      assert.equal(saved.content.sections[0].items[0].heading, '改过的标题');
      await assert.rejects(
        services.bulletins.save(actor, bulletinId, { revision: b.revision, title: b.title, issueNumber: 1, issueDate: b.issueDate, content, note: null }),
        code('bulletin.stale'),
      );
      const versions = await services.bulletins.versions(bulletinId);
      assert.deepEqual(
        versions.map((v) => [v.revision, v.event, v.note]),
        [
          [2, 'save', '调整顺序'],
          [1, 'draft', null],
        ],
      );
      assert.equal(versions[1].detail, '2020-10-12..2020-10-26');
      const restored = await services.bulletins.restore(actor, bulletinId, 1, saved.revision);
      assert.equal(restored.revision, 3);
      assert.deepEqual(
        restored.content.sections[0].items.map((i) => i.heading),
        SEED_ITEMS,
      );
      assert.equal((await services.bulletins.versions(bulletinId))[0].event, 'restore');
      // A photo of another class cannot be placed in this bulletin.
      const bad = structuredClone(restored.content);
      const at = bad.sections[0].items[0].blocks.push({ type: 'photo', photoId: 999_999, caption: null }) - 1;
      await assert.rejects(
        services.bulletins.save(actor, bulletinId, { revision: 3, title: b.title, issueNumber: 1, issueDate: b.issueDate, content: bad, note: null }),
        (e: unknown) => e instanceof AppError && e.fieldErrors[0]?.field === `content.sections.0.items.0.blocks.${at}.photoId`,
      );
      assert.equal((await services.bulletins.get(bulletinId, true)).revision, 3, 'nothing half-saved');
    });

    test('malicious HTML in any field is neutralised in the web page, the PDF and the DOCX', async () => {
      const actor = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      const wall = await services.photos.wall(classId);
      const photoId = wall.sessions[0].photos[0].id;
      const created = await services.bulletins.create(actor, classId, { issueNumber: 90, title: `恶意${HOSTILE}` });
      const content: BulletinContent = {
        organizer: `编印${HOSTILE}`,
        sections: [
          {
            title: `【栏目${HOSTILE}】`,
            intro: [{ type: 'text', html: `<p onclick="alert(3)">导语<b>加粗</b>${HOSTILE}</p><style>body{display:none}</style>` }],
            items: [
              {
                heading: `标题${HOSTILE}\u0001`,
                blocks: [
                  { type: 'text', html: `<p>正文<iframe src="https://evil.example"></iframe>${HOSTILE}</p><svg><script>alert(4)</script></svg>` },
                  { type: 'photo', photoId, caption: `说明${HOSTILE}` },
                  { type: 'speech', speaker: `讲者${HOSTILE}`, role: `职务${HOSTILE}`, summary: `<ul><li onmouseover="x">要点${HOSTILE}</li></ul>` },
                ],
              },
            ],
          },
        ],
      };
      const saved = await services.bulletins.save(actor, created.id, {
        revision: created.revision,
        title: created.title,
        issueNumber: 90,
        issueDate: '2020-10-26',
        content,
        note: null,
      });
      // Stored rich text is already reduced to the whitelist.
      const richFields = saved.content.sections.flatMap((sec) =>
        [...sec.intro, ...sec.items.flatMap((i) => i.blocks)].flatMap((x) => (x.type === 'text' ? [x.html] : x.type === 'speech' ? [x.summary] : [])),
      );
      assert.equal(richFields.length, 3);
      for (const html of richFields) assert.ok(!/<script|onerror|onclick|onmouseover|<iframe|<svg|<style|<img|<a |javascript:/i.test(html), `stored: ${html}`);

      // Web page: parse it as a browser would and look for anything active.
      const page = await services.bulletins.renderPage(created.id, true);
      const found: string[] = [];
      const walk = (node: any) => {
        if (node.tagName) {
          if (
            ['script', 'iframe', 'svg', 'object', 'embed', 'img'].includes(node.tagName) &&
            !(node.tagName === 'img' && node.attrs.some((a: any) => a.name === 'src' && a.value.startsWith('/api/v1/photos/')))
          )
            found.push(`<${node.tagName}>`);
          for (const a of node.attrs) {
            const url = ['href', 'src', 'action', 'formaction', 'srcset', 'background'].includes(a.name);
            if (/^on/i.test(a.name) || a.name === 'style' || (url && !/^\/(api\/v1\/photos|api\/v1\/bulletins)\//.test(a.value)))
              found.push(`${node.tagName}[${a.name}=${a.value}]`);
          }
        }
        for (const c of node.childNodes ?? []) walk(c);
      };
      walk(parseFragment(page));
      assert.deepEqual(found, [], 'no active content on the page');
      assert.ok(page.includes('标题&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'plain fields show the text, escaped');
      assert.ok(!page.includes('alert(3)') && !page.includes('alert(4)'), 'script-ish rich text is gone');
      assert.equal(page.match(/<style>/g)?.length, 1, 'only the page’s own style element');

      // PDF: the plain fields show as literal text; nothing from the rich text's scripts remains.
      const text = pdfText((await services.bulletins.renderFile(created.id, 'pdf', true)).data).replace(/\s+/g, '');
      assert.ok(text.includes('标题<script>alert("x")</script>'), 'a heading is printed as written, not interpreted');
      assert.ok(text.includes('导语加粗') && text.includes('正文') && text.includes('要点'));
      assert.ok(!text.includes('alert(3)') && !text.includes('alert(4)') && !text.includes('body{display:none}'));

      // DOCX: text only in w:t runs (escaped), no HTML, fields or hyperlinks smuggled in; LibreOffice-readable XML.
      const docx = (await services.bulletins.renderFile(created.id, 'docx', true)).data;
      const xml = await docxPart(docx, 'word/document.xml');
      assert.ok(!/<script|<img |<iframe|<svg/i.test(xml), 'no raw HTML elements in document.xml');
      assert.ok(!/w:hyperlink|w:fldSimple|w:instrText|w:altChunk/.test(xml), 'no hyperlinks, fields or embedded HTML');
      assert.ok(xml.includes('&lt;script&gt;'), 'the escaped text is there');
      assert.ok(!xml.includes('\u0001'), 'control characters are removed');
      const paragraphs = docxParagraphs(xml);
      assert.ok(
        paragraphs.some((p) => p.text === '导语加粗链接'),
        'the link text is kept as plain text',
      );
      assert.match(xml, /<w:r><w:rPr><w:b\/>(?:(?!<\/w:r>).)*<w:t[^>]*>加粗<\/w:t>/, 'the bold run is bold');
      assert.ok(!paragraphs.some((p) => /alert\((3|4)\)/.test(p.text)));
      await services.bulletins.remove(actor, created.id);
    });

    test('publishing locks the issue; its photos cannot be deleted; a new issue can be drafted', async () => {
      const actor = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      const b = await services.bulletins.get(bulletinId, true);
      const published = await services.bulletins.publish(actor, bulletinId, { revision: b.revision, makePublic: true });
      assert.equal(published.status, 'published');
      assert.equal(published.canEdit, false);
      assert.match(published.publicPath ?? '', /^\/b\/[A-Za-z0-9_-]{32}$/);
      await assert.rejects(
        services.bulletins.save(actor, bulletinId, {
          revision: published.revision,
          title: b.title,
          issueNumber: 1,
          issueDate: b.issueDate,
          content: b.content,
          note: null,
        }),
        code('bulletin.published'),
      );
      await assert.rejects(services.bulletins.restore(actor, bulletinId, 1, published.revision), code('bulletin.published'));
      await assert.rejects(services.bulletins.remove(actor, bulletinId), code('bulletin.published'));
      const photoId = b.photos[0].id;
      await assert.rejects(services.photos.remove(actor, photoId), code('photo.in_published_bulletin'));
      // Readers without write access see it now.
      assert.equal((await services.bulletins.list(classId, false)).length, 1);
      const highest = Math.max(...(await services.bulletins.list(classId, true)).map((x) => x.issueNumber));
      const next = await services.bulletins.create(actor, classId, { draft: { from: '2020-10-20', to: '2020-10-26', kinds: ['site_visit'] } });
      assert.equal(next.issueNumber, highest + 1, 'the next issue number');
      assert.deepEqual(
        next.content.sections.map((s) => [s.title, s.items.map((i) => i.heading)]),
        [['【现场教学】', [SEED_ITEMS[2]]]],
      );
      assert.deepEqual(
        (await services.bulletins.list(classId, false)).map((x) => x.issueNumber),
        [1],
        'drafts stay hidden from readers',
      );
      await assert.rejects(services.bulletins.create(actor, classId, { issueNumber: 1 }), code('bulletin.duplicate_issue'));
    });

    if (kind === 'sqlite') {
      test('the DOCX opens in LibreOffice with its headings, captions and pictures', async () => {
        const docx = (await services.bulletins.renderFile(bulletinId, 'docx', true)).data;
        const pdf = convertWithLibreOffice(docx, 'docx');
        const text = pdfText(pdf).replace(/\s+/g, '');
        assertInOrder(
          text,
          [
            '【现场教学】',
            `1.${SEED_ITEMS[0]}`,
            '在上海微技术工业研究院参观学习',
            `3.${SEED_ITEMS[2]}`,
            '【结业式】',
            '1.学员代表交流发言',
            ...SPEAKERS,
            '2.领导讲话',
          ],
          'LibreOffice',
        );
        assert.ok(text.includes(CLASS.title), 'the header is rendered');
        assert.ok(pdfBoxes(pdf).images.length >= Object.values(DEMO_PHOTOS).flat().length, 'the pictures are rendered');
      });
    }
  });
}
