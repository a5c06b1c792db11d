import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import type { SopDocument } from './document';
import { DraftEditor } from './draft-editor';
import { mockEditorApi, writes } from './editor-test-api';
import { sampleDocument, sampleSop } from './sample-document';

const draftSop = () => sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);
const version = (document: SopDocument) => ({ ...draftSop().versions[0], document });
const path = (request: Request | undefined) => new URL(request?.url ?? 'http://x/').pathname;

const SUGGESTIONS = {
  version_id: 'v1',
  document_hash: 'h',
  suggestions: [
    {
      position: 2,
      column: 'staf',
      header: 'Pengelola',
      confidence: 0.874,
      reasons: ['langkah sebelum dan sesudahnya dikerjakan Pengelola'],
    },
  ],
};

function accepted(): SopDocument {
  const doc = sampleDocument();
  doc.steps = doc.steps.map((s) =>
    s.position === 2
      ? { ...s, performer: 'staf', provenance: { ...s.provenance, performer: 'suggested' } }
      : s,
  );
  return doc;
}

describe('DraftEditor suggestions', () => {
  it('shows a step’s suggested performer with its confidence and reasons, and takes it', async () => {
    const fetchMock = mockEditorApi(async (request) => {
      if (path(request).endsWith('/suggestions')) return jsonResponse(SUGGESTIONS);
      if (request.method === 'PUT') {
        return jsonResponse(version((await request.clone().json()) as SopDocument));
      }
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    expect(await screen.findByText('Saran: Pengelola (keyakinan 87%)')).toBeInTheDocument();
    const reason = screen.getByText('langkah sebelum dan sesudahnya dikerjakan Pengelola');
    expect(reason).not.toBeVisible();
    fireEvent.click(screen.getByText('Alasan saran untuk langkah 2'));
    expect(reason).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: 'Terima saran untuk langkah 2' }));
    expect(screen.getByLabelText('Pelaksana langkah 2')).toHaveValue('staf');
    expect(screen.queryByText('Saran: Pengelola (keyakinan 87%)')).not.toBeInTheDocument();
    const step = screen.getByRole('group', { name: 'Langkah 2' });
    expect(within(step).getByText('disarankan')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));
    await screen.findByText('Draf tersimpan');
    const body = (await writes(requestsOf(fetchMock))[0]?.json()) as SopDocument;
    expect(body.steps[1]).toMatchObject({
      performer: 'staf',
      provenance: { performer: 'suggested' },
    });
  });

  it('accepts every suggestion through the API and shows the refreshed draft', async () => {
    const fetchMock = mockEditorApi((request) => {
      if (path(request).endsWith('/suggestions')) return jsonResponse(SUGGESTIONS);
      if (path(request).endsWith('/accept-suggestions')) return jsonResponse(version(accepted()));
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Terima semua saran' }));
    expect(await screen.findByText('Saran diterima untuk 1 langkah.')).toBeInTheDocument();
    expect(screen.getByLabelText('Pelaksana langkah 2')).toHaveValue('staf');
    const [post] = writes(requestsOf(fetchMock));
    expect(path(post)).toBe('/api/catalogue/versions/v1/accept-suggestions');
    expect(await post?.json()).toEqual({});
  });

  it('asks to save unsaved changes before accepting every suggestion', async () => {
    const fetchMock = mockEditorApi(async (request) => {
      if (path(request).endsWith('/suggestions')) return jsonResponse(SUGGESTIONS);
      if (path(request).endsWith('/accept-suggestions')) return jsonResponse(version(accepted()));
      if (request.method === 'PUT') {
        return jsonResponse(version((await request.clone().json()) as SopDocument));
      }
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    fireEvent.change(screen.getByLabelText('Output langkah 3'), { target: { value: 'Memo' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Terima semua saran' }));
    const ask = screen.getByRole('group', {
      name: 'Ada perubahan yang belum disimpan. Simpan dulu, lalu terima semua saran?',
    });
    expect(within(ask).getByRole('button', { name: 'Batal' })).toHaveFocus();
    expect(writes(requestsOf(fetchMock))).toEqual([]);
    fireEvent.click(within(ask).getByRole('button', { name: 'Simpan lalu terima' }));
    await screen.findByText('Saran diterima untuk 1 langkah.');
    const [put, post] = writes(requestsOf(fetchMock));
    expect(put?.method).toBe('PUT');
    expect(((await put?.json()) as SopDocument).steps[2]?.output).toBe('Memo');
    expect(path(post)).toBe('/api/catalogue/versions/v1/accept-suggestions');
  });
});

describe('DraftEditor publishing', () => {
  function makePublishable() {
    fireEvent.change(screen.getByLabelText('Pelaksana langkah 2'), { target: { value: 'staf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Hapus kolom “Kasubag”' }));
  }

  it('asks for confirmation in a dialog, then saves, publishes and says so', async () => {
    const fetchMock = mockEditorApi(async (request) => {
      if (path(request).endsWith('/publish')) {
        return jsonResponse({ version_id: 'v1', valid: true, problems: [] });
      }
      if (request.method === 'PUT') {
        return jsonResponse(version((await request.clone().json()) as SopDocument));
      }
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    makePublishable();
    const publish = await screen.findByRole('button', { name: 'Terbitkan' });
    await waitFor(() => {
      expect(publish).toBeEnabled();
    });

    fireEvent.click(publish);
    let dialog = screen.getByRole('alertdialog', { name: 'Terbitkan versi 1?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/versi yang berlaku sekarang dipensiunkan/);
    expect(within(dialog).getByRole('button', { name: 'Batal' })).toHaveFocus();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(publish).toHaveFocus();
    expect(writes(requestsOf(fetchMock))).toEqual([]);

    fireEvent.click(publish);
    dialog = screen.getByRole('alertdialog', { name: 'Terbitkan versi 1?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ya, terbitkan' }));
    expect(
      await screen.findByText('Versi 1 diterbitkan dan kini berlaku untuk kasus baru.'),
    ).toBeInTheDocument();
    const [put, post] = writes(requestsOf(fetchMock));
    expect(put?.method).toBe('PUT');
    expect(path(post)).toBe('/api/catalogue/versions/v1/publish');
  });

  it('shows a refused publication with the field it names, beside that field', async () => {
    mockEditorApi(async (request) => {
      if (path(request).endsWith('/publish')) {
        return jsonResponse(
          {
            status_code: 422,
            detail: "SOP belum valid: jabatan 'pengelola' tidak ada di struktur",
            field: 'performers[staf]',
          },
          422,
        );
      }
      if (request.method === 'PUT') {
        return jsonResponse(version((await request.clone().json()) as SopDocument));
      }
      return undefined;
    });
    renderWithProviders(<DraftEditor sop={draftSop()} />);
    makePublishable();
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Terbitkan' })).toBeEnabled();
    });
    fireEvent.click(screen.getByRole('button', { name: 'Terbitkan' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ya, terbitkan' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Gagal: SOP belum valid: jabatan 'pengelola' tidak ada di struktur (Pelaksana 'Pengelola')",
    );
    const column = screen.getByRole('group', { name: 'Kolom pelaksana “Pengelola”' });
    expect(
      within(column).getByText("Server: SOP belum valid: jabatan 'pengelola' tidak ada di struktur"),
    ).toBeInTheDocument();
    expect(column).toHaveAttribute('aria-invalid', 'true');
  });

  it('names a version awaiting approval in Indonesian and offers no second draft', () => {
    mockEditorApi();
    renderWithProviders(
      <DraftEditor sop={sampleSop([{ id: 'v2', number: 2, status: 'submitted' }])} />,
    );
    expect(screen.getByText(/^Versi 2: Menunggu pengesahan\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Buat draf dari versi terbit' })).toBeNull();
  });
});
