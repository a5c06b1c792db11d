import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import type { SopDocument } from './document';
import { DraftEditor } from './draft-editor';
import { sampleSop } from './sample-document';

describe('DraftEditor', () => {
  it('edits waktu, output and kelengkapan, saves the whole document, and shows the server’s findings', async () => {
    const sop = sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname.endsWith('/validate')) {
        return jsonResponse({
          version_id: 'v1',
          valid: false,
          problems: [{ field: 'steps[1].performer', reason: 'langkah 2 belum punya pelaksana' }],
        });
      }
      return jsonResponse(sop.versions[0]);
    });
    renderWithProviders(<DraftEditor sop={sop} />);

    const publish = screen.getByRole('button', { name: 'Terbitkan' });
    expect(publish).toBeDisabled();
    expect(screen.getByText('Langkah 2 belum punya pelaksana')).toBeInTheDocument();

    const waktu = screen.getByLabelText('Waktu langkah 2');
    expect(waktu).toHaveValue('1 Jam');
    fireEvent.change(waktu, { target: { value: '1-2 hari' } });
    expect(waktu).toHaveAccessibleDescription('Terbaca: 1–2 hari kerja');
    fireEvent.change(screen.getByLabelText('Output langkah 2'), { target: { value: 'Berkas SK' } });
    fireEvent.change(screen.getByLabelText('Kelengkapan langkah 2'), {
      target: { value: 'Daftar gaji' },
    });
    // A bare number from a "WAKTU (menit)" column keeps the unit the book's header gave it.
    expect(screen.getByLabelText('Waktu langkah 3')).toHaveAccessibleDescription(
      'Terbaca: 15 menit',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Validasi' }));
    expect(await screen.findByText('Langkah 2 · Pelaksana')).toBeInTheDocument();
    expect(screen.getByText(/langkah 2 belum punya pelaksana$/)).toBeInTheDocument();

    const [put, validate] = requestsOf(fetchMock);
    expect(put?.method).toBe('PUT');
    expect(new URL(put?.url ?? '').pathname).toBe('/api/catalogue/versions/v1/document');
    const body = (await put?.json()) as SopDocument;
    expect(body.steps[1]).toMatchObject({
      waktu: { raw: '1-2 hari', category: 'numeric', min: 1, max: 2, unit: 'working_day' },
      output: 'Berkas SK',
      kelengkapan: 'Daftar gaji',
    });
    expect(body.steps[0]).toEqual((sop.versions[0]?.document as unknown as SopDocument).steps[0]);
    expect(new URL(validate?.url ?? '').pathname).toBe('/api/catalogue/versions/v1/validate');

    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    expect(publish).toBeEnabled();
  });

  it('refuses to publish a waktu it cannot read, and offers decision targets', () => {
    const sop = sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);
    mockFetch(() => jsonResponse({}));
    renderWithProviders(<DraftEditor sop={sop} />);
    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeEnabled();

    fireEvent.change(screen.getByLabelText('Waktu langkah 2'), { target: { value: 'secepatnya' } });
    expect(screen.getByText('Waktu langkah 2 tidak terbaca')).toBeInTheDocument();
    expect(screen.getByLabelText('Waktu langkah 2')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Waktu langkah 2'), { target: { value: '2 jam' } });

    fireEvent.change(screen.getByLabelText('Jenis langkah 3'), { target: { value: 'decision' } });
    const yes = screen.getByLabelText('Jika ya, langkah 3 lanjut ke');
    expect(yes).toHaveValue('4');
    fireEvent.change(yes, { target: { value: '' } });
    expect(
      screen.getByText('Keputusan di langkah 3 harus punya tujuan ya atau tidak'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Jika tidak, langkah 3 lanjut ke'), {
      target: { value: '2' },
    });
    expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeEnabled();
  });

  it('says why the API refused a save', async () => {
    const sop = sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);
    mockFetch(() => jsonResponse({ detail: "unit 'x' tidak dikenal", status_code: 400 }, 400));
    renderWithProviders(<DraftEditor sop={sop} />);
    fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent("Gagal: unit 'x' tidak dikenal");
    });
  });
});
