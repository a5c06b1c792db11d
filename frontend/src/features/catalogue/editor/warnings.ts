/** The importer's warnings (document.warnings), each placed beside what it concerns: a step
 * ("Langkah 3: …", "Langkah 3 (baris 120): …"), a performer column ("Kolom pelaksana 'Kasi':
 * …"), the owning unit, the identity block or the sections; the rest stay in one list. */

import { stepLabel } from './document';
import type { SopDocument } from './document';

export interface PlacedWarnings {
  /** By step position. */
  steps: Map<number, string[]>;
  /** By performer column key. */
  columns: Map<string, string[]>;
  unit: string[];
  identity: string[];
  sections: string[];
  general: string[];
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

const STEP_RE = /^langkah\s+([^\s:(]+)\s*(?:\([^)]*\))?\s*:/i;
const COLUMN_RE = /kolom pelaksana\s+['‘"]([^'’"]+)['’"]/i;
const UNIT_RE = /unit pemilik/i;
const IDENTITY_RE = /blok identitas|judul sop|judul di daftar isi|nomor sop|pengesahan/i;
const SECTION_RE =
  /judul bagian|bagian sop|dasar hukum|kualifikasi|keterkaitan|peralatan|peringatan|pencatatan|butir daftar/i;

function push<K>(map: Map<K, string[]>, key: K, warning: string) {
  map.set(key, [...(map.get(key) ?? []), warning]);
}

export function placeWarnings(doc: Pick<SopDocument, 'warnings' | 'steps' | 'performers'>) {
  const placed: PlacedWarnings = {
    steps: new Map(),
    columns: new Map(),
    unit: [],
    identity: [],
    sections: [],
    general: [],
  };
  // The labels the book gave its steps (the warnings name them so), then positions.
  const byLabel = new Map<string, number>();
  for (const step of doc.steps) {
    const label = fold(stepLabel(step)).replace(/\.$/, '');
    if (!byLabel.has(label)) byLabel.set(label, step.position);
  }
  for (const step of doc.steps) {
    if (!byLabel.has(String(step.position))) byLabel.set(String(step.position), step.position);
  }
  const columns = new Map(doc.performers.map((c) => [fold(c.header), c.key]));
  for (const warning of doc.warnings) {
    const step = STEP_RE.exec(warning)?.[1];
    const position = step === undefined ? undefined : byLabel.get(fold(step).replace(/\.$/, ''));
    const column = COLUMN_RE.exec(warning)?.[1];
    const key = column === undefined ? undefined : columns.get(fold(column));
    if (position !== undefined) push(placed.steps, position, warning);
    else if (key !== undefined) push(placed.columns, key, warning);
    else if (UNIT_RE.test(warning)) placed.unit.push(warning);
    else if (IDENTITY_RE.test(warning)) placed.identity.push(warning);
    else if (SECTION_RE.test(warning)) placed.sections.push(warning);
    else placed.general.push(warning);
  }
  return placed;
}
