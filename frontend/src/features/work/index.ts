export { CasePage } from './components/case-page';
export { WorkPanels } from './components/dashboard-page';
export { SlaBadge } from './components/sla-badge';
