// PLACEHOLDER written by the web helper; the "demo" helper owns this file and
// replaces it with the real fund-flow view. Contract:
//   mountFlowView(container, {call, t, fmt, onLeads})
import { h, clear } from './dom.js';

export function mountFlowView(container, { t }) {
  clear(container);
  container.append(h('p', { class: 'hint' }, t('flow.placeholder')));
  return { refresh() {}, destroy() { clear(container); } };
}
