/** Where the pengesahan (approval) flow plugs into the draft editor, beside "Terbitkan".
 *
 * The approval feature (features/catalogue/approval/) wires "Ajukan pengesahan" in here:
 * render its button with these props, e.g.
 *
 *   import { SubmitForApproval } from '../approval/submit-for-approval';
 *   export const ApprovalSlot = (props: ApprovalSlotProps) => <SubmitForApproval {...props} />;
 *
 * `saveFirst` saves the editor's unsaved changes (it throws, with the API's field-named
 * error, when the save is refused); `onDone` shows a message and refreshes the SOP (the
 * draft becomes status "submitted", shown as "Menunggu pengesahan"); `onError` shows a
 * refusal beside the field it names. */

import type { ReactNode } from 'react';

import type { VersionOut } from '@/api/generated';

import { SubmitForApproval } from '../approval/submit-for-approval';

export interface ApprovalSlotProps {
  sopId: string;
  version: VersionOut;
  /** Local checks block submitting as they block publishing. */
  disabled: boolean;
  saveFirst: () => Promise<void>;
  onDone: (message: string) => void;
  onError: (error: unknown) => void;
}

export const ApprovalSlot: (props: ApprovalSlotProps) => ReactNode = (props) => (
  <SubmitForApproval {...props} />
);
