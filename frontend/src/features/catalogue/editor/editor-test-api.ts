/** A fake API for the editor's tests: the office's org, suggestions, and whatever each test
 * answers for the draft's own routes. */

import type { PositionOut, UnitOut } from '@/api/generated';
import { jsonResponse, mockFetch } from '@/testing/fetch-mock';

const unit = (id: string, code: string, name: string, kind: string, parent: string | null): UnitOut => ({
  id,
  code,
  name,
  kind,
  parent_id: parent,
  active: true,
  note: '',
  origin: 'seed',
  source: '',
});

const position = (id: string, code: string, title: string, kind: string, unitId: string): PositionOut => ({
  id,
  code,
  title,
  kind,
  unit_id: unitId,
  active: true,
  note: '',
  origin: 'seed',
  source: '',
  supervisor_id: null,
});

export const UNITS: UnitOut[] = [
  unit('u2', 'sekretariat', 'Sekretariat', 'sekretariat', 'u1'),
  unit('u1', 'dinas', 'Dinas Pendidikan', 'dinas', null),
  unit('u3', 'sub-bagian-umum', 'Sub Bagian Umum', 'sub_bagian', 'u2'),
  unit('u4', 'bidang-a', 'Bidang Anggaran', 'bidang', 'u1'),
];

export const POSITIONS: PositionOut[] = [
  position('p1', 'pengelola', 'Pengelola Kepegawaian', 'staf', 'u3'),
  position('p2', 'kasubbag-umum', 'Kepala Sub Bagian Umum', 'kasubbag', 'u3'),
  position('p3', 'kabid-a', 'Kepala Bidang Anggaran', 'kabid', 'u4'),
];

const page = (items: readonly unknown[]) => jsonResponse({ items, total: items.length, limit: 200, offset: 0 });

type Route = (request: Request) => Response | Promise<Response | undefined> | undefined;

/** The org, an empty suggestion list and an office without pengesahan, unless `route`
 * answers first. */
export function mockEditorApi(route: Route = () => undefined) {
  return mockFetch(async (request) => {
    const answer = await route(request);
    if (answer) return answer;
    const { pathname } = new URL(request.url);
    if (pathname === '/api/org/units') return page(UNITS);
    if (pathname === '/api/org/positions') return page(POSITIONS);
    if (pathname.endsWith('/suggestions')) {
      return jsonResponse({ version_id: 'v1', document_hash: 'h', suggestions: [], columns: [] });
    }
    // An office that publishes directly, unless a test answers otherwise.
    if (pathname === '/api/catalogue/approvals') {
      return jsonResponse({ required: false, can_approve: false, items: [] });
    }
    return jsonResponse({ detail: 'Not Found', status_code: 404 }, 404);
  });
}

/** The requests that change something (not the GETs of the org and suggestions). */
export const writes = (requests: Request[]) => requests.filter((r) => r.method !== 'GET');
