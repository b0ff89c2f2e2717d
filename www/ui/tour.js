// A short first-visit tour: five cards, dismissable, remembered.
import { t } from '../i18n.js';

const KEY = 'xiansuo.tour.done';
const STEPS = 5;

export function initTour({ box, title, text, next, skip, openButton }) {
  let step = 1;
  const show = () => {
    title.textContent = t(`tour.${step}.h`);
    text.textContent = t(`tour.${step}.p`);
    next.textContent = step === STEPS ? t('tour.done') : t('tour.next');
  };
  const close = () => {
    box.hidden = true;
    try { localStorage.setItem(KEY, '1'); } catch { /* not remembered in private mode */ }
    openButton.focus();
  };
  const open = () => { step = 1; show(); box.hidden = false; next.focus(); };
  next.addEventListener('click', () => { if (step === STEPS) close(); else { step += 1; show(); } });
  skip.addEventListener('click', close);
  box.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  openButton.addEventListener('click', open);
  let done = false;
  try { done = localStorage.getItem(KEY) === '1'; } catch { /* treat as first visit */ }
  if (!done) open();
  return { refresh: () => { if (!box.hidden) show(); } };
}
