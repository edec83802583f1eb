import type { Generated } from 'kysely';

// The bulletins module's tables (migration 2026-11-26T0500-bulletins.ts).
declare module '../../db/schema' {
  interface DB {
    bulletins: {
      id: Generated<number>;
      class_id: number;
      issue_number: number;
      title: string;
      issue_date: string;
      status: 'draft' | 'published';
      /** BulletinContent as JSON, rich text already sanitised. */
      content_json: string;
      revision: number;
      public_token: string | null;
      published_at: string | null;
      published_by: number | null;
      created_by: number | null;
      created_at: string;
      updated_at: string;
    };
    bulletin_versions: {
      id: Generated<number>;
      bulletin_id: number;
      revision: number;
      title: string;
      issue_date: string;
      content_json: string;
      /** What made this version: created empty, drafted from the record, saved, restored. */
      event: 'create' | 'draft' | 'save' | 'restore';
      /** draft: "from..to"; restore: the revision restored. */
      detail: string | null;
      note: string | null;
      saved_by: number | null;
      saved_at: string;
    };
  }
}
