import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { officeToday } from '@/lib/office-date';
import { OrgPage } from './org-page';

const DINAS = '00000000-0000-4000-8000-000000000001';
const UMUM = '00000000-0000-4000-8000-000000000002';
const SEKRETARIAT = '00000000-0000-4000-8000-000000000003';
const KADIS = '00000000-0000-4000-8000-0000000000a1';
const KASUBBAG = '00000000-0000-4000-8000-0000000000a2';
const NOOR = '00000000-0000-4000-8000-0000000000b1';
const DEWI = '00000000-0000-4000-8000-0000000000b2';
const HOLDER = '00000000-0000-4000-8000-0000000000c1';

const unit = (id: string, code: string, name: string, kind: string, parent: string | null) => ({
  id,
  code,
  name,
  kind,
  parent_id: parent,
  active: true,
  note: '',
  origin: 'file',
  source: 'org.yaml:1',
});

const position = (id: string, code: string, title: string, kind: string, unitId: string) => ({
  id,
  code,
  title,
  kind,
  unit_id: unitId,
  supervisor_id: kind === 'kepala_dinas' ? null : KADIS,
  active: true,
  note: '',
  origin: 'file',
  source: 'org.yaml:1',
});

const units = [
  unit(DINAS, 'dinas', 'Dinas Perindagkop', 'dinas', null),
  unit(SEKRETARIAT, 'sekretariat', 'Sekretariat', 'sekretariat', DINAS),
  unit(UMUM, 'sub-bagian-umum', 'Sub Bagian Umum', 'sub_bagian', SEKRETARIAT),
];
const positions = [
  position(KADIS, 'kepala-dinas', 'Kepala Dinas', 'kepala_dinas', DINAS),
  position(KASUBBAG, 'kasubbag-umum', 'Kepala Sub Bagian Umum', 'kasubbag', UMUM),
];
const noor = {
  id: HOLDER,
  position_id: KASUBBAG,
  user_id: NOOR,
  user_name: 'Noor Aisyah',
  user_nip: '198010052005012011',
  kind: 'definitive',
  source: 'sync',
  starts_on: null,
  ends_on: null,
};
const users = [
  {
    id: DEWI,
    name: 'Dewi Anggraini',
    nip: '199003272014032005',
    email: 'dewi@example.test',
    active: true,
    roles: [],
    granted_roles: [],
  },
];

type Api = { holders?: unknown[]; addStatus?: number; addBody?: unknown };

/** The org API with one office; POST/DELETE answer as configured. */
function mockOrgApi({ holders = [noor], addStatus = 201, addBody }: Api = {}) {
  return mockFetch((request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/org/units') return jsonResponse({ items: units, total: 3, limit: 200, offset: 0 });
    if (pathname === '/api/org/positions') return jsonResponse({ items: positions, total: 2, limit: 200, offset: 0 });
    if (pathname === '/api/users') return jsonResponse({ items: users, total: 1, limit: 20, offset: 0 });
    if (pathname.endsWith('/holders') && request.method === 'GET') {
      return jsonResponse(pathname.includes(KASUBBAG) ? holders : []);
    }
    if (pathname.endsWith('/holders') && request.method === 'POST') {
      return jsonResponse(addBody ?? { ...noor, id: 'new' }, addStatus);
    }
    if (request.method === 'DELETE') return new Response(null, { status: 204 });
    if (request.method === 'PATCH') return jsonResponse(units[2]);
    return jsonResponse({ detail: 'Not Found' }, 404);
  });
}

async function openUmum() {
  renderWithProviders(<OrgPage isAdmin timeZone="Asia/Makassar" />, { route: '/admin/organisasi?unit=sub-bagian-umum' });
  return screen.findByRole('article', { name: 'Kepala Sub Bagian Umum' });
}

async function openForm(card: HTMLElement) {
  await userEvent.click(within(card).getByRole('button', { name: /^Tambah pemegang/ }));
  return within(card).getByRole('form', { name: 'Tambah pemegang jabatan Kepala Sub Bagian Umum' });
}

