// Builds the compliance console into dist/console (gitignored); the gateway serves it at /console.
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/console/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/console", import.meta.url)),
    emptyOutDir: true,
    // Mantine and recharts make one large chunk; the console is an internal tool on a LAN.
    chunkSizeWarningLimit: 2000,
  },
});
