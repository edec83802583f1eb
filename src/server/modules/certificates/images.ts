import sharp from 'sharp';
import type { InstitutionService } from '../classes/institution-service';
import type { FaceImage, FaceImages } from './document';

// The institution's logo and seal for its certificates (uploaded by the admin, classes module).
// Uploads may be 2000 px; printed, the seal is about 4 cm and the logo 1.5 cm tall, so they are
// scaled down once per render (a batch embeds the seal in every file: it must stay small).
// PNG keeps the seal's transparency, so the text under it shows through as under a stamped seal.

const PRINT_PX = 480;

async function printable(image: { data: Buffer; width: number | null; height: number | null } | null): Promise<FaceImage | undefined> {
  if (!image) return undefined;
  const { data, info } = await sharp(image.data)
    .resize({ width: PRINT_PX, height: PRINT_PX, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function makeFaceImages(institutions: Pick<InstitutionService, 'documentImage'> | undefined) {
  /** The logo and seal of an institution as they go on a certificate; none when not uploaded. */
  return async function imagesOf(institutionId: number): Promise<FaceImages> {
    if (!institutions) return {};
    const [logo, seal] = await Promise.all([institutions.documentImage(institutionId, 'logo'), institutions.documentImage(institutionId, 'seal')]);
    const [logoImage, sealImage] = await Promise.all([printable(logo), printable(seal)]);
    return { ...(logoImage && { logo: logoImage }), ...(sealImage && { seal: sealImage }) };
  };
}
export type FaceImagesOf = ReturnType<typeof makeFaceImages>;
