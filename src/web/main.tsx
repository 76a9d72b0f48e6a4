/**
 * @module Web entry
 * Mounts the Hoshin UI into #root: the sign-in screen, or the app once signed in.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root がありません');

createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