describe('OrgPage', () => {
  it('tells people who are not tenant admins so, without calling the API', () => {
    const fetchMock = mockFetch(() => jsonResponse({}, 500));
    renderWithProviders(<OrgPage isAdmin={false} timeZone="Asia/Makassar" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Halaman ini hanya untuk admin instansi');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the unit tree, the selected unit’s positions and their holders', async () => {
    mockOrgApi();
    const card = await openUmum();
    const tree = screen.getByRole('tree', { name: 'Unit kerja' });
    const items = within(tree).getAllByRole('treeitem');
    expect(items.map((i) => i.getAttribute('data-unit'))).toEqual(['dinas', 'sekretariat', 'sub-bagian-umum']);
    expect(within(tree).getByRole('treeitem', { selected: true })).toHaveAttribute('data-unit', 'sub-bagian-umum');
    expect(screen.getByRole('heading', { level: 2, name: 'Sub Bagian Umum' })).toBeInTheDocument();
    expect(card.querySelector('.org-position-meta')).toHaveTextContent(
      'Kepala Sub Bagian · Kode kasubbag-umum · atasan: Kepala Dinas',
    );
    const holder = await within(card).findByRole('listitem');
    expect(holder).toHaveTextContent('Noor Aisyah');
    expect(holder).toHaveTextContent('NIP 198010052005012011');
    expect(holder).toHaveTextContent('Definitif');
    expect(holder).toHaveTextContent('Menjabat');
  });

  it('moves through the tree with the arrow keys and selects with Enter', async () => {
    mockOrgApi();
    renderWithProviders(<OrgPage isAdmin timeZone="Asia/Makassar" />, { route: '/admin/organisasi' });
    const tree = await screen.findByRole('tree', { name: 'Unit kerja' });
    const dinas = within(tree).getByRole('treeitem', { selected: true });
    expect(dinas).toHaveAttribute('data-unit', 'dinas');
    expect(dinas).toHaveAttribute('tabindex', '0');
    dinas.focus();
    await userEvent.keyboard('{ArrowDown}');
    const sekretariat = within(tree).getByRole('treeitem', { name: /^Sekretariat Sekretariat · \d+ jabatan$/ });
    expect(sekretariat).toHaveFocus();
    expect(sekretariat).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{ArrowRight}');
    expect(sekretariat).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{ArrowRight}{Enter}');
    expect(await screen.findByRole('heading', { level: 2, name: 'Sub Bagian Umum' })).toBeInTheDocument();
  });

  it('refuses an end date before the start date, with the message, and sends nothing', async () => {
    const fetchMock = mockOrgApi();
    const form = await openForm(await openUmum());
    await userEvent.selectOptions(
      await within(form).findByRole('combobox', { name: 'Pegawai' }),
      'Dewi Anggraini — 199003272014032005',
    );
    await userEvent.click(within(form).getByRole('radio', { name: 'Plt' }));
    await userEvent.type(within(form).getByLabelText('Tanggal mulai'), '2026-03-10');
    await userEvent.type(within(form).getByLabelText('Tanggal selesai'), '2026-03-01');
    await userEvent.click(within(form).getByRole('button', { name: 'Simpan pemegang jabatan' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Tanggal selesai tidak boleh sebelum tanggal mulai.',
    );
    expect(within(form).getByLabelText('Tanggal selesai')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Tanggal selesai')).toHaveFocus();
    expect(requestsOf(fetchMock).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('asks for a user first', async () => {
    const fetchMock = mockOrgApi();
    const form = await openForm(await openUmum());
    await userEvent.click(within(form).getByRole('radio', { name: 'Definitif' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Simpan pemegang jabatan' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Pilih pegawai terlebih dahulu.');
    expect(requestsOf(fetchMock).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('appoints a Plt with dates and closes the form', async () => {
    const dewi = { ...noor, id: 'new', user_id: DEWI, user_name: 'Dewi Anggraini', kind: 'plt' };
    const fetchMock = mockOrgApi({ addBody: dewi });
    const card = await openUmum();
    const form = await openForm(card);
    await userEvent.selectOptions(
      await within(form).findByRole('combobox', { name: 'Pegawai' }),
      'Dewi Anggraini — 199003272014032005',
    );
    await userEvent.type(within(form).getByLabelText('Tanggal mulai'), '2026-03-01');
    await userEvent.type(within(form).getByLabelText('Tanggal selesai'), '2026-03-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Simpan pemegang jabatan' }));
    expect(await within(card).findByRole('button', { name: /^Tambah pemegang/ })).toHaveFocus();
    expect(within(card).getByRole('status')).toHaveTextContent('Dewi Anggraini ditambahkan sebagai Plt.');
    const post = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(post?.url).toContain(`/api/org/positions/${KASUBBAG}/holders`);
    expect(await post?.json()).toEqual({
      user_id: DEWI,
      kind: 'plt',
      starts_on: '2026-03-01',
      ends_on: '2026-03-31',
    });
  });

  it('shows the API’s refusal in its own words', async () => {
    mockOrgApi({
      addStatus: 409,
      addBody: { status_code: 409, detail: 'sudah ada Plt/Plh pada rentang tanggal ini' },
    });
    const form = await openForm(await openUmum());
    await userEvent.selectOptions(
      await within(form).findByRole('combobox', { name: 'Pegawai' }),
      'Dewi Anggraini — 199003272014032005',
    );
    await userEvent.type(within(form).getByLabelText('Tanggal mulai'), '2026-03-01');
    await userEvent.type(within(form).getByLabelText('Tanggal selesai'), '2026-03-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Simpan pemegang jabatan' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Ditolak: sudah ada Plt/Plh pada rentang tanggal ini',
    );
  });

  it('ends a current holder on a chosen last day, keeping the record, after confirming', async () => {
    const fetchMock = mockOrgApi();
    const card = await openUmum();
    await userEvent.click(await within(card).findByRole('button', { name: 'Akhiri Definitif Noor Aisyah' }));
    const confirm = within(card).getByRole('group', { name: /^Akhiri Definitif Noor Aisyah/ });
    expect(within(confirm).getByRole('button', { name: 'Batal' })).toHaveFocus();
    const lastDay = within(confirm).getByLabelText('Hari terakhir menjabat');
    expect(lastDay).toHaveValue(officeToday(new Date(), 'Asia/Makassar'));
    await userEvent.click(within(confirm).getByRole('button', { name: 'Batal' }));
    expect(within(card).queryByRole('group')).toBeNull();
    expect(requestsOf(fetchMock).filter((r) => r.method !== 'GET')).toEqual([]);

    await userEvent.click(within(card).getByRole('button', { name: 'Akhiri Definitif Noor Aisyah' }));
    const again = within(card).getByRole('group', { name: /^Akhiri Definitif Noor Aisyah/ });
    await userEvent.clear(within(again).getByLabelText('Hari terakhir menjabat'));
    await userEvent.type(within(again).getByLabelText('Hari terakhir menjabat'), '2026-11-30');
    await userEvent.click(within(again).getByRole('button', { name: 'Ya, akhiri' }));
    await waitFor(() => {
      expect(requestsOf(fetchMock).some((r) => r.method === 'PATCH')).toBe(true);
    });
    const [patched] = requestsOf(fetchMock).filter((r) => r.method === 'PATCH');
    expect(new URL(patched?.url ?? '').pathname).toBe(`/api/org/holders/${HOLDER}`);
    expect(await patched?.json()).toEqual({ ends_on: '2026-11-30' });
    expect(requestsOf(fetchMock).filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('removes the record of an ended appointment only after confirming', async () => {
    const fetchMock = mockOrgApi({
      holders: [{ ...noor, kind: 'plt', starts_on: '2020-01-01', ends_on: '2020-02-01' }],
    });
    const card = await openUmum();
    await userEvent.click(
      await within(card).findByRole('button', { name: 'Hapus catatan Plt Noor Aisyah' }),
    );
    expect(within(card).queryByLabelText('Hari terakhir menjabat')).toBeNull();
    await userEvent.click(within(card).getByRole('button', { name: 'Ya, hapus catatan' }));
    await waitFor(() => {
      expect(within(card).getByRole('button', { name: /^Tambah pemegang/ })).toHaveFocus();
    });
    const deleted = requestsOf(fetchMock).filter((r) => r.method === 'DELETE');
    expect(deleted.map((r) => new URL(r.url).pathname)).toEqual([`/api/org/holders/${HOLDER}`]);
  });

  it('says so when a position has nobody', async () => {
    mockOrgApi({ holders: [] });
    const card = await openUmum();
    expect(await within(card).findByText('Jabatan ini belum ada pemegangnya')).toBeInTheDocument();
  });

  it('shows an error with a retry when the structure cannot be loaded', async () => {
    mockFetch(() => jsonResponse({ detail: 'boom' }, 500));
    renderWithProviders(<OrgPage isAdmin timeZone="Asia/Makassar" />);
    expect(await screen.findByText('Struktur organisasi tidak dapat dimuat.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Coba lagi' })).toBeInTheDocument();
  });

  it('checks a new position’s code before sending it, and renames a unit', async () => {
    const fetchMock = mockOrgApi();
    await openUmum();
    await userEvent.click(screen.getByRole('button', { name: 'Tambah jabatan' }));
    const create = screen.getByRole('form', { name: 'Jabatan baru di Sub Bagian Umum' });
    await userEvent.type(within(create).getByLabelText('Nama jabatan'), 'Analis Kepegawaian');
    await userEvent.type(within(create).getByLabelText('Kode'), 'Analis Kepeg');
    await userEvent.click(within(create).getByRole('button', { name: 'Tambah jabatan' }));
    const alerts = within(create).getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'Kode hanya boleh huruf kecil, angka dan tanda hubung, diawali huruf atau angka.',
      'Pilih atasan jabatan ini.',
    ]);
    await userEvent.click(within(create).getByRole('button', { name: 'Batal' }));

    await userEvent.click(screen.getByRole('button', { name: 'Ubah nama Sub Bagian Umum' }));
    const name = screen.getByLabelText('Nama unit baru');
    await userEvent.clear(name);
    await userEvent.type(name, 'Sub Bagian Umum dan Kepegawaian');
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await waitFor(() => {
      expect(screen.queryByLabelText('Nama unit baru')).toBeNull();
    });
    const sent = requestsOf(fetchMock).filter((r) => r.method !== 'GET');
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`PATCH /api/org/units/${UMUM}`]);
    expect(await sent[0]?.json()).toEqual({ name: 'Sub Bagian Umum dan Kepegawaian' });
  });

  it('speaks English when asked', async () => {
    mockOrgApi();
    renderWithProviders(<OrgPage isAdmin timeZone="Asia/Makassar" />, { route: '/admin/organisasi', language: 'en' });
    expect(await screen.findByRole('tree', { name: 'Units' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Org structure' })).toBeInTheDocument();
  });
});
