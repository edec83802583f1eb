import QRCode from 'qrcode';

// Level M survives a smudged printout (15% damage) while keeping check-in URLs at a scannable density.
const OPTIONS = { margin: 2, errorCorrectionLevel: 'M' } as const;

/** QR code as a PNG, size pixels square (quiet zone included). */
export function qrPng(text: string, size = 256): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: size });
}

/** QR code as a standalone SVG document, scalable for print. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}

/** The QR code's modules row by row (true = dark, quiet zone not included), for drawing as vector shapes. */
export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c++) row.push(Boolean(modules.get(r, c)));
    rows.push(row);
  }
  return rows;
}
