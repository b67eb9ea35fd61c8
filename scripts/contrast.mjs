// WCAG contrast ratios of the colour pairs style/main.css uses (text on its background, and the
// focus ring and control borders on what they sit on), in the normal palette and in high
// contrast. Prints each ratio and fails (exit 1) if one is below its minimum: normal 4.5:1 for
// text (AA), high contrast 7:1 (AAA); 3:1 for UI components in both.
// Run: node scripts/contrast.mjs   (keep the list in step with the palette in style/main.css)

/** [what, foreground, background, minimum]. For a gradient, the lighter stop under light text. */
const PAIRS = [
  ['page text on the room', '#1b2430', '#eef1f5', 4.5],
  ['muted text on a panel', '#4d5a6a', '#ffffff', 4.5],
  ['muted text on the room', '#4d5a6a', '#eef1f5', 4.5],
  ['muted time on an email', '#4d5a6a', '#eef4fb', 4.5],
  ['muted time on a phone message', '#4d5a6a', '#e3f6e8', 4.5],
  ['screen text on the screen (dark)', '#e8f3ff', '#0b2a4a', 4.5],
  ['screen text on the screen (light)', '#e8f3ff', '#16416e', 4.5],
  ['refusal on the screen', '#ffd166', '#16416e', 4.5],
  ['typed digits on the screen', '#7fd1ff', '#16416e', 4.5],
  ['clock heading on the header', '#c7d2e0', '#1b2430', 4.5],
  ['clock button text', '#ffffff', '#2b3748', 4.5],
  ['clock button border on the header', '#8393a8', '#1b2430', 3],
  ['soft key label (top)', '#1b2430', '#f6f7f9', 4.5],
  ['soft key label (bottom)', '#1b2430', '#c9d0d9', 4.5],
  ['digit key', '#ffffff', '#4b5563', 4.5],
  ['Cancel key', '#ffffff', '#d32f2f', 4.5],
  ['Clear key', '#111111', '#ffd54f', 4.5],
  ['Enter key', '#ffffff', '#2e7d32', 4.5],
  ['slot label on the deck', '#2d343e', '#aeb7c2', 4.5],
  ['slot label on the dispenser', '#2d343e', '#9aa4b1', 4.5],
  ['Take / Start buttons', '#ffffff', '#0a5fb4', 4.5],
  ['bank name on the topper', '#ffffff', '#0d6fd0', 4.5],
  ['$20 note', '#173d12', '#9fcf94', 4.5],
  ['$50 note', '#4a3000', '#dcb877', 4.5],
  ['receipt', '#1b2430', '#fffdf5', 4.5],
  ['wallet card text', '#ffffff', '#1d4f91', 4.5],
  ['wallet: card in use', '#8a4b00', '#ffffff', 4.5],
  ['memory-store notice', '#5a4300', '#fff4d6', 4.5],
  ['session countdown on the bezel', '#c7d2e0', '#1d232b', 4.5],
  ['focus ring (amber) on the header', '#ffbf00', '#1b2430', 3],
  ['focus ring (amber) on the screen bezel', '#ffbf00', '#1d232b', 3],
  ['focus halo (dark) on the room', '#111820', '#eef1f5', 3],
  ['focus halo (dark) on a panel', '#111820', '#ffffff', 3],
  ['focus halo (dark) on the steel', '#111820', '#aab3bf', 3],
  ['coach ring (dark) on the steel', '#6a0032', '#aab3bf', 3],
  ['coach ring (dark) on a panel', '#6a0032', '#ffffff', 3],
  ['coach ring (dark) on the room', '#6a0032', '#eef1f5', 3],
  ['coach halo (light) on the screen bezel', '#ff9ccb', '#1d232b', 3],
  ['coach halo (light) on the screen', '#ff9ccb', '#0b2a4a', 3],
  ['coach ring (dark) on its halo', '#6a0032', '#ff9ccb', 3],
  ['Show me (pressed) on a panel', '#0a5fb4', '#ffffff', 4.5],
  ['sticky note', '#1b2430', '#fff3a8', 4.5],
];

/**
 * High contrast (`html.high-contrast` in style/main.css): every text at least 7:1 (WCAG AAA),
 * borders and the focus ring at least 3:1. The e2e suite also runs axe's enhanced-contrast rule
 * on the rendered pages in this mode (tests/e2e/axe.spec.mjs).
 */
const HIGH_CONTRAST_PAIRS = [
  ['text on black', '#ffffff', '#000000', 7],
  ['refusal, typed digits, busy, links on black', '#ffff00', '#000000', 7],
  ['a pressed toggle: black on yellow', '#000000', '#ffff00', 7],
  ['borders on black', '#ffffff', '#000000', 3],
  ['Cancel key border on black', '#ff6b6b', '#000000', 3],
  ['Clear key border on black', '#ffff00', '#000000', 3],
  ['Enter key border on black', '#5cff5c', '#000000', 3],
  ['focus ring (yellow) on black', '#ffff00', '#000000', 3],
  ['coach ring (yellow) on black', '#ffff00', '#000000', 3],
];

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const channel = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex) => {
  const [r, g, b] = rgb(hex).map(channel);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

let failed = 0;
for (const [mode, pairs, level] of [['normal', PAIRS, 'AA'], ['high contrast', HIGH_CONTRAST_PAIRS, 'AAA']]) {
  console.log(`${mode} (${level}):`);
  for (const [what, fg, bg, min] of pairs) {
    const r = ratio(fg, bg);
    if (r < min) failed++;
    console.log(`${r >= min ? 'ok  ' : 'FAIL'} ${r.toFixed(2).padStart(5)}:1 (min ${min}:1)  ${what}  ${fg} on ${bg}`);
  }
}
const total = PAIRS.length + HIGH_CONTRAST_PAIRS.length;
console.log(failed ? `${failed} pair(s) below their minimum` : `all ${total} pairs meet theirs (normal AA, high contrast 7:1)`);
process.exit(failed ? 1 : 0);
