import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '@/testing/render';

import { ColumnPicker } from './column-picker';
import type { PerformerColumn } from './document';
import { mockEditorApi } from './editor-test-api';

function Harness({
  initial,
  onChange,
}: {
  initial: PerformerColumn;
  onChange: (column: PerformerColumn) => void;
}) {
  const [column, setColumn] = useState(initial);
  return (
    <ColumnPicker
      column={column}
      original={initial}
      onChange={(next) => {
        setColumn(next);
        onChange(next);
      }}
    />
  );
}

const unresolved: PerformerColumn = {
  key: 'kasubag',
  header: 'Kasubag',
  rule: { kind: 'unresolved' },
  provenance: 'missing',
};

describe('ColumnPicker', () => {
  it('starts from an unresolved column with its header and a hint, and links it to a named position, a post of the owning unit or an outside party', async () => {
    mockEditorApi();
    const onChange = vi.fn<(column: PerformerColumn) => void>();
    renderWithProviders(<Harness initial={unresolved} onChange={onChange} />);
    const group = screen.getByRole('group', { name: 'Kolom pelaksana “Kasubag”' });
    expect(group).toHaveAccessibleDescription(
      'Sekarang: tidak ditemukan di struktur organisasi asal data: tidak ada',
    );
    expect(within(group).getByText(/^Judul kolom di buku, “Kasubag”, tidak cocok/)).toBeInTheDocument();
    expect(within(group).getByRole('radio', { name: 'Belum ditautkan' })).toBeChecked();

    fireEvent.click(within(group).getByRole('radio', { name: 'Jabatan tertentu' }));
    const position = within(group).getByLabelText('Jabatan untuk kolom “Kasubag”');
    // Positions come grouped by their unit, the units in tree order.
    const umum = await within(position).findByRole('group', { name: /Sub Bagian Umum$/ });
    expect(within(umum).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Kepala Sub Bagian Umum',
      'Pengelola Kepegawaian',
    ]);
    expect(within(position).getByRole('group', { name: /Bidang Anggaran$/ })).toBeInTheDocument();
    fireEvent.change(position, { target: { value: 'kasubbag-umum' } });
    expect(onChange).toHaveBeenLastCalledWith({
      ...unresolved,
      rule: { kind: 'position', code: 'kasubbag-umum' },
      provenance: 'edited',
    });
    expect(group).toHaveAccessibleDescription('Sekarang: Kepala Sub Bagian Umum asal data: diubah');
    // The hint and the "not linked" choice go once the column is linked.
    expect(within(group).queryByRole('radio', { name: 'Belum ditautkan' })).not.toBeInTheDocument();

    fireEvent.click(within(group).getByRole('radio', { name: /^Jabatan di unit pemilik SOP/ }));
    fireEvent.change(within(group).getByLabelText('Jenis jabatan untuk kolom “Kasubag”'), {
      target: { value: 'kasubbag' },
    });
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        rule: { kind: 'position_of_unit', position_kind: 'kasubbag', unit: 'owning' },
      }),
    );
    expect(group).toHaveAccessibleDescription(
      'Sekarang: Kepala Sub Bagian di unit pemilik SOP asal data: diubah',
    );

    fireEvent.click(within(group).getByRole('radio', { name: 'Pihak luar' }));
    const party = within(group).getByLabelText('Pihak luar untuk kolom “Kasubag”');
    expect(party).toHaveValue('Kasubag');
    fireEvent.change(party, { target: { value: 'Pemohon' } });
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ rule: { kind: 'external', party: 'Pemohon' } }),
    );

    // Each choice remembers what it held.
    fireEvent.click(within(group).getByRole('radio', { name: 'Jabatan tertentu' }));
    expect(within(group).getByLabelText('Jabatan untuk kolom “Kasubag”')).toHaveValue(
      'kasubbag-umum',
    );
  });

  it('opens on the rule the importer proposed, and going back to it restores its provenance', async () => {
    mockEditorApi();
    const onChange = vi.fn<(column: PerformerColumn) => void>();
    const read: PerformerColumn = {
      key: 'staf',
      header: 'Pengelola',
      rule: { kind: 'position', code: 'pengelola', position_kind: null, unit: null, party: null },
      provenance: 'read',
    };
    renderWithProviders(<Harness initial={read} onChange={onChange} />);
    const group = screen.getByRole('group', { name: 'Kolom pelaksana “Pengelola”' });
    expect(within(group).getByRole('radio', { name: 'Jabatan tertentu' })).toBeChecked();
    const position = within(group).getByLabelText('Jabatan untuk kolom “Pengelola”');
    await within(position).findByRole('option', { name: 'Pengelola Kepegawaian' });
    expect(position).toHaveValue('pengelola');
    expect(group).toHaveAccessibleDescription('Sekarang: Pengelola Kepegawaian asal data: terbaca');

    fireEvent.change(position, { target: { value: 'kabid-a' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ provenance: 'edited' }));
    fireEvent.change(position, { target: { value: 'pengelola' } });
    expect(onChange).toHaveBeenLastCalledWith(read);
  });
});
