import { readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

// The OB 3.0 credential schema of the tests (written from the specification; see the file's
// description), compiled once. Every issued credential's payload is checked against it.
const schema = JSON.parse(readFileSync(new URL('./ob-v3p0-credential.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2019({ allErrors: true, strict: true, strictTuples: false, strictRequired: false, strictTypes: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about a payload, as readable lines; empty when it conforms. */
export function ob3Problems(payload: unknown): string[] {
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
