// What the dashboard (in the app's first bundle) takes from this feature; the rest of it
// (index.ts) loads with the catalogue's pages.
export { PendingApprovals } from './approval/pending-approvals';
