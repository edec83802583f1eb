import type { Generated } from 'kysely';

// The logo and seal of an institution (see the migration 2026-12-01T1050-institution-settings.ts);
// the bytes live in file storage under `storage_key`.
declare module '../../db/schema' {
  interface DB {
    institution_images: {
      id: Generated<number>;
      institution_id: number;
      kind: 'logo' | 'seal';
      storage_key: string;
      content_type: string;
      width: number;
      height: number;
      bytes: number;
      uploaded_at: string;
      uploaded_by: number | null;
    };
  }
}
