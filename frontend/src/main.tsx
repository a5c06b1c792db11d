import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from '@/app';
import { configureApiClient } from '@/lib/api-client';

import './index.css';

configureApiClient();

// A page's chunk of an earlier build is gone after a deployment (the server answers 404 for
// it): load the page again, which brings the current index.html and its chunks.
window.addEventListener('vite:preloadError', (event) => {
  event.preventDefault();
  window.location.reload();
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
