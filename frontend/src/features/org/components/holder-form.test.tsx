import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { HolderForm } from './holder-form';

const NEWCOMER = {
  id: 'u-new', nip: '198501012010011009', name: 'Budi Santoso', email: '', roles: [],
  granted_roles: [], active: true, awaiting_sign_in: true,
};

describe('HolderForm: a person added by NIP', () => {
  it('adds someone who never signed in and chooses them for the appointment', async () => {
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/users' && request.method === 'POST') return jsonResponse(NEWCOMER, 201);
      if (pathname === '/api/users') return jsonResponse({ items: [], total: 0, limit: 20, offset: 0 });
      return jsonResponse({ detail: 'Not Found' }, 404);
    });
    renderWithProviders(<HolderForm positionId="p1" positionTitle="Kasubbag Umum" onDone={() => {}} />);
    await userEvent.click(screen.getByText('Belum terdaftar di Alur? Tambah dengan NIP'));
    await userEvent.type(screen.getByLabelText('NIP'), NEWCOMER.nip);
    await userEvent.type(screen.getByLabelText('Nama lengkap'), NEWCOMER.name);
    await userEvent.click(screen.getByRole('button', { name: 'Tambah pegawai' }));
    await screen.findByText('Budi Santoso ditambahkan dan dipilih; simpan penetapan jabatannya.');
    await waitFor(() => {
      expect(screen.getByLabelText('Pegawai')).toHaveValue('u-new');
    });
    const posted = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(await posted?.json()).toEqual({ nip: NEWCOMER.nip, name: NEWCOMER.name });
  });

  it('shows the server\u2019s reason when the NIP is refused', async () => {
    mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/users' && request.method === 'POST') {
        return jsonResponse({ status_code: 422, detail: 'NIP harus 18 angka', field: 'nip' }, 422);
      }
      return jsonResponse({ items: [], total: 0, limit: 20, offset: 0 });
    });
    renderWithProviders(<HolderForm positionId="p1" positionTitle="Kasubbag Umum" onDone={() => {}} />);
    await userEvent.click(screen.getByText('Belum terdaftar di Alur? Tambah dengan NIP'));
    await userEvent.type(screen.getByLabelText('NIP'), '123');
    await userEvent.type(screen.getByLabelText('Nama lengkap'), 'Budi');
    await userEvent.click(screen.getByRole('button', { name: 'Tambah pegawai' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('NIP harus 18 angka');
    expect(screen.getByLabelText('NIP')).toHaveAttribute('aria-invalid', 'true');
  });
});
