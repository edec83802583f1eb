// Tables of the handbook module (学员手册, #19).
declare module '../../db/schema' {
  interface DB {
    handbook_texts: {
      scope_type: 'institution' | 'class';
      scope_id: number;
      welcome: string | null;
      rules: string | null;
      /** JSON: [{ userId, phone }]. */
      staff_phones: string | null;
      updated_at: string;
      updated_by: number | null;
    };
  }
}

export {};
