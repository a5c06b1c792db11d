// What the dashboard (in the app's first bundle) takes from this feature; the rest of it
// (index.ts) loads with the case pages.
export { WorkPanels } from './components/dashboard-page';
