import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createClient } from './platform/client';
import { applyStoredTheme } from './platform/theme';
import { createAppStore } from './store';
import './styles/theme.css';
import './styles/app.css';
import './styles/stats.css';
import './styles/console.css';

applyStoredTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App client={createClient()} store={createAppStore()} />
  </StrictMode>,
);
