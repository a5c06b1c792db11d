import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import type { SopDocument } from './document';
import { DraftEditor } from './draft-editor';
import { mockEditorApi, writes } from './editor-test-api';
import { sampleDocument, sampleSop } from './sample-document';

const draftSop = () => sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);

/** A PUT of the document answers with the version holding what was sent. */
async function echoSave(request: Request) {
  const body = (await request.clone().json()) as SopDocument;
  return jsonResponse({ ...draftSop().versions[0], document: body });
}

const isSave = (request: Request) =>
  request.method === 'PUT' && new URL(request.url).pathname.endsWith('/document');

/** The sample's "Kasubag" column is used by no step and linked to nothing: remove it. */
function dropUnusedColumn() {
  fireEvent.click(screen.getByRole('button', { name: 'Hapus kolom “Kasubag”' }));
}

describe('DraftEditor', () => {
  it('edits waktu, output and kelengkapan, saves the whole document, and shows the server’s findings beside the field', async () => {
    const sop = draftSop();
    const fetchMock = mockEditorApi((request) => {
      const { pathname } = new URL(request.url);
      if (pathname.endsWith('/validate')) {
        return jsonResponse({
          version_id: 'v1',
          valid: false,
          problems: [{ field: 'steps[1].performer', reason: 'langkah 2 belum punya pelaksana' }],
        });
      }
      if (isSave(request)) return echoSave(request);
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={sop} />);

    expect(screen.getByText('Status: Draf')).toBeInTheDocument();
    const publish = await screen.findByRole('button', { name: 'Terbitkan' });
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
    expect(screen.getByText(/ada perubahan yang belum disimpan/)).toBeInTheDocument();
    // A bare number from a "WAKTU (menit)" column keeps the unit the book's header gave it.
    expect(screen.getByLabelText('Waktu langkah 3')).toHaveAccessibleDescription(
      'Terbaca: 15 menit',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Validasi' }));
    expect(await screen.findByText('Langkah 2 · Pelaksana')).toBeInTheDocument();
    expect(screen.getByLabelText('Pelaksana langkah 2')).toHaveAccessibleDescription(
      'Server: langkah 2 belum punya pelaksana',
    );

    const [put, validate] = writes(requestsOf(fetchMock));
    expect(put?.method).toBe('PUT');
    expect(new URL(put?.url ?? '').pathname).toBe('/api/catalogue/versions/v1/document');
    const body = (await put?.json()) as SopDocument;
    expect(body.steps[1]).toMatchObject({
      waktu: { raw: '1-2 hari', category: 'numeric', min: 1, max: 2, unit: 'working_day' },
      output: 'Berkas SK',
      kelengkapan: 'Daftar gaji',
      provenance: { waktu: 'edited', output: 'edited', kelengkapan: 'edited' },
    });
    expect(body.steps[0]).toEqual(sampleDocument().steps[0]);
    expect(new URL(validate?.url ?? '').pathname).toBe('/api/catalogue/versions/v1/validate');
    expect(screen.queryByText(/ada perubahan yang belum disimpan/)).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    // The findings were for the saved edits; a later edit hides them.
    expect(screen.queryByText('Langkah 2 · Pelaksana')).not.toBeInTheDocument();
    expect(publish).toBeDisabled();
    expect(screen.getByText('Kolom pelaksana “Kasubag” belum ditautkan ke jabatan')).toBeInTheDocument();
    dropUnusedColumn();
    await waitFor(() => {
      expect(publish).toBeEnabled();
    });
  });

  it('refuses to publish a waktu it cannot read, and offers decision targets', async () => {
    mockEditorApi();
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    dropUnusedColumn();
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeEnabled();
    });

    fireEvent.change(screen.getByLabelText('Waktu langkah 2'), { target: { value: 'secepatnya' } });
    expect(screen.getByText('Waktu langkah 2 tidak terbaca')).toBeInTheDocument();
    expect(screen.getByLabelText('Waktu langkah 2')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Waktu langkah 2'), { target: { value: '2 jam' } });

    fireEvent.change(screen.getByLabelText('Jenis langkah 3'), { target: { value: 'decision' } });
    const yes = screen.getByLabelText('Jika ya, langkah 3 lanjut ke');
    expect(yes).toHaveValue('4');
    expect(within(yes).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Langkah 1 – Kegiatan 1',
      'Langkah 2 – Kegiatan 2',
      'Langkah 4 – Kegiatan 4',
      'Selesai (SOP berakhir)',
    ]);
    fireEvent.change(yes, { target: { value: '' } });
    expect(
      screen.getByText('Keputusan di langkah 3 harus punya tujuan ya atau tidak'),
    ).toBeInTheDocument();
    // Going back to step 2 on "tidak" only: step 4 is then never reached.
    fireEvent.change(screen.getByLabelText('Jika tidak, langkah 3 lanjut ke'), {
      target: { value: '2' },
    });
    expect(screen.getByText('Langkah 4 tidak pernah dicapai')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Jika tidak, langkah 3 lanjut ke'), {
      target: { value: '4' },
    });
    expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeEnabled();
  });

  it('adds, reorders and removes steps, refusing to remove a decision’s target until it is re-pointed', async () => {
    const fetchMock = mockEditorApi((request) => (isSave(request) ? echoSave(request) : undefined));
    renderWithProviders(<DraftEditor sop={draftSop()} />);

    // Step 2 becomes a decision: ya → step 3 (the next), tidak → step 4.
    fireEvent.change(screen.getByLabelText('Jenis langkah 2'), { target: { value: 'decision' } });
    fireEvent.change(screen.getByLabelText('Jika tidak, langkah 2 lanjut ke'), {
      target: { value: '4' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Hapus langkah 3' }));
    const blocked = screen.getByRole('alert');
    expect(blocked).toHaveTextContent(
      'Langkah 3 tidak dapat dihapus: keputusan di langkah 2 mengarah ke langkah ini.',
    );
    expect(screen.getByLabelText('Kegiatan langkah 3')).toHaveValue('Kegiatan 3');
    fireEvent.click(
      within(blocked).getByRole('button', { name: 'Alihkan keputusan itu ke langkah 4, lalu hapus' }),
    );
    expect(screen.getByLabelText('Kegiatan langkah 3')).toHaveValue('Kegiatan 4');
    const yes = screen.getByLabelText('Jika ya, langkah 2 lanjut ke');
    expect(yes).toHaveValue('4');
    expect(yes).toHaveDisplayValue('Langkah 3 – Kegiatan 4');
    expect(screen.getByText('Langkah 3 dihapus.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Tambah langkah sesudah langkah 1' }));
    const added = screen.getByLabelText('Kegiatan langkah 2');
    expect(added).toHaveValue('');
    expect(added).toHaveFocus();
    fireEvent.change(added, { target: { value: 'Mencatat surat' } });
    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turunkan langkah 2' }));
    expect(screen.getByLabelText('Kegiatan langkah 3')).toHaveValue('Mencatat surat');
    expect(screen.getByRole('button', { name: 'Turunkan langkah 3' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Naikkan langkah 1' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Turunkan langkah 4' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Tambah langkah di akhir' }));
    expect(screen.getByLabelText('Kegiatan langkah 5')).toHaveFocus();
    expect(screen.getByText('Kegiatan langkah 5 harus diisi')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Hapus langkah 5' }));

    fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));
    expect(await screen.findByText('Draf tersimpan')).toBeInTheDocument();
    const [put] = writes(requestsOf(fetchMock));
    const body = (await put?.json()) as SopDocument;
    expect(body.steps.map((s) => [s.position, s.number, s.kind])).toEqual([
      [1, '1', 'start'],
      [2, '2', 'decision'],
      [5, '3', 'process'],
      [4, '4', 'end'],
    ]);
    expect(body.steps[1]?.decision).toMatchObject({ yes_target: 4, no_target: 4 });
    expect(body.steps[2]).toMatchObject({
      activity: 'Mencatat surat',
      performer: 'staf',
      provenance: { activity: 'edited', performer: 'edited' },
    });
  });

  it('chooses the owning unit by name from the org tree and stores its code', async () => {
    const fetchMock = mockEditorApi((request) => (isSave(request) ? echoSave(request) : undefined));
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    const unit = screen.getByLabelText('Unit pemilik SOP');
    await within(unit).findByRole('option', { name: /Bidang Anggaran$/ });
    expect(unit).toHaveValue('sub-bagian-umum');
    expect(unit).toHaveAccessibleDescription('Di buku: SUB BAGIAN UMUM');
    expect(within(unit).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '— pilih unit —',
      'Dinas Pendidikan',
      '\u00a0\u00a0\u00a0Sekretariat',
      '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Sub Bagian Umum',
      '\u00a0\u00a0\u00a0Bidang Anggaran',
    ]);
    fireEvent.change(unit, { target: { value: 'bidang-a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));
    await screen.findByText('Draf tersimpan');
    const body = (await writes(requestsOf(fetchMock))[0]?.json()) as SopDocument;
    expect(body.unit).toMatchObject({ unit_code: 'bidang-a', unit_code_provenance: 'edited' });
  });

  it('says why the API refused a save, beside the field it names', async () => {
    mockEditorApi((request) =>
      isSave(request)
        ? jsonResponse(
            { detail: "unit 'x' tidak dikenal", status_code: 422, field: 'unit.unit_code' },
            422,
          )
        : undefined,
    );
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent("Gagal: unit 'x' tidak dikenal");
    });
    expect(screen.getByLabelText('Unit pemilik SOP')).toHaveAccessibleDescription(
      "Di buku: SUB BAGIAN UMUM Server: unit 'x' tidak dikenal",
    );
  });

  it('shows import warnings beside the step, column and unit they concern', () => {
    const doc = sampleDocument();
    doc.warnings = [
      "Langkah 3: waktu 'x' tidak dapat dibaca; langkah ini tidak diberi batas waktu.",
      "Kolom pelaksana 'Kasubag' tidak cocok dengan jabatan mana pun di struktur organisasi.",
      '3 dari 4 langkah tidak memiliki pelaksana yang terbaca',
    ];
    mockEditorApi();
    renderWithProviders(
      <DraftEditor sop={sampleSop([{ id: 'v1', number: 1, status: 'draft', document: doc }])} />,
    );
    const step3 = screen.getByRole('group', { name: 'Langkah 3' });
    expect(within(step3).getByText(/^Langkah 3: waktu 'x'/)).toBeInTheDocument();
    const column = screen.getByRole('group', { name: 'Kolom pelaksana “Kasubag”' });
    expect(within(column).getByText(/^Kolom pelaksana 'Kasubag' tidak cocok/)).toBeInTheDocument();
    expect(screen.getByText('Catatan impor untuk SOP ini (1)')).toBeInTheDocument();
    expect(screen.getByText(/^3 dari 4 langkah/)).toBeInTheDocument();
  });
});
