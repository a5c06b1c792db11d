export { CataloguePage } from './components/catalogue-page';
export { SopView } from './components/sop-view';
export { ReadinessBoard } from './readiness/readiness-board';
export { PendingApprovals } from './approval/pending-approvals';
