import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { textsReady } from './i18n';
import './styles.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
function render(): void {
  createRoot(root!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The reader's texts come first (their own chunk), so no page shows a text's key; should that
// chunk fail, the app still starts rather than stay blank.
void textsReady.then(render, render);
