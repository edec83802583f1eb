import type { Generated } from 'kysely';

// The photos module's table, declared here rather than in db/schema.ts (see the migration
// 2026-11-26T0500-photos.ts).
declare module '../../db/schema' {
  interface DB {
    photos: {
      id: Generated<number>;
      class_id: number;
      session_id: number | null;
      position: number;
      caption: string | null;
      taken_at: string | null;
      width: number;
      height: number;
      source_format: string;
      source_bytes: number;
      original_name: string | null;
      storage_key: string;
      /** {"thumb":"thumb.webp","display":"display.jpg",…}: file name of each stored copy under storage_key. */
      variants_json: string;
      uploaded_by: number | null;
      created_at: string;
      updated_at: string;
    };
  }
}
