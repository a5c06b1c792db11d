import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { sampleSop } from '../editor/sample-document';
import { VersionDiff } from './version-diff';

const versions = [
  { id: 'v1', number: 1, status: 'retired' },
  { id: 'v2', number: 2, status: 'published' },
];

describe('VersionDiff', () => {
  it('compares the newest version with the one before, in words', async () => {
    const fetchMock = mockFetch(() =>
      jsonResponse([
        { path: 'steps[1].output', before: null, after: 'Berkas SK' },
        { path: 'steps[1].waktu.raw', before: '1 Jam', after: '1-2 hari' },
        { path: 'steps[1].waktu.unit', before: 'hour', after: 'working_day' },
      ]),
    );
    renderWithProviders(<VersionDiff sop={sampleSop(versions)} />);
    const toggle = screen.getByRole('button', { name: 'Bandingkan versi' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(screen.getByLabelText('Versi awal')).toHaveValue('v1');
    expect(screen.getByLabelText('Versi pembanding')).toHaveValue('v2');

    const table = await screen.findByRole('table');
    const row = within(table).getByRole('row', { name: /Langkah 2 · Waktu 1 Jam/ });
    expect(row).toHaveTextContent('1-2 hari');
    expect(within(table).getByRole('rowheader', { name: 'Langkah 2 · Output' })).toBeInTheDocument();
    expect(screen.getByText('3 perbedaan')).toBeInTheDocument();
    const url = new URL(requestsOf(fetchMock)[0]?.url ?? '');
    expect(url.pathname).toBe('/api/catalogue/diff');
    expect(url.searchParams.get('from')).toBe('v1');
    expect(url.searchParams.get('to')).toBe('v2');

    fireEvent.change(screen.getByLabelText('Versi awal'), { target: { value: 'v2' } });
    expect(screen.getByText('Pilih dua versi yang berbeda.')).toBeInTheDocument();
  });

  it('says so when the versions are identical', async () => {
    mockFetch(() => jsonResponse([]));
    renderWithProviders(<VersionDiff sop={sampleSop(versions)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Bandingkan versi' }));
    expect(await screen.findByText('Kedua versi sama persis')).toBeInTheDocument();
  });

  it('is not offered for an SOP with one version', () => {
    mockFetch(() => jsonResponse([]));
    renderWithProviders(<VersionDiff sop={sampleSop([{ id: 'v1', number: 1, status: 'draft' }])} />);
    expect(screen.queryByRole('button', { name: 'Bandingkan versi' })).not.toBeInTheDocument();
  });
});
