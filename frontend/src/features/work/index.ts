export { CasePage } from './components/case-page';
export { WorkPanels } from './components/dashboard-page';
export { CaseListPage } from './cases/case-list-page';
