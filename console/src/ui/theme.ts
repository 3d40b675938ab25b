// Japanese-first fonts, and colours dark enough for WCAG AA contrast on white.
import { Badge, createTheme } from "@mantine/core";

export const theme = createTheme({
  fontFamily:
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "IPAPGothic", "IPAGothic", "Yu Gothic", Meiryo, system-ui, sans-serif',
  primaryColor: "indigo",
  primaryShade: 8,
  defaultRadius: "sm",
  // No transitions for people who asked their system for less motion.
  respectReducedMotion: true,
  components: {
    // A status badge is short: shown whole, never cut to "提供…" by a narrow table column.
    Badge: Badge.extend({ styles: { label: { overflow: "visible" } } }),
  },
});
