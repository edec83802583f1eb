import { createPdf, heightOfMixed, writeMixed } from '../../documents/pdf';
import { qrPng } from '../../documents/qr';

// One printable sheet for the whole class: a card per trainee, eight to an A4 page, to cut apart
// and hand out. The big code signs the phone in; the small one is the badge the class teacher scans.
export type InvitationCard = { name: string; nameBo: string | null; groupName: string | null; url: string; badge: string };

const COLS = 2;
const ROWS = 4;

const INSTRUCTIONS_ZH = '用手机相机扫描左侧二维码，即可查看日程、签到、请假和学时，无需密码。请勿转给他人。';
/**
 * The instructions in Tibetan, printed under the Chinese for trainees from Tibet. MACHINE-DRAFTED
 * (written by an engineer, not a native translator), like src/web/trainee/i18n-bo.ts: listed in
 * INVITATION_BO_DRAFTED until a Tibetan speaker has reviewed and corrected it.
 */
export const INVITATION_BO = {
  instructions: 'ཁ་པར་གྱི་པར་ཆས་ཀྱིས་ QR ཨང་རྟགས་འདི་ཤིབ་ན་ལས་རིམ་ལྟ་བ། མིང་རྟགས་འགོད་པ། ཕྱིར་འགྲོ་ཞུ་བ། སློབ་ཚན་ལྟ་བ་བཅས་བྱེད་ཐུབ། གསང་ཨང་མི་དགོས། གཞན་ལ་མ་སྤྲོད།',
  /** Over the big code: "scan to sign in". */
  signIn: 'ཤིབ་ནས་ནང་འཛུལ།',
  /** Under the small code: "check-in badge". */
  badge: 'མིང་རྟགས་བྱང་བུ།',
} as const;
export const INVITATION_BO_DRAFTED: ReadonlyArray<keyof typeof INVITATION_BO> = ['instructions', 'signIn', 'badge'];

export async function renderInvitationSheet(input: { classTitle: string; cards: InvitationCard[]; issuedOn: string }): Promise<Buffer> {
  const margin = 36;
  const pdf = createPdf({
    margins: { top: 54, bottom: 40, left: margin, right: margin },
    title: `${input.classTitle} 学员邀请二维码`,
    runningHeader: `${input.classTitle} · 学员邀请二维码（${input.issuedOn} 签发）`,
    pageNumbers: true,
  });
  const { doc } = pdf;
  const top = doc.page.margins.top;
  const cardW = pdf.contentWidth / COLS;
  const cardH = (doc.page.height - top - doc.page.margins.bottom) / ROWS;
  // The code leaves room under it for the Tibetan instructions (112 pt is 4 cm, easy to scan).
  const qrSize = Math.min(112, cardH - 60);
  const badgeSize = 46;

  for (const [i, card] of input.cards.entries()) {
    const slot = i % (COLS * ROWS);
    if (i > 0 && slot === 0) doc.addPage();
    const x = margin + (slot % COLS) * cardW;
    const y = top + Math.floor(slot / COLS) * cardH;
    // Cut lines
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).strokeColor('#999999').rect(x, y, cardW, cardH).stroke().undash().restore();

    const pad = 10;
    doc.image(await qrPng(card.url, 360), x + pad, y + pad + 14, { width: qrSize, height: qrSize });
    // The small labels in the three languages of the sheet, on one line each.
    writeMixed(doc, `扫码登录 ${INVITATION_BO.signIn} Scan to sign in`, { x: x + pad, y: y + pad, width: qrSize + 40, fontSize: 6.5, color: '#555555' });

    const tx = x + pad * 2 + qrSize;
    const tw = cardW - qrSize - pad * 3;
    writeMixed(doc, card.name, { x: tx, y: y + pad + 4, width: tw, fontSize: 15, bold: true });
    if (card.nameBo) writeMixed(doc, card.nameBo, { x: tx, y: doc.y + 1, width: tw, fontSize: 11 });
    if (card.groupName) writeMixed(doc, card.groupName, { x: tx, y: doc.y + 2, width: tw, fontSize: 10, color: '#333333' });
    writeMixed(doc, INSTRUCTIONS_ZH, {
      x: tx,
      y: doc.y + 6,
      width: tw,
      fontSize: 7.5,
      color: '#333333',
      lineGap: 1,
    });
    writeMixed(doc, card.url, { x: tx, y: doc.y + 3, width: tw - badgeSize - 4, fontSize: 5.5, color: '#777777' });

    const textBottom = doc.y;
    const bx = x + cardW - pad - badgeSize;
    const by = y + cardH - pad - badgeSize - 12;
    // Under the code (and the link), left of the badge: the same instructions in Tibetan, in the
    // largest size that stays inside the card (a long link pushes them down).
    const boY = Math.max(y + pad + 14 + qrSize + 4, textBottom + 3);
    const boWidth = bx - 8 - (x + pad);
    const room = y + cardH - 3 - boY;
    const boSize = [6.5, 6, 5.5, 5].find((size) => heightOfMixed(doc, INVITATION_BO.instructions, { width: boWidth, fontSize: size }) <= room) ?? 5;
    writeMixed(doc, INVITATION_BO.instructions, { x: x + pad, y: boY, width: boWidth, fontSize: boSize, color: '#333333' });
    doc.image(await qrPng(card.badge, 200), bx, by, { width: badgeSize, height: badgeSize });
    const label = { x: bx - 12, width: badgeSize + 24, fontSize: 6, align: 'center' as const, color: '#555555' };
    writeMixed(doc, '签到胸卡 Badge', { ...label, y: by + badgeSize + 1 });
    writeMixed(doc, INVITATION_BO.badge, { ...label, y: doc.y });
  }
  if (!input.cards.length) writeMixed(doc, '没有需要发放邀请的学员。No trainees to invite.', { fontSize: 12 });
  return pdf.toBuffer();
}
