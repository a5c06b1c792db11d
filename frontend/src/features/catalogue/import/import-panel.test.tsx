import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { BookImportResult, SopPage } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { sampleSop } from '../editor/sample-document';
import { ImportPanel } from './import-panel';

// What POST /api/catalogue/import-book answered for the Kaltim Bidang Industri book
// (tenants/kaltim/books/000_20d4938a30053410.txt) imported under another name, shortened.
const RESULT: BookImportResult = {
  created: ['uji-01', 'uji-07'],
  skipped_existing: ['uji-09'],
  book_warnings: ['Daftar isi memuat 11 SOP; isi buku memuat 10.'],
  sop_warnings: {
    'uji-01': [
      '8 dari 8 langkah tidak memiliki pelaksana yang terbaca maupun tersimpulkan (tanda bagan alir hilang); tetapkan pelaksananya.',
    ],
    'uji-07': [
      "Judul di daftar isi ('FASILITAS PENGUMPULAN, PENGOLAHAN, DAN ANALISA DATA INDUSTRI/KAWASAN INDUSTRI') berbeda dengan judul di isi ('Fasilitasi Pengumpulan, Pengolahan dan Analisa Data Industri / Kawasan Industri'); judul dari isi yang dipakai.",
      'Nomor langkah melompat dari 2 ke 4.',
    ],
    'uji-09': ['Nomor langkah 5 muncul lebih dari sekali; langkah diurutkan menurut baris.'],
  },
};

const summary = (key: string, id: string, title: string) => ({
  id, key, title, unit_code: 'bidang-industri', latest_version: 1, latest_status: 'draft',
  published_version: null, content: 'complete', warnings: 1, steps: 8,
});

const INDEX: SopPage = {
  total: 3, limit: 200, offset: 0,
  items: [
    summary('uji-01', 'id-01', 'Verifikasi Teknis Perizinan Berusaha'),
    summary('uji-07', 'id-07', 'Fasilitasi Pengumpulan Data'),
    summary('uji-09', 'id-09', 'Fasilitasi Pameran Promosi'),
  ],
};

function open() {
  fireEvent.click(screen.getByRole('button', { name: 'Impor buku SOP' }));
}

describe('ImportPanel', () => {
  it('uploads a book and reviews what it created, skipped and warned about', async () => {
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/catalogue/import-book') return jsonResponse(RESULT, 201);
      if (pathname === '/api/catalogue/sops') return jsonResponse(INDEX);
      return jsonResponse(sampleSop([{ id: 'v1', number: 1, status: 'draft' }]));
    });
    renderWithProviders(<ImportPanel />, { route: '/katalog' });
    open();

    fireEvent.click(screen.getByRole('button', { name: 'Impor buku' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Pilih berkas terlebih dahulu.');

    const book = new File(['DAFTAR SOP\n- 1 VERIFIKASI TEKNIS\n'], 'uji_000.txt', {
      type: 'text/plain',
    });
    fireEvent.change(screen.getByLabelText('Berkas teks buku SOP'), { target: { files: [book] } });
    fireEvent.click(screen.getByRole('button', { name: 'Impor buku' }));

    const review = await screen.findByRole('region', { name: 'Hasil impor uji_000.txt' });
    expect(within(review).getByText(/2 SOP baru sebagai draf, 1 sudah ada dan dilewati, 4 catatan/))
      .toBeInTheDocument();
    expect(within(review).getByText('Daftar isi memuat 11 SOP; isi buku memuat 10.')).toBeInTheDocument();
    const created = await within(review).findByRole('link', {
      name: 'uji-01 — Verifikasi Teknis Perizinan Berusaha',
    });
    expect(created).toHaveAttribute('href', '/katalog/id-01');
    const assign = within(review).getByRole('link', { name: 'Tetapkan pelaksana di penyunting langkah' });
    expect(assign).toHaveAttribute('href', '/katalog/id-01#penyunting-langkah');
    expect(within(review).getByText('Nomor langkah melompat dari 2 ke 4.')).toBeInTheDocument();
    expect(within(review).getByRole('link', { name: /uji-09/ })).toHaveAttribute('href', '/katalog/id-09');
    expect(within(review).getByText('1 catatan dari buku (tidak disimpan)')).toBeInTheDocument();

    // The performers the importer mapped, or could not, load when asked for.
    const [details] = within(review).getAllByText('Pelaksana menurut impor');
    if (details) fireEvent.click(details);
    expect(await within(review).findByText('tidak ditemukan di struktur organisasi')).toBeInTheDocument();
    expect(within(review).getByText('jabatan pengelola')).toBeInTheDocument();
    expect(within(review).getByText('1 dari 4 langkah belum punya pelaksana.')).toBeInTheDocument();

    const upload = requestsOf(fetchMock).find((r) => r.url.includes('/import-book'));
    expect(upload?.method).toBe('POST');
    expect(new URL(upload?.url ?? '').searchParams.get('name')).toBe('uji_000.txt');
    expect(await upload?.text()).toBe('DAFTAR SOP\n- 1 VERIFIKASI TEKNIS\n');
  });

  it('shows the API’s reason when it refuses the book', async () => {
    mockFetch(() => jsonResponse({ detail: 'berkas harus teks UTF-8', status_code: 400 }, 400));
    renderWithProviders(<ImportPanel />, { route: '/katalog' });
    open();
    const book = new File([new Uint8Array([0xff, 0xfe])], 'buku.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByLabelText('Berkas teks buku SOP'), { target: { files: [book] } });
    fireEvent.click(screen.getByRole('button', { name: 'Impor buku' }));
    expect(await screen.findByText('Impor gagal: berkas harus teks UTF-8')).toHaveAttribute(
      'role',
      'alert',
    );
  });

  it('imports one exported SOP document as a draft', async () => {
    mockFetch(() =>
      jsonResponse({ ...sampleSop([{ id: 'v3', number: 3, status: 'draft' }]).versions[0] }, 201),
    );
    renderWithProviders(<ImportPanel />, { route: '/katalog' });
    open();
    const doc = new File(['sop_id: 004-11\n'], '004-11.yaml', { type: 'application/yaml' });
    fireEvent.change(screen.getByLabelText('Berkas dokumen SOP'), { target: { files: [doc] } });
    fireEvent.click(screen.getByRole('button', { name: 'Impor dokumen' }));
    expect(await screen.findByText(/Draf versi 3 dibuat/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Lihat SOP' })).toHaveAttribute('href', '/katalog/sop-1');
  });
});
