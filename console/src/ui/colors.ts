// Status colours with at least 4.5:1 contrast against white text (WCAG AA), checked by axe in
// the browser tests; Mantine's green.9 (#2b8a3e) gives 4.36.
export const OK = "#1f6b33";
export const BAD = "#b02525";
export const WARN = "#9a3b05";
