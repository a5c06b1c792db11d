export { CataloguePage } from './components/catalogue-page';
export { SopView } from './components/sop-view';
