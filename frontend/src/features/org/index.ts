export { OrgPage } from './components/org-page';
export { PendingAppointments } from './components/appointment-requests';
